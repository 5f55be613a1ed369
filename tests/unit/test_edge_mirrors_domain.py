"""The edge's nested request models mirror the domain's value objects (issue 12, point 3).

The domain's frozen value types (``domain/records/children/values.py``) check what a nested
object must hold; the closed pydantic models of ``api/schemas/children.py`` say the same to
the OpenAPI. A member the domain checks but the edge does not declare would be refused at
the edge as an unknown key before the domain ever saw it; this test fails on such a drift.
"""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import BaseModel

from api.schemas import children as edge
from domain.records.children import values as domain

MIRRORS: list[tuple[type[BaseModel], type[object]]] = [
    (edge.Person, domain.Guardian),
    (edge.Receiver, domain.Guardian),
    (edge.Institution, domain.Institution),
    (edge.Helper, domain.Helper),
    (edge.Personal, domain.Personal),
    (edge.Location, domain.Location),
    (edge.Parents, domain.ParentsSituation),
    (edge.Document, domain.Document),
    (edge.CourtRulingCited, domain.CourtRulingCitation),
    (edge.Dated, domain.Dated),
    (edge.Signature, domain.Signed),
    (edge.Filing, domain.Signed),
    (edge.CapacityAssessment, domain.CapacityAssessment),
    (edge.ExclusionCheck, domain.ExclusionCheck),
    (edge.HomeAssessment, domain.HomeAssessment),
    (edge.Fee, domain.Fee),
]


def checked_members(value_type: type[object]) -> set[str]:
    """The members a domain value type checks (``record`` is the object as sent, kept whole)."""
    assert dataclasses.is_dataclass(value_type)
    return {f.name for f in dataclasses.fields(value_type)} - {"record"}


@pytest.mark.parametrize(("model", "value_type"), MIRRORS, ids=lambda t: t.__name__)
def test_every_member_the_domain_checks_is_declared_at_the_edge(
    model: type[BaseModel], value_type: type[object]
) -> None:
    assert checked_members(value_type) <= set(model.model_fields)


@pytest.mark.parametrize(("model", "value_type"), MIRRORS, ids=lambda t: t.__name__)
def test_edge_models_are_closed(model: type[BaseModel], value_type: type[object]) -> None:
    """No nested model takes keys it does not declare (no open ``additionalProperties``)."""
    assert model.model_config.get("extra") == "forbid", value_type.__name__


def test_every_domain_value_type_has_an_edge_mirror() -> None:
    """A new value type in the domain needs its model at the edge (and a row above)."""
    value_types = {
        cls
        for cls in vars(domain).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == domain.__name__
        and checked_members(cls)
    }
    assert value_types <= {value_type for _, value_type in MIRRORS}
