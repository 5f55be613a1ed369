"""The nested objects of the children's routes (R-CH, R-GD, R-AS), as the domain checks them
in ``domain/records/children.py`` (``check_guardian``, ``_check_personal``,
``_check_location``, ``_check_parents``, ``_check_dated``, ``_check_documents``,
``_check_exclusions``, ``_check_capacity``, ``_check_home_assessment``, ``_check_signatures``,
``_check_filings``, ``_check_fee``, ``check_civil_affairs_appointed``, ``assign_helper``).

Which change of guardianship takes which member is said on ``GuardianshipIn``
(``api/routes/children.py``) and in each member's description; the domain answers a member
missing for a kind with that precondition's own code (``committee-consent-required`` …).
Besides what the domain requires, a person may carry ``id_number`` and ``phone`` (kept as
given, and compared by ``id_number`` when it is present: R-GD-8).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from api.schemas.base import IsoDate, Strict
from api.schemas.terms import coded, term
from domain.records.vocabulary import VOCABULARIES

Given = Annotated[str, Field(max_length=200, description="as written; not blank")]
Maybe = Annotated[str | None, Field(max_length=200, description="as written; not blank when given")]
Day = Annotated[IsoDate, Field(description="YYYY-MM-DD; not in the future, not before birth")]
Sha256Member = Annotated[
    str, Field(pattern=r"^[0-9a-f]{64}$", description="lower-case hex SHA-256 of the document")
]


class Person(Strict):
    """A guardian (or the person concerned, or a court's new guardian): name and relation
    (R-GD-9). ``relation`` is ``father``, ``mother`` or ``parents`` for a parent (R-GD-1), one of
    the direct relatives (``paternal_grandmother`` …, R-GD-3) for ``entrusted_relative``, and
    free words (``neighbour``, ``uncle`` …) otherwise; ``civil_affairs`` or ``institution`` in a
    ruling names civil affairs (R-GD-6). Compared without case, width or invisible characters."""

    name: Given
    relation: Annotated[
        str,
        Field(
            max_length=200,
            description="father, mother, parents; paternal_grandmother …; or free words",
        ),
    ]
    id_number: Maybe = None
    phone: Maybe = None


class Receiver(Strict):
    """Who receives a child in an emergency hand-over (``temporary``, R-GD-7)."""

    name: Given
    relation: term("temporary_receiver", text_first=True)  # type: ignore[valid-type]
    id_number: Maybe = None
    phone: Maybe = None


class Institution(Strict):
    """The civil-affairs child welfare institution (``institutional``, R-GD-6)."""

    name: Given


class Contact(Strict):
    """A contact of the child's family."""

    name: Maybe = None
    relation: Maybe = None
    phone: Maybe = None


class Personal(Strict):
    """Identity, address and contacts; sealed at rest, shown only to those with authority
    over the child (R-CH-4)."""

    name: Given
    id_number: Maybe = None
    address: Annotated[str | None, Field(max_length=2000, description="not blank when given")] = (
        None
    )
    contacts: Annotated[list[Contact], Field(max_length=20)] | None = None


class Location(Strict):
    """Where the child's household is: division codes, each inside the one above."""

    county: Annotated[str, Field(max_length=12, description="6-digit county code (行政区划代码)")]
    town: Annotated[str, Field(max_length=12, description="9-digit town code, inside the county")]
    village: Annotated[
        str, Field(max_length=12, description="12-digit village code, inside the town")
    ]


for _level in ("county", "town", "village"):
    coded(f"location.{_level}", "invalid-jurisdiction")


class Parents(Strict):
    """Where each parent stands (R-CH-3)."""

    father: term("parent_situation")  # type: ignore[valid-type]
    mother: term("parent_situation")  # type: ignore[valid-type]


for _who in ("father", "mother"):
    coded(f"parents.{_who}", "unknown-term", vocabulary_name="parent_situation")


class Helper(Strict):
    """A one-to-one helper (一对一, R-AS-3)."""

    name: Given
    kind: term("helper_kind")  # type: ignore[valid-type]


coded("helper.kind", "unknown-term", vocabulary_name="helper_kind")


class Dated(Strict):
    """Something done on a day by someone: a consent, an acceptance (R-GD-4, R-GD-5)."""

    by: Annotated[str, Field(max_length=200, description="who (a person or a body)")]
    on: Day


class CapacityAssessment(Dated):
    """The committee's assessment of the guardian's capacity (R-GD-3, R-GD-5); ``capable``
    false is refused (``guardian-not-capable``): choose another guardian."""

    capable: bool


class ExclusionCheck(Dated):
    """The check against 未成年人保护法 第22条 (R-GD-4); any ground ``found`` is refused
    (``guardian-excluded``)."""

    found: Annotated[
        list[term("exclusion_ground")],  # type: ignore[valid-type]
        Field(
            max_length=len(VOCABULARIES["exclusion_ground"].codes),
            description="the grounds that apply: empty when none does",
        ),
    ]


class HomeAssessment(Dated):
    """Civil affairs found the home ready before a child in temporary care returns (R-EM-1,
    未成年人保护法 第93条); ``suitable`` false is refused (``guardian-not-capable``)."""

    suitable: bool


class _BlankIsMissing(Strict):
    """An object of parties whose empty entries count as absent: the domain answers an empty
    signature or filing as missing, with its own code (``guardian-signature-required`` …)."""

    @model_validator(mode="before")
    @classmethod
    def _drop_blank(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if v}
        return value


class Signature(Strict):
    """A signature on the entrusted-guardianship agreement."""

    on: Day
    name: Maybe = None


class Signatures(_BlankIsMissing):
    """The three signatures (R-GD-4); each missing one has its own code
    (``guardian-signature-required``, ``entrusted-guardian-signature-required``,
    ``supervisor-signature-required``)."""

    guardian: Signature | None = Field(default=None, description="the entrusting parent")
    entrusted_guardian: Signature | None = None
    supervisor: Signature | None = None


class Filing(Strict):
    """A filing of the agreement (备案)."""

    on: Day
    by: Maybe = None


class Filings(_BlankIsMissing):
    """Filing with the town and with the committee (R-GD-4); each missing one has its own
    code (``town-filing-required``, ``committee-filing-required``)."""

    town: Filing | None = None
    committee: Filing | None = None


class Fee(Strict):
    """The guardianship fee of a town appointment (监护报酬, R-GD-5); a subsidy only for a
    family on minimum living support (``subsidy-not-eligible``)."""

    amount_fen: Annotated[int, Field(ge=0, description="in fen (分), 0 or more")]
    period: term("fee_period")  # type: ignore[valid-type]
    paid_by: term("fee_payer")  # type: ignore[valid-type]
    minimum_living_support: bool


coded("fee.period", "unknown-term", vocabulary_name="fee_period")
coded("fee.paid_by", "unknown-term", vocabulary_name="fee_payer")


class CourtRulingCited(Strict):
    """The ruling that appointed civil affairs (``institutional`` on
    ``court_appointed_civil_affairs``, R-GD-6, R-GD-8): it must be on record."""

    petition_id: Annotated[
        str,
        Field(
            pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
            description="the petition the court ruled on (a UUID, lower case)",
        ),
    ]
    ruling_sha256: Sha256Member
    ruled_on: Annotated[IsoDate | None, Field(description="the ruling's date, as recorded")] = None


coded("court_ruling.ruling_sha256", "invalid-document-hash")


class Document(Strict):
    """A further document of a change, by hash (R-GD-9)."""

    sha256: Sha256Member
    title: Given


coded("documents[].sha256", "invalid-document-hash")
