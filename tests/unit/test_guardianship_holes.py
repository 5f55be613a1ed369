"""Guardianship holes found by an outside attack, one regression each (domain level).

F1 a restoration petition is fileable, within its window and never after a crime against the
child (R-GD-8); F2 an institution is court-protected only on a real ruling of this child's
file that appointed civil affairs (R-GD-6, R-GD-8, R-GD-10); F3 civil affairs do not take a
child from a parent's guardianship without a court or an emergency first (民法典 第32、36条);
F4 a revoked guardian does not come back under a name or ID number written differently;
F6 no date of a child's file before the child's birth, none anywhere before 1949-10-01;
F8 errors about one field name it in ``field`` (and the vocabulary in ``allowed``).

The clock is fixed as in :mod:`tests.unit.test_guardianship_integrity`.
"""

from __future__ import annotations

import copy
import uuid
from datetime import date
from typing import Any

import pytest

from domain.records import children_errors as ce
from domain.records.children import (
    ChildRecord,
    GuardianshipKind,
    may_be_revoked_person,
    same_person,
)
from domain.records.errors import JianzhengError
from domain.records.reports import GuardianshipPetition, Report
from tests.unit.test_guardianship_integrity import (
    FATHER,
    GRANDMOTHER,
    INSTITUTION,
    MOTHER,
    NOW,
    RECEIVER,
    apply,
    court_appointed,
    do,
    petition_and_ruling,
    refused,
    register,
    report_kwargs,
    sha,
)

CIVIL_AFFAIRS = {"name": "张店区民政局", "relation": "civil_affairs"}


# -- F1: restoration petitions (R-GD-8, 民法典 第38条, 2014 意见 第38条) --------------------------


def restoration(**override: Any) -> GuardianshipPetition:
    """A restoration petition of the revoked father, registered by the court."""
    kwargs: dict[str, Any] = {
        "actor": "court-1",
        "actor_role": "court",
        "kind": "restore",
        "child_id": "4fad5b6e-3a7c-4f1b-8c9d-5e6f708192a3",
        "applicant": {"kind": "revoked_parent", "name": "王大山"},
        "guardian_concerned": copy.deepcopy(FATHER),
        "filed_on": "2026-06-01",
        "now": NOW,
        **override,
    }
    return GuardianshipPetition.file(**kwargs)


@pytest.mark.parametrize("grounds", [None, []])
def test_a_restoration_petition_is_filed_without_grounds(grounds: list[str] | None) -> None:
    """Restoration has no revocation grounds: omitted or empty, the petition is filed."""
    petition = restoration(grounds=grounds)
    assert petition.kind.value == "restore"
    assert petition.grounds == []


def test_only_the_court_registers_a_restoration_which_only_the_revoked_parent_applies_for() -> None:
    """民法典 第38条: the parent applies to the court; committees and civil affairs do not."""
    for role in ("civil_affairs", "village_committee", "town_office"):
        refused(ce.RoleNotAllowed, lambda r=role: restoration(actor_role=r), None)
    error = refused(ce.InvalidField, lambda: restoration(applicant={"kind": "civil_affairs"}), None)
    assert error.extra["field"] == "applicant.kind"


def test_a_restoration_petition_is_admitted_only_within_its_window_and_never_after_a_crime() -> (
    None
):
    """Filed 3 months to 1 year after the revocation, for a parent revoked on this file, and
    never when the revocation was for an intentional crime against the child."""
    record = court_appointed("2026-02-01")

    def admit(filed_on: str, concerned: dict[str, Any] = FATHER) -> None:
        record.check_petition(
            kind="restore", guardian_concerned=concerned, filed_on=date.fromisoformat(filed_on)
        )

    refused(ce.RestorationOutsideWindow, lambda: admit("2026-04-30"), record)
    refused(ce.RestorationOutsideWindow, lambda: admit("2027-02-02"), record)
    refused(ce.NoRevocationToRestore, lambda: admit("2026-06-01", MOTHER), record)
    admit("2026-05-01")
    admit("2027-02-01")
    criminal = register()
    apply(
        criminal,
        petition_and_ruling(
            criminal, FATHER, filed_on="2026-02-01", ruled_on="2026-02-01", crime=True
        ),
    )
    refused(
        ce.RestorationNotAllowed,
        lambda: criminal.check_petition(
            kind="restore", guardian_concerned=FATHER, filed_on=date(2026, 6, 1)
        ),
        criminal,
    )


# -- F2: a court's appointment of civil affairs is on record (R-GD-6, R-GD-8, R-GD-10) ----------


def claim_court_institution(record: Any, petition_id: str, recorded: Any, **override: Any) -> None:
    do(
        record,
        "institutional",
        "2026-03-01",
        **{
            "ground": "court_appointed_civil_affairs",
            "court_ruling": {"petition_id": petition_id, "ruling_sha256": sha(90)},
            "recorded_ruling": recorded,
            **override,
        },
    )


def test_civil_affairs_cannot_claim_a_court_appointment_that_no_ruling_on_record_made() -> None:
    """A petition id that names nothing, another child's ruling, an unruled petition or a
    ruling that appointed someone else makes no court-protected institution; nothing is
    recorded (R-GD-6)."""
    record = register()
    bogus = str(uuid.uuid4())
    error = refused(
        ce.CourtRulingNotOnRecord, lambda: claim_court_institution(record, bogus, None), record
    )
    assert error.extra["field"] == "court_ruling.petition_id"
    other = register()
    elsewhere = petition_and_ruling(other, FATHER, new_guardian=CIVIL_AFFAIRS)
    refused(
        ce.RulingForAnotherChild,
        lambda: claim_court_institution(record, str(elsewhere.id), elsewhere.ruling_for_child()),
        record,
    )
    unruled = {"petition_id": bogus, "child_id": str(record.id), "outcome": None}
    refused(
        ce.CourtRulingNotOnRecord, lambda: claim_court_institution(record, bogus, unruled), record
    )
    grandmother = petition_and_ruling(record, FATHER)  # appoints the grandmother
    refused(
        ce.RulingDoesNotAppointCivilAffairs,
        lambda: claim_court_institution(
            record, str(grandmother.id), grandmother.ruling_for_child()
        ),
        record,
    )


def test_a_ruling_that_appointed_civil_affairs_but_was_not_applied_to_the_file_is_refused() -> None:
    """The ruling must have changed this file: a ruling applied nowhere protects nothing."""
    record = register()
    ruling = petition_and_ruling(record, FATHER, new_guardian=CIVIL_AFFAIRS)
    refused(
        ce.CourtRulingNotOnRecord,
        lambda: claim_court_institution(record, str(ruling.id), ruling.ruling_for_child()),
        record,
    )


def test_civil_affairs_carries_out_the_courts_appointment_by_taking_the_child_in() -> None:
    """After a ruling appointing civil affairs, its institution guards the child and stays
    protected: only a later ruling replaces it (R-GD-10)."""
    record = register()
    ruling = petition_and_ruling(record, FATHER, new_guardian=CIVIL_AFFAIRS)
    apply(record, ruling)
    refused(
        ce.CourtRulingNotOnRecord,
        lambda: claim_court_institution(
            record,
            str(ruling.id),
            ruling.ruling_for_child(),
            court_ruling={"petition_id": str(ruling.id), "ruling_sha256": sha(91)},
        ),
        record,
    )
    claim_court_institution(record, str(ruling.id), ruling.ruling_for_child())
    current = record.current_arrangement
    assert current["kind"] == "institutional"
    assert current["guardian"]["name"] == INSTITUTION["name"]
    assert current["conditions"]["court_ruling"]["petition_id"] == str(ruling.id)
    assert current["conditions"]["court_ruling"]["ruled_on"] == "2026-02-01"
    refused(
        ce.CourtAppointmentInForce,
        lambda: do(record, "entrusted_relative", "2026-03-02"),
        record,
    )


# -- F3: no institution over a parent's guardianship (民法典 第32、36条) --------------------------


@pytest.mark.parametrize("ground", ["orphan", "no_guardian_available"])
def test_civil_affairs_do_not_take_a_child_from_a_living_unrevoked_parent(ground: str) -> None:
    """While a parent guards the child — directly or through an entrustment — civil affairs
    record no institution on these grounds; an absence or emergency care must come first
    (R-GD-6)."""
    record = register()
    refused(
        ce.ParentalGuardianshipInForce,
        lambda: do(record, "institutional", "2026-02-01", ground=ground),
        record,
    )
    do(record, "entrusted_relative", "2026-02-01")
    refused(
        ce.ParentalGuardianshipInForce,
        lambda: do(record, "institutional", "2026-02-02", ground=ground),
        record,
    )
    do(record, "absent", "2026-02-03")
    do(record, "institutional", "2026-02-04", ground=ground)
    assert record.current_arrangement["kind"] == "institutional"
    in_care = register()
    do(in_care, "temporary", "2026-02-01")
    do(in_care, "institutional", "2026-02-02", ground=ground)
    alone = register(guardian=None)
    do(alone, "institutional", "2026-02-01", ground=ground)


# -- F4: identities written differently (R-GD-8) ----------------------------------------------

LATIN_FATHER = {"name": "gd父", "relation": "father", "id_number": "37030319800101123x"}


@pytest.mark.parametrize(
    "name",
    [
        "GD父",
        "ＧＤ父",
        "gd\u200b父",
        "g d父",
        "gd\u3000父",
        "ｇｄ\u00ad父",
        "\ufeffGd父 ",
        "gd\u2060父",
    ],
)
def test_a_revoked_father_is_recognised_whatever_way_his_name_is_written(name: str) -> None:
    """Case, full-width forms, invisible characters and spaces do not make another person."""
    record = register(guardian=LATIN_FATHER)
    apply(record, petition_and_ruling(record, LATIN_FATHER))
    assert may_be_revoked_person(LATIN_FATHER, {"name": name, "relation": "relative"})
    refused(
        ce.GuardianRevoked,
        lambda: do(
            record, "temporary", "2026-03-01", receiver={"name": name, "relation": "relative"}
        ),
        record,
    )
    ruling = petition_and_ruling(
        record,
        GRANDMOTHER,
        filed_on="2026-03-01",
        ruled_on="2026-03-01",
        new_guardian={"name": name, "relation": "uncle"},
    )
    refused(ce.GuardianRevoked, lambda: apply(record, ruling), record)


def test_id_numbers_match_whatever_their_case_width_or_spacing() -> None:
    """An ID number with an upper-case X, full-width digits or spaces is the same number."""
    record = register(guardian=LATIN_FATHER)
    apply(record, petition_and_ruling(record, LATIN_FATHER))
    for number in (
        "37030319800101123X",
        "３７０３０３１９８００１０１１２３Ｘ",
        "370303 19800101 123x",
    ):
        stranger = {"name": "某某", "relation": "relative", "id_number": number}
        assert may_be_revoked_person(LATIN_FATHER, stranger), number
        refused(
            ce.GuardianRevoked,
            lambda s=stranger: do(record, "temporary", "2026-03-01", receiver=s),
            record,
        )


def test_a_relation_written_differently_is_the_same_relation() -> None:
    """``Father`` is the father: a revoked father does not return as ``Father ``."""
    assert same_person(FATHER, {"name": "别名", "relation": "Father "})
    record = register()
    apply(record, petition_and_ruling(record, FATHER))
    refused(
        ce.GuardianRevoked,
        lambda: do(
            record,
            "parent",
            "2026-03-01",
            guardian={"name": "别名", "relation": "ＦＡＴＨＥＲ"},
            home_assessment=None,
        ),
        record,
    )


# -- F6: impossible dates ---------------------------------------------------------------------


def test_dates_of_a_childs_file_before_the_childs_birth_are_refused_naming_the_field() -> None:
    """Born 2016-05-17: a key-child mark, an effective or a nested date before it is refused."""
    record = register()
    cases = [
        (
            lambda: record.mark_key_child(
                actor="c", actor_role="town_office", marked_on="1900-01-01", reason="x", now=NOW
            ),
            "marked_on",
        ),
        (lambda: do(record, "temporary", "1900-01-01"), "effective_on"),
        (lambda: do(record, "absent", "2016-05-16"), "effective_on"),
        (
            lambda: do(record, "entrusted_relative", "2026-02-01", nested="2010-01-01"),
            "capacity_assessment.on",
        ),
        (
            lambda: record.record_visit(
                actor="c",
                actor_role="town_office",
                visit_kind="home_visit",
                visited_on="2015-01-01",
                summary="x",
                now=NOW,
            ),
            "visited_on",
        ),
    ]
    for action, field in cases:
        error = refused(ce.DateBeforeBirth, action, record)
        assert (error.code, error.extra["field"]) == ("date-before-birth", field)
        assert "2016" not in error.detail  # the birth date is personal data (R-CH-4)
    do(record, "absent", "2016-05-17")  # the day of birth itself is a real date


def test_a_ruling_dated_before_the_childs_birth_is_refused() -> None:
    """A ruling's date, like every date of the file, is not before the child's birth."""
    record = register()
    petition = petition_and_ruling(record, FATHER, filed_on="2010-01-01", ruled_on="2010-01-02")
    error = refused(ce.DateBeforeBirth, lambda: apply(record, petition), record)
    assert error.extra["field"] == "ruling.ruled_on"
    refused(
        ce.DateBeforeBirth,
        lambda: record.check_petition(
            kind="revoke", guardian_concerned=FATHER, filed_on=date(2010, 1, 1)
        ),
        record,
    )


def test_dates_before_1949_are_refused_where_no_birth_date_is_known() -> None:
    """Reports, petitions and birth dates: nothing before 1949-10-01 (date-too-early)."""
    cases = [
        (
            lambda: Report.file(
                **report_kwargs(
                    noticed_at="0001-01-01T00:00-23:59", reported_at="2027-06-15T09:00:00+08:00"
                )
            ),
            "noticed_at",
        ),
        (
            lambda: restoration(filed_on="1900-01-01"),
            "filed_on",
        ),
        (
            lambda: ChildRecord.register(
                actor="c",
                actor_role="village_committee",
                personal={"name": "王小明"},
                birth_date="1900-01-01",
                sex="male",
                location={"county": "370303", "town": "370303001", "village": "370303001001"},
                categories=[],
                registered_on="1900-02-01",
                guardian=None,
                now=NOW,
            ),
            "birth_date",
        ),
    ]
    for action, field in cases:
        error = refused(ce.DateTooEarly, action, None)
        assert (error.code, error.extra["field"]) == ("date-too-early", field)
        assert error.extra["earliest"] == "1949-10-01"


# -- F8: errors name their field --------------------------------------------------------------


def test_errors_about_one_field_name_it_and_list_the_allowed_terms() -> None:
    """invalid-field, unknown-term, invalid-document-hash and rule errors carry ``field``."""
    record = register()

    def error_of(action: Any) -> JianzhengError:
        with pytest.raises(JianzhengError) as caught:
            action()
        return caught.value

    unknown = error_of(
        lambda: do(record, "temporary", "2026-02-01", receiver={**RECEIVER, "relation": "x"})
    )
    assert (unknown.code, unknown.extra["field"]) == ("unknown-term", "receiver.relation")
    assert "relative" in unknown.extra["allowed"]
    bad_hash = error_of(lambda: do(record, "temporary", "2026-02-01", handover_sha256="nope"))
    assert (bad_hash.code, bad_hash.extra["field"]) == ("invalid-document-hash", "handover_sha256")
    invalid = error_of(lambda: do(record, "temporary", "2026-02-30"))
    assert (invalid.code, invalid.extra["field"]) == ("invalid-field", "effective_on")
    missing = error_of(lambda: do(record, "temporary", "2026-02-01", handover_sha256=None))
    assert (missing.code, missing.extra["field"]) == (
        "written-handover-required",
        "handover_sha256",
    )
    role = error_of(lambda: do(record, "temporary", "2026-02-01", actor_role="town_office"))
    assert role.code == "role-not-allowed"
    assert "police" in role.extra["allowed"]
    criteria = error_of(
        lambda: record.record_assessment(
            actor="t",
            actor_role="town_office",
            result="good",
            criteria=["dropped_out"],
            help_plan="x",
            assessed_on="2026-02-01",
            now=NOW,
        )
    )
    assert (criteria.code, criteria.extra["field"]) == ("assessment-criteria-mismatch", "criteria")
    assert "needs_well_secured" in criteria.extra["allowed"]
    revoked = register()
    apply(revoked, petition_and_ruling(revoked, FATHER))
    again = error_of(
        lambda: do(revoked, "temporary", "2026-03-01", receiver={**FATHER, "relation": "relative"})
    )
    assert (again.code, again.extra["field"]) == ("guardian-revoked", "receiver")
    order = error_of(
        lambda: Report.file(**report_kwargs()).record_town_informed(
            actor="p",
            actor_role="police",
            town="370303001",
            informed_at="2027-06-15T09:40:00+08:00",
            now=NOW,
        )
    )
    assert order.code == "report-step-out-of-order"


# -- the class of F2: a cited report is on record about this child (R-GD-9) -------------------


def test_an_emergency_or_petition_names_only_a_report_on_record_about_this_child() -> None:
    """A report id that names nothing, or a report about another (or no linked) child, is
    refused in temporary care, an absence and a petition; the child's own report is kept."""
    record = register()
    own = str(uuid.uuid4())
    mine = {"report_id": own, "child_id": str(record.id)}
    for recorded in (
        None,
        {"report_id": own, "child_id": str(uuid.uuid4())},
        {"report_id": own, "child_id": None},
    ):
        for kind in ("temporary", "absent"):
            error = refused(
                ce.ReportNotOnRecord,
                lambda k=kind, r=recorded: do(
                    record, k, "2026-02-01", report_id=own, recorded_report=r
                ),
                record,
            )
            assert error.extra["field"] == "report_id"
        refused(
            ce.ReportNotOnRecord,
            lambda r=recorded: record.check_petition(
                kind="revoke",
                guardian_concerned=FATHER,
                filed_on=date(2026, 2, 1),
                report_id=own,
                recorded_report=r,
            ),
            record,
        )
    do(record, "temporary", "2026-02-01", report_id=own, recorded_report=mine)
    assert record.current_arrangement["conditions"]["report_id"] == own


def test_the_readme_lists_every_error_code_of_childrens_files_reports_and_petitions() -> None:
    """F8: a client finds each code it may receive in the README's error list."""
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    codes = {
        cls.code
        for cls in vars(ce).values()
        if isinstance(cls, type)
        and issubclass(cls, JianzhengError)
        and cls.__module__ == ce.__name__
    }
    missing = sorted(code for code in codes if f"`{code}`" not in readme)
    assert missing == []


def test_a_name_of_only_invisible_characters_names_nobody_and_is_refused() -> None:
    """F4's class: a zero-width name would match no revoked person, so it is no name."""
    record = register()
    apply(record, petition_and_ruling(record, FATHER))
    for name in ("\u200b", "\u3000\ufeff", "\u2060 \u00ad"):
        error = refused(
            ce.InvalidField,
            lambda n=name: do(
                record, "temporary", "2026-03-01", receiver={"name": n, "relation": "relative"}
            ),
            record,
        )
        assert error.extra["field"] == "receiver.name"


def test_an_institution_stored_on_an_invented_court_appointment_holds_no_parent_off() -> None:
    """F2 for files already attacked: an institutional arrangement that an earlier version
    recorded on a petition id this file never applied is not a court's guardian (R-GD-10)."""
    record = register()
    arrangement = record._next(
        kind=GuardianshipKind.INSTITUTIONAL,
        guardian={**INSTITUTION, "relation": "institution"},
        legal_basis="民法典 第32条",
        documents=[],
        approved_by=None,
        filed_with=[],
        effective_on=date(2026, 2, 1),
        conditions={
            "ground": "court_appointed_civil_affairs",
            "court_ruling": {"petition_id": str(uuid.uuid4()), "ruling_sha256": sha(90)},
        },
    )
    record._place_in_institution(
        actor="civil-1", recorded_role="civil_affairs", arrangement=arrangement
    )
    do(record, "parent", "2026-03-01", guardian=copy.deepcopy(FATHER), home_assessment=None)
    assert record.current_arrangement["kind"] == "parent"
    instituted = register()
    ruling = petition_and_ruling(instituted, FATHER, new_guardian=CIVIL_AFFAIRS)
    apply(instituted, ruling)
    claim_court_institution(instituted, str(ruling.id), ruling.ruling_for_child())
    refused(
        ce.CourtAppointmentInForce,
        lambda: do(
            instituted, "parent", "2026-03-02", guardian=copy.deepcopy(MOTHER), home_assessment=None
        ),
        instituted,
    )


@pytest.mark.parametrize(
    "written",
    ["gdac父\u2800", "gdac父\ufffc", "gdac父\U0001d159", "gdac父\u0300", "gdac父.",
     "gdac·父", "gd\u0430\u0441父"],
    ids=["braille-blank", "object-replacement", "null-notehead", "combining-grave", "dot",
         "middle-dot", "cyrillic-look-alikes"],
)  # fmt: skip
def test_a_name_written_with_blank_symbols_marks_or_look_alikes_is_the_same_name(
    written: str,
) -> None:
    """Round 2 of the outside attack: what shows as blank or looks alike names no one else."""
    from domain.records.children import identity_key

    assert identity_key(written) == identity_key("gdac父")


def test_one_identity_card_is_one_key_in_its_15_and_18_digit_forms() -> None:
    """GB 11643: the first-generation 15-digit number and any 18-digit form of it match."""
    from domain.records.children import id_number_key

    assert id_number_key("370322800101123") == id_number_key("370322198001011234")
    assert id_number_key("370322198001011234\u2800") == id_number_key("37032219800101123x")
