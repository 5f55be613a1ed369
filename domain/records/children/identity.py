"""Who is who: people compared as the law reads them, not as they are typed (R-GD-8).

A revoked guardian does not come back under a name, relation or ID number written in other
letters, case or widths, or with invisible characters (:func:`identity_key`,
:func:`may_be_revoked_person`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import domain.records.children.errors as ce
from domain.records.children.vocabulary import PARENT_RELATIONS

SINGLE_PARENT_RELATIONS = PARENT_RELATIONS - {"parents"}
"""``father`` and ``mother``: each names one person of this child (R-GD-8 identity)."""


_NAME_SEPARATORS = re.compile(r"[\s、,;/&]+")


_IGNORABLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
"""Control and format characters (zero-width space and joiners, soft hyphen, byte-order
mark…) and every kind of space: they change how a name looks, never whom it names."""


def _ignorable(char: str) -> bool:
    """Whether ``char`` is dropped when identities are compared: controls, format characters,
    spaces, and the other default-ignorable code points (variation selectors, Hangul fillers,
    the combining grapheme joiner; Unicode's ``Default_Ignorable_Code_Point``)."""
    code = ord(char)
    return (
        unicodedata.category(char) in _IGNORABLE_CATEGORIES
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x180B <= code <= 0x180F
        or code in {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0}
    )


_CONFUSABLES = str.maketrans(
    {
        # Cyrillic and Greek letters drawn like Latin ones (Unicode TR 39 confusables, the
        # common lower-case subset after case folding): "gdасс2父" with Cyrillic а, с.
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
        "ԛ": "q", "ԝ": "w", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k",
        "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y",
    }
)  # fmt: skip


def identity_key(value: object) -> str:
    """A name, relation or ID number as compared (R-GD-8).

    Only what names someone is kept: Unicode NFKC (full-width letters and digits become
    ASCII, compatibility forms their base), case folded, decomposed to drop accents and other
    combining marks, Cyrillic and Greek look-alikes of Latin letters mapped to them, and then
    only letters and digits — no spaces, punctuation (``.``, ``·``), symbols that show as
    blank (U+2800, U+FFFC) or invisible characters. ``ＧＤ父``, ``gd\u200b父``, ``G·D父`` and
    ``gd父\u2800`` are all ``gd父``; a non-string is the empty key, which matches nothing.
    """
    if not isinstance(value, str):
        return ""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    bare = unicodedata.normalize("NFKD", folded).translate(_CONFUSABLES)
    kept = (c for c in bare if unicodedata.category(c)[0] in "LN" and not _ignorable(c))
    return unicodedata.normalize("NFC", "".join(kept))


def id_number_key(value: object) -> str:
    """An ID number as compared: :func:`identity_key`, upper case (``x`` is ``X``); a
    居民身份证 number by its 17 information digits (GB 11643), so the 15-digit first-generation
    form of a card (``19`` inserted before the year) and an 18-digit form with any check
    character are the same key: one card, one person."""
    key = identity_key(value).upper()
    if len(key) == 15 and key.isdigit():
        return key[:6] + "19" + key[6:]
    if len(key) == 18 and key[:17].isdigit():
        return key[:17]
    return key


ID_NUMBER_FORMS = (re.compile(r"\d{17}[\dX]"), re.compile(r"\d{15}"))
"""The forms of a 公民身份号码 (GB 11643): 17 digits and a check character (a digit or X),
or the 15 digits of a first-generation card; compared after :func:`identity_key` (spaces,
full-width digits, a lower-case x are the same number)."""


def check_id_number(value: object, field: str) -> None:
    """A child's ID number, when given, is a 公民身份号码 in one of :data:`ID_NUMBER_FORMS`
    (R-CH-1): the same check at registration and at correction, so that no claim keys on
    ``abc``. The check character itself is not verified: numbers copied from old paper
    ledgers carry wrong ones, and one card is one key whatever its check character."""
    if value is None:
        return
    written = identity_key(value).upper() if isinstance(value, str) else ""
    if not any(form.fullmatch(written) for form in ID_NUMBER_FORMS):
        raise ce.InvalidField(
            f"{field}: an ID number (公民身份号码) is 18 characters, 17 digits and a digit or X, "
            "or the 15 digits of a first-generation card",
            field=field,
        )


def relation_key(record: dict[str, Any]) -> str:
    """A record's relation as compared (``Father``, ``ＦＡＴＨＥＲ`` and ``father`` alike): a
    vocabulary code, so NFKC, case folded, without spaces or invisible characters, but with
    its ``_`` kept (``civil_affairs``) — unlike a name (:func:`identity_key`)."""
    value = record.get("relation")
    if not isinstance(value, str):
        return ""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return "".join(char for char in folded if not _ignorable(char))


def is_parent_record(record: dict[str, Any]) -> bool:
    """Whether a guardian record names a parent (father, mother or both), however written."""
    return relation_key(record) in PARENT_RELATIONS


def _name_key(record: dict[str, Any]) -> str:
    """A name as compared (:func:`identity_key`: ``王 大山`` is ``王大山``)."""
    return identity_key(record.get("name"))


def _id_key(record: dict[str, Any]) -> str:
    return id_number_key(record.get("id_number"))


def same_person(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two guardian records name the same person (R-GD-8).

    A parent of this child is one person per relation: two records of the child's father
    (or mother) name the same person, whatever their names or ID numbers say — a revoked
    father does not become someone else under a new ID number. Anyone else is the same
    person by ID number when both records carry one, otherwise by name and relation.
    Names, relations and ID numbers are compared as :func:`identity_key` writes them.
    """
    relation = relation_key(a)
    if relation == relation_key(b) and relation in SINGLE_PARENT_RELATIONS:
        return True
    if _id_key(a) and _id_key(b):
        return _id_key(a) == _id_key(b)
    return bool(_name_key(a)) and _name_key(a) == _name_key(b) and relation == relation_key(b)


def may_be_revoked_person(revoked: dict[str, Any], candidate: dict[str, Any]) -> bool:
    """Whether ``candidate`` could be the person ``revoked`` names, in any kind of arrangement.

    Wider than :func:`same_person`, because a revoked guardian must not come back under
    another relation or ID number (R-GD-8, 民法典 第38条): the same person by
    :func:`same_person`; either parent when ``parents`` were revoked jointly (or a parent
    when ``parents`` are named); the same ID number; or the same name under any relation,
    whatever ID number is given — a new number is exactly how the person would come back,
    the sealed file holds no better identity, and refusing the rare namesake among the
    people around one child is the safer error.
    """
    if same_person(revoked, candidate):
        return True
    relations = {relation_key(revoked), relation_key(candidate)}
    if "parents" in relations and relations <= PARENT_RELATIONS:
        return True
    if _id_key(revoked) and _id_key(revoked) == _id_key(candidate):
        return True
    name = _name_key(candidate)
    if not name:
        return False
    if relation_key(revoked) == "parents":  # "王大山 李秀英": both names
        written = unicodedata.normalize("NFKC", str(revoked.get("name", "")))
        names = {identity_key(part) for part in _NAME_SEPARATORS.split(written)} - {""}
        return name in names or name == _name_key(revoked)
    return name == _name_key(revoked)


def same_person_as_first_recorded(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """:func:`same_person` as it was when restorations named no revocation: replaying those
    events must find the revocation their command found."""
    if a.get("id_number") and b.get("id_number"):
        return bool(a["id_number"] == b["id_number"])
    return bool(a.get("name") == b.get("name") and a.get("relation") == b.get("relation"))
