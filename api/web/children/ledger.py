"""The ledger (台账): the home of civil affairs, towns and villages (R-CH-1, R-AC-2).

The children of the person's area, filtered by area (a county, town or village code within
it), category, left-behind status, help level and alerts, sorted and paged by the find-things
service the API's ``GET /v1/children`` calls (``jz.lists.children``: keyset cursor). No
personal data: the ledger carries file numbers, division codes and facts, never a name, an ID
number or an address (R-CH-4); the name is on the file, one click away, for those who may
read it. Above the rows, the area's open alerts, each a link to the rows that raise it.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import App
from api.web.children.forms import Refusal
from api.web.children.pages import refusal_of
from api.web.children.words import ALERTS, ARRANGEMENT_KINDS, term
from api.web.directory import Directory
from api.web.render import REFUSAL_HEADER
from api.web.screen import show
from api.web.session import Screen, Signed
from domain.records.children.alerts import FILE_ALERTS
from domain.records.errors import InvalidInput
from domain.records.vocabulary import vocabulary
from infra.application import Jianzheng
from infra.listing import ORDER_LABELS, PageRequest, check_choice
from infra.lists import ChildFilters
from infra.lists.children import CHILD_LIST, REPORT_ALERTS

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Query(max_length=64)]
Cursor = Annotated[str, Query(max_length=2048)]

YES_NO = {"true": True, "false": False}


def _yes_no(value: str, field: str) -> bool | None:
    if not value:
        return None
    check_choice(value, YES_NO, field)
    return YES_NO[value]


def _code(value: str, field: str) -> str | None:
    """A division code filter: digits only (the service checks the code itself)."""
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput(f"{field} is a division code (6, 9 or 12 digits)", field=field)
    return value


def _choices(name: str) -> list[tuple[str, str]]:
    found = vocabulary(name)
    return [(c, found.labels.get(c, c)) for c in found.codes]


@router.get("/children", response_class=HTMLResponse)
def ledger(
    request: Request,
    jz: App,
    signed: Screen,
    area: Text = "",
    category: Text = "",
    left_behind: Text = "",
    help_level: Text = "",
    alert: Text = "",
    key_child: Text = "",
    sort: Text = "",
    order: Text = "",
    cursor: Cursor = "",
) -> HTMLResponse:
    """The ledger of the person's area, filtered, sorted and paged."""
    asked = {"area": area, "category": category, "left_behind": left_behind,
             "help_level": help_level, "alert": alert, "key_child": key_child,
             "sort": sort, "order": order}  # fmt: skip
    refusal: Refusal | None = None
    page = None
    try:
        filters = ChildFilters(
            area=_code(area, "area"),
            category=check_choice(category or None, vocabulary("category").codes, "category"),
            left_behind=_yes_no(left_behind, "left_behind"),
            help_level=check_choice(
                help_level or None, vocabulary("help_level").codes, "help_level"
            ),
            alert=check_choice(alert or None, FILE_ALERTS, "alert"),
            key_child=_yes_no(key_child, "key_child"),
        )
        request_page = PageRequest(
            sort=check_choice(sort or None, CHILD_LIST.sorts, "sort"),
            order=check_choice(order or None, ORDER_LABELS, "order"),  # type: ignore[arg-type]
            cursor=cursor or None,
        )
        page = jz.lists.children(signed.principal, filters, request_page)
    except InvalidInput as exc:  # a filter out of its list, a cursor not ours: say so
        refusal = refusal_of(exc)
    summary = alert_summary(jz, signed) if page is not None else []
    answer = show(
        request, signed, "children/ledger.html", page=page, asked=asked, refusal=refusal,
        directory=Directory(jz.store), term=term, kinds=ARRANGEMENT_KINDS, alert_words=ALERTS,
        summary=summary, categories=_choices("category"), help_levels=_choices("help_level"),
        file_alerts=list(FILE_ALERTS.items()), sorts=CHILD_LIST.labels(), orders=ORDER_LABELS,
        next_query=next_query(asked, page.next) if page is not None and page.next else None,
        first_query=urlencode({k: v for k, v in asked.items() if v}) if cursor else None,
        area_hint=signed.actor.jurisdiction,
    )  # fmt: skip
    if refusal is not None:
        answer.headers[REFUSAL_HEADER] = refusal.code
    return answer


def next_query(asked: dict[str, str], cursor: str) -> str:
    """The query of the next page: the same filters, sort and order, and its cursor."""
    kept = {k: v for k, v in asked.items() if v}
    return urlencode({**kept, "cursor": cursor})


def alert_summary(jz: Jianzheng, signed: Signed) -> list[dict[str, Any]]:
    """The open alerts of the person's area: each file alert with how many files raise it
    (a link filters the ledger by it), and the reports awaiting the police or reported late
    (R-GD-2, R-AS-1, R-EM-1, R-RP-2)."""
    found = []
    files = jz.lists.child_alert_counts(signed.principal)
    for code in FILE_ALERTS:
        if files.get(code):
            found.append({"code": code, "words": ALERTS.get(code, FILE_ALERTS[code]),
                          "count": files[code], "filter": True})  # fmt: skip
    reports = jz.lists.report_alert_counts(signed.principal)
    for code, words in REPORT_ALERTS.items():
        if reports.get(code):
            found.append({"code": code, "words": words, "count": reports[code], "filter": False})
    return found
