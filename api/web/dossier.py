"""The dossier (案卷): a case printed as a PDF that carries its own court bundle.

:func:`make_dossier` reads the case exactly as ``GET /v1/cases/{id}`` does
(``CaseService.readable``: the same authorization, a court's or oversight's read recorded with
its reason), builds the case's court bundle (``infra.bundle``), prints from the bundle's own
bytes the timeline (:mod:`api.web.timeline`) and, on a verification page, the checkpoint the
bundle rests on, the witnesses that cosigned it and the SHA-256 of the bundle file, which is
embedded in the PDF (``case-<id>-bundle.json``, ``pdfdetach``) so that the dossier and the
bundle it names can never part. The export is recorded in the case's access stream with that
SHA-256, as ``GET /v1/cases/{id}/bundle`` records its own.

The PDF is rendered by WeasyPrint from ``templates/dossier.html`` with Debian's Noto CJK fonts
(embedded, subset) and nothing fetched from anywhere: :class:`LocalOnlyFetcher` refuses every
URL but ``data:`` and files under the templates folder, and a refused one fails the render.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname
from uuid import UUID

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

from api.web.directory import (
    Directory,
    EvidenceItem,
    Person,
    beijing,
    size_text,
    term,
    yuan,
)
from api.web.event_details import review_item_label
from api.web.timeline import TimelineEntry, bundle_timeline
from domain.proof.bundle import verify_bundle
from domain.proof.checkpoint import (
    NoteError,
    WitnessKey,
    format_witness_vkey,
    parse_checkpoint,
    verify_note,
)
from domain.proof.note import VerifierKey, parse_vkey
from domain.records.enforcement.vocabulary import REVIEW_ITEM_LABELS
from domain.records.errors import ChainConflict, InvalidInput
from domain.records.text import visible
from infra.bundle import build_case_bundle

if TYPE_CHECKING:
    from infra.application import Jianzheng
    from infra.principal import Principal

TEMPLATES = Path(__file__).resolve().parent / "templates"

STAGE_LABELS = {"open": "办理中", "decided": "已作出决定", "closed": "已结案"}
REVIEW_STATUS_LABELS = {
    "none": "未送审",
    "pending": "审核中",
    "passed": "审核通过",
    "rejected": "审核未通过",
    "stale": "已失效(其后记录了新的环节)",
}
STREAM_KIND_LABELS = {
    "enforcement": "案件",
    "catalogue": "重大执法决定基准目录",
    "agency_catalogue": "本机关法制审核目录",
    "actors": "人员",
    "evidence": "证据材料",
}


_REVIEW_ORDER = {name: i for i, name in enumerate(REVIEW_ITEM_LABELS)}
"""The review contents in the law's order (T74's six, then 国办发〔2018〕118号's four)."""


class ExternalResourceRefused(RuntimeError):
    """The dossier's HTML named a resource outside its templates (never expected)."""


class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """WeasyPrint's fetcher, refusing everything but ``data:`` URLs and files under ``root``.

    A refused URL is remembered; :func:`render_pdf` then fails, so a dossier never silently
    lacks a part, and nothing ever leaves the machine (intranets have no route out).
    """

    def __init__(self, root: Path = TEMPLATES) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """Fetch a local URL; refuse (and remember) any other."""
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_relative_to(self.root):
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"the dossier fetches nothing from outside its templates: {url}")


def render_pdf(html: str, attachments: Sequence[tuple[str, str, bytes]] = ()) -> bytes:
    """The PDF of ``html``, with ``attachments`` (name, description, bytes) embedded."""
    fetcher = LocalOnlyFetcher()
    files = [
        Attachment(string=data, name=name, description=about, url_fetcher=fetcher)
        for name, about, data in attachments
    ]
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES) + "/", url_fetcher=fetcher).write_pdf(
        attachments=files
    )
    if fetcher.refused:
        raise ExternalResourceRefused(
            f"the dossier named resources it may not fetch: {fetcher.refused}"
        )
    return pdf


_ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters.update(
    label=lambda code, vocabulary: term(vocabulary, code), yuan=yuan, size=size_text
)


@dataclass(frozen=True)
class Witnessed:
    """A cosignature on the checkpoint, verified against a witness key on record."""

    name: str
    key_id: str
    vkey: str
    at: str
    """When the witness cosigned, Beijing time."""


@dataclass(frozen=True)
class Verification:
    """What the verification page prints."""

    origin: str
    tree_size: int
    root_hex: str
    root_base64: str
    log_keys: tuple[str, ...]
    witnesses: tuple[Witnessed, ...]
    other_signatures: tuple[str, ...]
    """Signature lines by keys the deployment does not know (named, not verified)."""
    bundle_name: str
    bundle_sha256: str
    bundle_size: int
    streams: tuple[tuple[str, str, str, int], ...]
    """(kind label, what it is, stream id, events) of each stream the bundle carries."""
    events: int
    self_check: str
    """What verifying the bundle with the log's key said when the dossier was made."""


@dataclass(frozen=True)
class Dossier:
    """A rendered dossier and the bundle it embeds."""

    pdf: bytes
    bundle: bytes
    bundle_sha256: str
    timeline: list[TimelineEntry] = field(default_factory=list)


def _checkpoint_facts(
    note: str, log_keys: Sequence[VerifierKey], witnesses: Sequence[WitnessKey]
) -> tuple[str, int, bytes, tuple[Witnessed, ...], tuple[str, ...]]:
    """The checkpoint's origin, size and root, its verified cosignatures and other lines."""
    verified = verify_note(note, [], [*log_keys, *witnesses])
    checkpoint = parse_checkpoint(verified.body)
    cosigned = tuple(
        Witnessed(
            name=s.key.name,
            key_id=s.key.key_id.hex(),
            vkey=format_witness_vkey(s.key.name, s.key.public_key),
            at=beijing(datetime.fromtimestamp(s.timestamp, UTC)),
        )
        for s in verified.verified
        if isinstance(s.key, WitnessKey) and s.timestamp is not None
    )
    others = tuple(f"{s.name}+{s.key_id.hex()}" for s in verified.unverified)
    return checkpoint.origin, checkpoint.size, checkpoint.root, cosigned, others


def _self_check(data: bytes, log_keys: Sequence[str], witnesses: list[WitnessKey]) -> str:
    """Verify the bundle as a court would, with the log's published key(s)."""
    problems: list[str] = []
    for key in log_keys:
        report = verify_bundle(data, key, witnesses)
        if report.ok:
            cosigners = "、".join(report.cosigned_by) or "无"
            return (f"通过：{report.streams} 个记录流、{report.events} 个事件，"
                    f"日志签名有效，见证方联署：{cosigners}")  # fmt: skip
        problems = report.problems
    return "未通过：" + "；".join(problems[:5])


def _stream_subject(stream: Mapping[str, Any], directory: Directory, title: str) -> str:
    """What a bundle's stream is about, for people: the case, an actor's name, a blob's hash."""
    if stream["kind"] == "enforcement":
        return title
    if stream["kind"] == "actors":
        return directory.name(str(stream["stream"]))
    if stream["kind"] == "evidence":
        return "SHA-256 " + directory.sha_of_stream(str(stream["stream"]))[:16] + "…"
    return ""


def verification_of(
    jz: Jianzheng, bundle: Mapping[str, Any], data: bytes, directory: Directory, title: str
) -> Verification:
    """The verification page's facts about ``bundle`` (whose exact bytes are ``data``)."""
    log_keys = [str(k) for k in bundle["log_keys"]]
    witnesses = jz.witness_keys()
    origin, size, root, cosigned, others = _checkpoint_facts(
        str(bundle["checkpoint"]), [parse_vkey(k) for k in log_keys], witnesses
    )
    streams = tuple(
        (
            STREAM_KIND_LABELS.get(s["kind"], s["kind"]),
            _stream_subject(s, directory, title),
            s["stream"],
            len(s["events"]),
        )
        for s in bundle["streams"]
    )
    return Verification(
        origin=origin,
        tree_size=size,
        root_hex=root.hex(),
        root_base64=base64.b64encode(root).decode("ascii"),
        log_keys=tuple(log_keys),
        witnesses=cosigned,
        other_signatures=others,
        bundle_name=f"case-{bundle['subject']['id']}-bundle.json",
        bundle_sha256=hashlib.sha256(data).hexdigest(),
        bundle_size=len(data),
        streams=streams,
        events=sum(n for *_, n in streams),
        self_check=_self_check(data, log_keys, witnesses),
    )


def _names(directory: Directory, ids: Sequence[str]) -> str:
    return "、".join(directory.name(str(i)) for i in ids)


def _documents(directory: Directory, documents: Sequence[Mapping[str, Any]]) -> list[EvidenceItem]:
    items = []
    for document in documents:
        known = directory.blob(str(document["sha256"]))
        title = str(document["title"])
        items.append(EvidenceItem(known.sha256, known.media_type, known.size, title))
    return items


def _steps(
    state: Mapping[str, Any], directory: Directory, entries: Mapping[int, TimelineEntry]
) -> list[dict[str, Any]]:
    steps = []
    for step in state["steps"]:
        entry = entries.get(int(step["seq"]))
        steps.append(
            {
                "no": step["step_no"],
                "kind": term("step_kind", step["kind"]),
                "summary": step["summary"],
                "present": _names(directory, step["present"]),
                "recorded_by": directory.name(str(step["recorded_by"])),
                "touches": "、".join(term("touches", t) for t in step["touches"]),
                "full_process_recording": step["full_process_recording"],
                "claimed": entry.claimed if entry else None,
                "recorded_at": entry.recorded_at if entry else "",
                "evidence": [
                    EvidenceItem(str(e["sha256"]), e.get("media_type"), e.get("size"))
                    for e in step["evidence"]
                ],
            }
        )
    return steps


def _reviews(state: Mapping[str, Any], directory: Directory) -> list[dict[str, Any]]:
    reviews = []
    for review in state["reviews"]:
        items = [
            {
                "label": review_item_label(name),
                "ok": bool(item.get("ok")),
                "note": item.get("note", ""),
                "crime_suspected": item.get("crime_suspected"),
            }
            for name, item in sorted(
                (review["items"] or {}).items(), key=lambda pair: _REVIEW_ORDER.get(pair[0], 99)
            )
        ]
        reviews.append(
            {
                **review,
                "result_label": term("review_result", review["result"])
                if review["result"] != "pending"
                else "审核中",
                "reviewer_name": directory.name(review["reviewer"]) if review["reviewer"] else "—",
                "requested_by_name": directory.name(str(review["requested_by"])),
                "item_rows": items,
            }
        )
    return reviews


def _context(
    by: Principal,
    state: Mapping[str, Any],
    entries: list[TimelineEntry],
    verification: Verification,
    directory: Directory,
) -> dict[str, Any]:
    """Everything the template prints, with ids named and codes labelled."""
    by_seq = {e.seq: e for e in entries if e.stream_kind == "enforcement"}
    decision = state["decision"]
    return {
        "case": state,
        "action_type": term("action_type", state["action_type"]),
        "party_kind": term("party_kind", state["party"].get("kind")),
        "stage": STAGE_LABELS.get(state["stage"], state["stage"]),
        "steps": _steps(state, directory, by_seq),
        "drafts": [
            {
                **d,
                "measures_shown": "、".join(term("catalogue_measure", m) for m in d["measures"]),
                "status": REVIEW_STATUS_LABELS.get(d["review_status"], d["review_status"]),
            }
            for d in state["drafts"]
        ],
        "reviews": _reviews(state, directory),
        "discussions": [
            {
                **d,
                "participants_shown": _names(directory, d["participants"]),
                "conclusion_shown": term("collective_conclusion", d["conclusion"]),
                "minutes": directory.blob(str(d["minutes_sha256"])),
            }
            for d in state["collective_discussions"]
        ],
        "blocked": [
            {**b, "actor_name": directory.name(str(b["actor"]))} for b in state["blocked_decisions"]
        ],
        "decision": decision,
        "decided_by": directory.name(str(decision["decided_by"])) if decision else "",
        "service": state["service"],
        "service_documents": _documents(directory, (state["service"] or {}).get("documents", [])),
        "executions": [
            {**x, "documents_shown": _documents(directory, x.get("documents", []))}
            for x in state["executions"]
        ],
        "ending": state["ending"],
        "timeline": entries,
        "verification": verification,
        "printed_at": beijing(datetime.now(UTC)),
        "printed_by": directory.person(by.actor_id, tuple(sorted(by.roles, key=str))),
        "names": directory.name,
    }


def _consistent_bundle(
    jz: Jianzheng, by: Principal, case_id: UUID, reason: str | None
) -> tuple[bytes, dict[str, Any], Any]:
    """The bundle and the case read at the same point of its history (a write between the two
    is met by building both again; three misses answer ``chain-conflict``)."""
    for _ in range(3):
        data = build_case_bundle(jz, case_id)
        bundle = json.loads(data)
        case = jz.cases.readable(by, case_id, "dossier", reason, record=False)
        subject = next(s for s in bundle["streams"] if s["kind"] == "enforcement")
        if len(subject["events"]) == case.version:
            return data, bundle, case
    raise ChainConflict("the case changed three times while its dossier was made; retry")


def make_dossier(jz: Jianzheng, by: Principal, case_id: UUID, reason: str | None) -> Dossier:
    """Render the dossier of a case for ``by`` and record it (see the module docstring).

    Refused as ``GET /v1/cases/{id}`` refuses (403 outside the caller's agency and area; a
    court or oversight body without a reason, 422); the dossier carries the court bundle, so,
    like ``GET /v1/cases/{id}/bundle``, it needs a reason from everyone. A refusal records
    nothing.
    """
    jz.cases.readable(by, case_id, "dossier", reason, record=False)
    given = visible(reason)
    if given is None:
        raise InvalidInput(
            "a dossier carries the case's court bundle and needs a reason (?reason=…); it is "
            "recorded",
            field="reason",
        )
    data, bundle, case = _consistent_bundle(jz, by, case_id, given)
    directory = Directory(jz.store)
    entries = bundle_timeline(bundle, directory, frozenset(case.officers))
    state = jz.case_oversight.answer(case)
    try:
        verification = verification_of(jz, bundle, data, directory, case.title)
    except NoteError as exc:  # the log's own checkpoint: never expected
        raise ChainConflict(f"the bundle's checkpoint does not verify: {exc}") from exc
    html = _ENVIRONMENT.get_template("dossier.html").render(
        _context(by, state, entries, verification, directory)
    )
    pdf = render_pdf(
        html,
        [(verification.bundle_name, "法庭证据包 (jianzheng verify-bundle)", data)],
    )
    # Recorded as the case read and the bundle export are, once the dossier exists (R-AV-5).
    jz.cases.readable(by, case_id, "dossier", given)
    role = sorted(r.value for r in by.roles)[0] if by.roles else "operator"
    jz.record_export(by, "case", str(case_id), role, given, verification.bundle_sha256, len(data))
    return Dossier(pdf, data, verification.bundle_sha256, entries)


__all__ = ["Dossier", "LocalOnlyFetcher", "Person", "make_dossier", "render_pdf"]
