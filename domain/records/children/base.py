"""The state a child's file holds, as the concerns of :class:`~.record.ChildRecord` see it.

:class:`ChildRecord` is assembled from one mixin per concern (the file, left-behind status,
guardianship arrangements and their kinds, court rulings, the alert, assessments). Each mixin
builds on :class:`ChildFile`, which declares for the type checker the attributes the events
set and the event methods the commands call. The event methods themselves are defined on
:class:`ChildRecord` (``record.py``): ``eventsourcing`` makes an event class only from an
``@event`` method of the aggregate class itself, and the stored event types
(``children.GuardianEntrusted``…) are registered from that class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


class ChildFile:
    """What every concern of a child's file may read and record (declarations only)."""

    if TYPE_CHECKING:
        from datetime import date
        from uuid import UUID

        id: UUID
        version: int
        chain_head: str
        registered_by: str
        registered_role: str
        personal: dict[str, Any]
        birth_date: date
        sex: str
        location: dict[str, Any]
        categories: list[str]
        category_history: list[dict[str, Any]]
        key_child: bool
        registered_on: date
        arrangements: list[dict[str, Any]]
        revocations: list[dict[str, Any]]
        applied_rulings: list[str]
        left_behind_periods: list[dict[str, Any]]
        assessments: list[dict[str, Any]]
        helpers: list[dict[str, Any]]
        visits: list[dict[str, Any]]
        reads: list[dict[str, Any]]
        moves: list[dict[str, Any]]
        corrections: list[dict[str, Any]]
        schooling: list[dict[str, Any]]
        capacity: dict[str, Any] | None

        # The events (record.py), as the commands call them.
        def _update_personal(
            self, actor: str, recorded_role: str, personal: dict[str, Any]
        ) -> None: ...
        def _change_location(
            self, actor: str, recorded_role: str, location: dict[str, Any], moved_on: str
        ) -> None: ...
        def _move_household(
            self,
            actor: str,
            recorded_role: str,
            location: dict[str, Any],
            previous: dict[str, Any],
            moved_on: str,
            reason: str,
        ) -> None: ...
        def _correct_personal(
            self,
            actor: str,
            recorded_role: str,
            field: str,
            value: str | None,
            reason: str,
            corrected_on: str,
        ) -> None: ...
        def _record_schooling(
            self, actor: str, recorded_role: str, level: str, from_on: str, until_on: str | None
        ) -> None: ...
        def _record_adult_capacity(
            self,
            actor: str,
            recorded_role: str,
            able_to_work: bool,
            full_civil_capacity: bool,
            assessed_on: str,
            basis: str,
        ) -> None: ...
        def _change_categories(
            self,
            actor: str,
            recorded_role: str,
            categories: list[str],
            added: list[str],
            removed: list[str],
            changed_on: str,
            reason: str,
        ) -> None: ...
        def _mark_key_child(
            self, actor: str, recorded_role: str, marked_on: str, reason: str
        ) -> None: ...
        def _unmark_key_child(
            self, actor: str, recorded_role: str, unmarked_on: str, reason: str
        ) -> None: ...
        def _record_read(self, actor: str, recorded_role: str, purpose: str) -> None: ...
        def _enter_left_behind(
            self, actor: str, recorded_role: str, entered_on: str, parents: dict[str, str]
        ) -> None: ...
        def _exit_left_behind(
            self,
            actor: str,
            recorded_role: str,
            exited_on: str,
            reason: str,
            parents: dict[str, str],
        ) -> None: ...
        def _record_parental(
            self, actor: str, recorded_role: str, arrangement: dict[str, Any]
        ) -> None: ...
        def _entrust(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None: ...
        def _appoint(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None: ...
        def _place_in_institution(
            self, actor: str, recorded_role: str, arrangement: dict[str, Any]
        ) -> None: ...
        def _place_in_temporary_care(
            self, actor: str, recorded_role: str, arrangement: dict[str, Any]
        ) -> None: ...
        def _record_absent(
            self, actor: str, recorded_role: str, arrangement: dict[str, Any]
        ) -> None: ...
        def _return_to_guardian(
            self, actor: str, recorded_role: str, arrangement: dict[str, Any]
        ) -> None: ...
        def _appoint_by_court(
            self, actor: str, recorded_role: str, arrangement: dict[str, Any]
        ) -> None: ...
        def _restore(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None: ...
        def _record_assessment(
            self,
            actor: str,
            recorded_role: str,
            assessment_no: int,
            result: str,
            help_level: str,
            criteria: list[str],
            help_plan: str,
            assessed_on: str,
        ) -> None: ...
        def _assign_helper(
            self,
            actor: str,
            recorded_role: str,
            helper_no: int,
            helper: dict[str, Any],
            assigned_on: str,
        ) -> None: ...
        def _release_helper(
            self, actor: str, recorded_role: str, helper_no: int, released_on: str, reason: str
        ) -> None: ...
        def _record_visit(
            self,
            actor: str,
            recorded_role: str,
            visit_kind: str,
            visited_on: str,
            summary: str,
            helper_no: int | None,
        ) -> None: ...
