"""Write ``docs/test-vectors/events.json``: event envelopes with their canonical bytes and hashes.

Every vector's canonical bytes are computed twice, by the project's
``domain.proof.jcs.canonical_json`` and by the ``rfc8785`` reference package, and the
script stops without writing if the two ever differ. It also checks each vector
against ``domain.proof.chain`` (decoding, hash, stored state) and checks that all the
vectors together form a store that ``domain.proof.verify.verify_rows`` accepts.

All values are fixed (no clock, no randomness): running it again gives the same file.

    python scripts/make_event_vectors.py          # write the file
    python scripts/make_event_vectors.py --check  # exit 1 if the file is not up to date
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import rfc8785

from domain.proof.chain import (
    EVENT_HASH_PREFIX,
    GENESIS_PREV,
    SPEC_VERSION,
    decode_envelope,
    encode_state,
    hash_canonical,
    split_state,
)
from domain.proof.jcs import MAX_SAFE_INTEGER, canonical_json
from domain.proof.verify import StoredRow, verify_rows

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "test-vectors" / "events.json"

# Fixed, made-up identifiers: one stream per vector, except the chained vectors,
# which share CHAIN_STREAM.
CHAIN_STREAM = "3f2b8c1e-5d4a-4e6f-9a7b-2c1d0e9f8a71"
OFFICER = "7a9e2d4c-1b3f-4a5e-8c6d-0f1e2d3c4b5a"
REVIEWER = "c4d3e2f1-a0b9-4c8d-9e7f-6a5b4c3d2e1f"


class VectorError(SystemExit):
    """A vector failed a cross-check; nothing is written."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"make_event_vectors: vector {name!r}: {message}")


def _spec(
    name: str,
    note: str,
    *,
    stream: str,
    seq: int,
    event_type: str,
    at: str,
    actor: str,
    data: dict[str, Any],
    prev: str | None = None,
    prev_vector: str | None = None,
) -> dict[str, Any]:
    """One vector before hashing; ``prev_vector`` names the vector whose hash is ``prev``."""
    return {
        "name": name,
        "note": note,
        "envelope": {
            "stream": stream,
            "seq": seq,
            "type": event_type,
            "at": at,
            "actor": actor,
            "data": data,
            "prev": prev,
        },
        "prev_vector": prev_vector,
    }


def _show(text: str) -> str:
    """A member name as a reader should see it in a note: non-ASCII as ``U+XXXX``."""
    if not text:
        return '"" (the empty name)'
    return "".join(c if 0x20 <= ord(c) < 0x7F else f"U+{ord(c):04X}" for c in text)


def _orders_note(keys: list[str]) -> str:
    """Say in which order RFC 8785 and ``json.dumps(sort_keys=True)`` put ``keys``."""
    utf16 = sorted(keys, key=lambda k: k.encode("utf-16-be"))
    code_points = sorted(keys)
    jcs = ", ".join(_show(k) for k in utf16)
    py = ", ".join(_show(k) for k in code_points)
    if utf16 == code_points:
        return f"RFC 8785 (UTF-16 code units) and json.dumps(sort_keys=True) agree: {jcs}."
    return (
        f"RFC 8785 orders the data members by UTF-16 code units: {jcs}; "
        f"Python's json.dumps(sort_keys=True) orders them by code points: {py}. "
        "A signer that sorts by code points produces different bytes and a different hash."
    )


def vector_specs() -> list[dict[str, Any]]:
    """The vectors, in file order; the chained ones come last, oldest first."""
    utf16_minimal = ["\ue000", "\U0001f600"]
    utf16_mixed = ["\ufb01", "\U0001d11e", "\ue000", "z", "\U0001f600", "\uffee", "\u00e9"]
    ascii_keys = ["b", "B", "_", "a", "aa", "10", "2", "", "A"]
    return [
        _spec(
            "ascii-plain",
            "Plain ASCII only; the server's own actor `system`; genesis event of its stream "
            "(seq 1, prev is 64 zeros). In the canonical bytes the envelope members appear "
            "in RFC 8785 order: actor, at, data, prev, seq, stream, type.",
            stream="0b6f1d2a-9c3e-4b7d-8e5f-1a2b3c4d5e6f",
            seq=1,
            event_type="actors.Registered",
            at="2026-11-28T22:07:33.123456Z",
            actor="system",
            data={
                "name": "Zhang San",
                "role": "officer",
                "agency": "Zibo Market Supervision Administration",
                "jurisdiction": "370303",
            },
        ),
        _spec(
            "chinese-text",
            "Chinese text in values and member names, written as literal UTF-8 (3 bytes per "
            "BMP character), plus U+20BB7 (a CJK Extension B character, 4 bytes in UTF-8, a "
            "surrogate pair in UTF-16). Member names in the BMP sort the same by code unit "
            "and by code point.",
            stream="1c7a2e3b-0d4f-4c8e-9f6a-2b3c4d5e6f70",
            seq=1,
            event_type="enforcement.CaseOpened",
            at="2026-03-09T01:02:03.000000Z",
            actor=OFFICER,
            data={
                "案由": "未按规定公示食品经营许可证",
                "当事人": {"姓名": "张三", "证件类型": "居民身份证"},
                "承办机关": "淄博市市场监督管理局",
                "程序": "行政处罚（一般程序）",
                "证人": ["李四", "\U00020bb7野家"],
                "case_number": "淄市监处罚〔2026〕17号",
            },
        ),
        _spec(
            "string-escapes",
            'String escaping: quotation mark and reverse solidus are escaped as \\" and '
            "\\\\; U+0008, U+0009, U+000A, U+000C, U+000D use the two-character escapes "
            "\\b \\t \\n \\f \\r; other controls below U+0020 are \\u00XX with lower-case hex "
            "(U+0001 is \\u0001, U+001F is \\u001f); U+007F, U+2028, U+2029, the solidus '/', "
            "U+00E9 and U+1F600 are written literally as UTF-8, never escaped.",
            stream="2d8b3f4c-1e5a-4d9f-8a7b-3c4d5e6f7081",
            seq=1,
            event_type="enforcement.NoteRecorded",
            at="2026-03-09T01:02:04.000001Z",
            actor=OFFICER,
            data={
                "quote": 'he said "stop"',
                "backslash": "C:\\records\\2026",
                "newline": "line 1\nline 2",
                "tab": "a\tb",
                "cr_bs_ff": "\r\b\f",
                "control_01": "\u0001",
                "control_1f": "\u001f",
                "del_7f": "\u007f",
                "line_separator": "a\u2028b",
                "paragraph_separator": "a\u2029b",
                "solidus": "https://example.org/a/b",
                "non_ascii": "caf\u00e9 \U0001f600",
                '"key\\with\nescapes': "member names are escaped the same way",
            },
        ),
        _spec(
            "integers",
            "Integers: the largest and smallest allowed, ±(2^53−1) = ±9007199254740991, "
            "zero, negative values and money in fen, all in shortest decimal form "
            "(no sign on zero, no exponent, no leading zeros). Decimal fractions travel "
            "as strings.",
            stream="3e9c4a5d-2f6b-4e0a-9b8c-4d5e6f708192",
            seq=1,
            event_type="enforcement.PenaltyProposed",
            at="2026-03-09T01:02:05.999999Z",
            actor=OFFICER,
            data={
                "max_safe": MAX_SAFE_INTEGER,
                "min_safe": -MAX_SAFE_INTEGER,
                "zero": 0,
                "minus_one": -1,
                "fine_fen": 500000,
                "refund_fen": -12345,
                "rate": "0.05",
            },
        ),
        _spec(
            "structures",
            "Nested objects and arrays (members of nested objects are sorted too; array "
            "order is kept), an empty object, an empty array, null, true and false, and an "
            "array that mixes every kind of value.",
            stream="4fad5b6e-3a7c-4f1b-8c9d-5e6f708192a3",
            seq=1,
            event_type="children.GuardianEntrusted",
            at="2026-03-09T01:02:06.000000Z",
            actor=OFFICER,
            data={
                "z_last": {"y": [3, 2, 1], "x": {"b": None, "a": []}},
                "empty_object": {},
                "empty_array": [],
                "nothing": None,
                "yes": True,
                "no": False,
                "mixed": [{"k": "v"}, [], [[["deep"]]], "s", 7, True, False, None, {}],
            },
        ),
        _spec(
            "key-order-utf16-minimal",
            "Member-name order where RFC 8785 and Python differ: U+E000 is one UTF-16 code "
            "unit 0xE000, U+1F600 is the surrogate pair 0xD83D 0xDE00, and 0xD83D < 0xE000. "
            + _orders_note(utf16_minimal),
            stream="5abe6c7f-4b8d-4a2c-9dae-6f708192a3b4",
            seq=1,
            event_type="reports.ReportFiled",
            at="2026-03-09T01:02:07.000000Z",
            actor=OFFICER,
            data={"\ue000": "private use", "\U0001f600": "grinning face"},
        ),
        _spec(
            "key-order-utf16-mixed",
            "Member-name order with several characters on both sides of the surrogate range "
            "(U+D800..U+DFFF): characters above U+FFFF sort before U+E000..U+FFFF. "
            + _orders_note(utf16_mixed),
            stream="6bcf7d80-5c9e-4b3d-8ebf-708192a3b4c5",
            seq=1,
            event_type="reports.ReportFiled",
            at="2026-03-09T01:02:08.000000Z",
            actor=OFFICER,
            data={key: index for index, key in enumerate(utf16_mixed)},
        ),
        _spec(
            "key-order-ascii",
            "Member names compared as plain code-unit sequences: no locale, no numeric "
            "order, upper case before lower case, a prefix before its extensions, the empty "
            "name first. " + _orders_note(ascii_keys),
            stream="7cd08e91-6daf-4c4e-9fc0-8192a3b4c5d6",
            seq=1,
            event_type="catalogue.ItemAdded",
            at="2026-03-09T01:02:09.000000Z",
            actor=OFFICER,
            data={key: key or "(empty name)" for key in ascii_keys},
        ),
        _spec(
            "empty-data",
            "An event whose data is the empty object {}.",
            stream="8de19fa2-7eb0-4d5f-8ad1-92a3b4c5d6e7",
            seq=1,
            event_type="actors.Suspended",
            at="2026-03-09T01:02:10.000000Z",
            actor="system",
            data={},
        ),
        _spec(
            "chain-genesis",
            "Genesis event of a three-event stream: seq 1, prev is 64 zeros.",
            stream=CHAIN_STREAM,
            seq=1,
            event_type="enforcement.CaseOpened",
            at="2026-04-01T08:30:00.000000Z",
            actor=OFFICER,
            data={"case_number": "淄市监处罚〔2026〕18号", "party": "张三"},
        ),
        _spec(
            "chain-second",
            "Second event of the stream of chain-genesis: seq 2, prev is chain-genesis's "
            "event_hash. A later step recorded after the fact carries its own occurred_at "
            "in data, while at is the server time of recording.",
            stream=CHAIN_STREAM,
            seq=2,
            event_type="enforcement.InspectionRecorded",
            at="2026-04-02T09:15:30.250000Z",
            actor=OFFICER,
            data={"occurred_at": "2026-04-01T06:00:00.000000Z", "findings": "许可证未公示"},
            prev_vector="chain-genesis",
        ),
        _spec(
            "chain-third",
            "Third event of the stream of chain-genesis: seq 3, prev is chain-second's "
            "event_hash; a different actor.",
            stream=CHAIN_STREAM,
            seq=3,
            event_type="enforcement.LegalReviewPassed",
            at="2026-04-03T10:00:00.000001Z",
            actor=REVIEWER,
            data={"draft_sha256": "ab" * 32, "fine_fen": 200000, "reviewer_name": "李四"},
            prev_vector="chain-second",
        ),
    ]


def _check(name: str, condition: bool, message: str) -> None:
    if not condition:
        raise VectorError(name, message)


def build_vectors() -> list[dict[str, Any]]:
    """Compute, cross-check and return every vector in its published form."""
    vectors: list[dict[str, Any]] = []
    hashes: dict[str, str] = {}
    for spec in vector_specs():
        name, envelope = spec["name"], spec["envelope"]
        if spec["prev_vector"] is None:
            envelope["prev"] = GENESIS_PREV
        else:
            envelope["prev"] = hashes[spec["prev_vector"]]
        ours = canonical_json(envelope)
        reference = rfc8785.dumps(envelope)
        _check(
            name,
            ours == reference,
            f"domain.jcs gives {ours!r} but rfc8785 gives {reference!r}",
        )
        event_hash = hash_canonical(ours)
        _check(
            name,
            event_hash == hashlib.sha256(EVENT_HASH_PREFIX + ours).hexdigest(),
            "hash_canonical disagrees with SHA-256 over prefix and bytes",
        )
        decoded = decode_envelope(ours)
        _check(name, decoded.as_dict() == envelope, "decode_envelope does not round-trip")
        state = encode_state(event_hash, ours)
        _check(name, split_state(state) == (event_hash, ours), "split_state does not round-trip")
        hashes[name] = event_hash
        vectors.append(
            {
                "name": name,
                "note": spec["note"],
                "envelope": envelope,
                "canonical_base64": base64.b64encode(ours).decode("ascii"),
                "canonical_utf8": ours.decode("utf-8"),
                "event_hash": event_hash,
                "stored_state_base64": base64.b64encode(state).decode("ascii"),
            }
        )
    _check_store(vectors)
    return vectors


def _check_store(vectors: list[dict[str, Any]]) -> None:
    """The vectors, stored in file order, must form a store the verifier accepts."""
    rows = [
        StoredRow(
            position=position,
            stream=v["envelope"]["stream"],
            seq=v["envelope"]["seq"],
            topic=v["envelope"]["type"],
            state=base64.b64decode(v["stored_state_base64"]),
        )
        for position, v in enumerate(vectors, start=1)
    ]
    report = verify_rows(lambda: rows)
    _check("(all)", report.ok, f"verify_rows rejects the vectors: {report.as_dict()}")


DESCRIPTION = (
    "Test vectors for Jianzheng spec v1 event envelopes (docs/spec.md, section 1). "
    "For each vector: envelope is the seven-member event envelope; canonical_base64 is "
    "base64 (RFC 4648 §4) of its RFC 8785 (JCS) canonical UTF-8 bytes and canonical_utf8 "
    "the same bytes as text, for reading; event_hash is lower-case hex "
    'SHA-256("jianzheng:event:v1\\n" || canonical bytes); stored_state_base64 is the '
    "stored row state, the 64 ASCII hex digits of event_hash, 0x0A, then the canonical "
    "bytes. canonical_base64 is authoritative. Vectors chain-genesis, chain-second and "
    "chain-third are one stream (seq 1, 2, 3), each prev being the previous one's "
    "event_hash; every other vector is the first event of a stream of its own, so all "
    "the vectors stored in file order (topic = type) form a store that verifies. Event "
    "types and data are illustrative, not a catalogue of the service's events. In this "
    "file, characters that do not print (U+007F, U+2028, private use, ...) are written "
    "as JSON \\u escapes; they decode to the same strings."
)

HOW_GENERATED = (
    "Generated by scripts/make_event_vectors.py from fixed values (no clock, no "
    "randomness; rerunning gives an identical file). Each vector's canonical bytes were "
    "computed by two independent implementations, the project's "
    "domain.jcs.canonical_json and the rfc8785 reference package (rfc8785.dumps), and "
    "the script refuses to write unless they are byte-identical. It also checks that "
    "domain.chain.decode_envelope round-trips each envelope, that split_state recovers "
    "hash and bytes from the stored state, and that domain.verify.verify_rows accepts "
    "the whole set. Check that the file is current with "
    "`python scripts/make_event_vectors.py --check`."
)


def _escape_unprintable(text: str) -> str:
    """Write characters that do not print as JSON escapes (valid only inside strings).

    Outside strings, ``json.dumps`` writes only ASCII punctuation, digits, spaces and
    the newlines of indentation, so every other unprintable character is in a string.
    """
    out = []
    for c in text:
        if c == "\n" or c.isprintable():
            out.append(c)
        elif ord(c) > 0xFFFF:
            pair = c.encode("utf-16-be")
            out.append(f"\\u{pair[0]:02x}{pair[1]:02x}\\u{pair[2]:02x}{pair[3]:02x}")
        else:
            out.append(f"\\u{ord(c):04x}")
    return "".join(out)


def render() -> str:
    """The full text of the vectors file."""
    document = {
        "spec": SPEC_VERSION,
        "description": DESCRIPTION,
        "how_generated": HOW_GENERATED,
        "vectors": build_vectors(),
    }
    text = _escape_unprintable(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
    if json.loads(text) != document:
        raise SystemExit("make_event_vectors: escaping changed the document")
    return text


def main(argv: list[str] | None = None) -> int:
    """Write the vectors file, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the file goes")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text("utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date; run scripts/make_event_vectors.py")
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, "utf-8")
    print(f"wrote {len(json.loads(text)['vectors'])} vectors to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
