"""Screens of the enforcement case's people: officers (执法人员), legal reviewers (法制审核人员)
and agency heads (机关负责人) — issue 14, point 2 (ADR 0006).

* ``cases``: the officer's home (``/cases``), opening a case, the case page;
* ``steps``: recording a step with its evidence (drop zone with progress, or a plain file
  input that streams with the form: ``multipart.py``);
* ``drafts``: a draft, whether it is major and why, the gate's state, sending it to review;
* ``reviews``: the reviewer's queue (``/reviews``) and the opinion on one draft, with what
  changed since the previous draft (``diff.py``);
* ``decisions``: the head's queue (``/decisions``), the gate up front, the heads' collective
  discussion, the decision — and a blocked attempt shown as recorded (R-LR-8).

Every page calls the service its API route calls, with the signed-in person's principal, and
checks forms with the route's own model (``forms.py``): one authorization path.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.web import nav
from api.web.enforcement import cases, decisions, drafts, reviews, steps
from domain.records.actors import Role

router = APIRouter(include_in_schema=False)
for module in (cases, steps, drafts, reviews, decisions):
    router.include_router(module.router)

RAW_BODY_PATHS = frozenset({steps.STEP_PATH})
"""The step form streams its files (``multipart.py``): its body is not read ahead."""

nav.entry("/cases", "我的案件", Role.OFFICER, order=10)
nav.entry("/reviews", "法制审核", Role.LEGAL_REVIEWER, order=11)
nav.entry("/decisions", "待决定", Role.AGENCY_HEAD, order=12)
