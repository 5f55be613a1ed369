"""The media-type check reads each container's own signature (``domain/records/media.py``)."""

from __future__ import annotations

import pytest

from domain.records.errors import EvidenceTypeMismatch, EvidenceTypeUnsupported, PayloadTooLarge
from domain.records.media import (
    ACTIVE_CONTENT,
    ALLOWED,
    EXTENSIONS,
    MAX_JSON_BYTES,
    SIGNATURES,
    ContentCheck,
    check_allowed,
    check_content,
    extension,
)

PAD = bytes(600)
SAMPLES: dict[str, tuple[bytes, list[str]]] = {
    "mp4": (b"\x00\x00\x00\x18ftypisom" + PAD, ["video/mp4", "audio/mp4", "video/3gpp"]),
    "mov": (b"\x00\x00\x00\x08wide\x00\x00\x00\x10mdat" + PAD, ["video/quicktime"]),
    "webm": (b"\x1a\x45\xdf\xa3" + PAD, ["video/webm", "video/x-matroska", "audio/webm"]),
    "avi": (b"RIFF\x00\x10\x00\x00AVI LIST" + PAD, ["video/x-msvideo", "video/avi"]),
    "wav": (b"RIFF\x00\x10\x00\x00WAVEfmt " + PAD, ["audio/wav", "audio/x-wav"]),
    "mp3-id3": (b"ID3\x04\x00" + PAD, ["audio/mpeg", "audio/mp3"]),
    "mp3-frame": (b"\xff\xfb\x90\x64" + PAD, ["audio/mpeg"]),
    "aac-adts": (b"\xff\xf1\x50\x80" + PAD, ["audio/aac", "audio/x-aac"]),
    "ogg": (b"OggS\x00\x02" + PAD, ["audio/ogg", "video/ogg", "audio/opus"]),
    "flac": (b"fLaC\x00\x00\x00\x22" + PAD, ["audio/flac", "audio/x-flac"]),
    "mpeg-ts": ((b"\x47" + bytes(187)) * 6, ["video/mp2t"]),
    "mpeg-ps": (b"\x00\x00\x01\xba" + PAD, ["video/mpeg"]),
    "amr": (b"#!AMR\n" + PAD, ["audio/amr", "audio/3gpp"]),
    "flv": (b"FLV\x01\x05" + PAD, ["video/x-flv"]),
    "asf": (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9" + PAD, ["video/x-ms-wmv"]),
    "jpeg": (b"\xff\xd8\xff\xe0" + PAD, ["image/jpeg"]),
    "png": (b"\x89PNG\r\n\x1a\n" + PAD, ["image/png"]),
    "gif": (b"GIF89a" + PAD, ["image/gif"]),
    "webp": (b"RIFF\x00\x10\x00\x00WEBPVP8 " + PAD, ["image/webp"]),
    "tiff": (b"II*\x00" + PAD, ["image/tiff"]),
    "pdf": (b"%PDF-1.7\n" + PAD, ["application/pdf"]),
    "pdf-after-junk": (b"\r\n" * 20 + b"%PDF-1.4" + PAD, ["application/pdf"]),
}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_each_container_is_accepted_under_its_own_types_and_refused_under_the_others(
    name: str,
) -> None:
    """A sample passes the types of its container, and no recording or picture type else."""
    head, types = SAMPLES[name]
    for media_type in types:
        check_content(media_type, head[:1024])
    own = {t for _, (h, ts) in SAMPLES.items() if h[:16] == head[:16] for t in ts}
    for media_type in sorted(set(SIGNATURES) - own - set(types)):
        if SIGNATURES[media_type](head[:1024]):
            continue  # several containers share a signature (ISO media, RIFF forms checked)
        with pytest.raises(EvidenceTypeMismatch):
            check_content(media_type, head[:1024])


def test_every_recording_type_of_a_sample_fails_on_plain_text() -> None:
    """Text declared as any checkable type is a mismatch."""
    for media_type in SIGNATURES:
        with pytest.raises(EvidenceTypeMismatch):
            check_content(media_type, b"hello, this is not a recording at all")


def test_an_unknown_recording_or_document_type_is_unsupported() -> None:
    """Audio and video must be checkable to count; documents outside the allow-list (office
    formats, octet streams) are no longer taken as declared (F6)."""
    with pytest.raises(EvidenceTypeUnsupported):
        check_content("video/x-unheard-of", b"\x00\x00\x00\x18ftypisom")
    for media_type in (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/octet-stream",
        "application/zip",
    ):
        with pytest.raises(EvidenceTypeUnsupported):
            check_content(media_type, b"PK\x03\x04")
    with pytest.raises(EvidenceTypeMismatch):
        check_content("text/plain", b"\xff\xfe anything")


def test_a_short_transport_stream_is_checked_on_the_packets_it_has() -> None:
    """Sync bytes at 0, 188, 376 …; a wrong byte at a packet start is a mismatch."""
    check_content("video/mp2t", b"\x47" + bytes(187) + b"\x47" + bytes(10))
    with pytest.raises(EvidenceTypeMismatch):
        check_content("video/mp2t", b"\x47" + bytes(187) + b"\x48" + bytes(10))


# -- the allow-list and the checks of text and JSON (F6) ---------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("content", "media_type", "code"),
    [
        (PDF, "image/svg+xml", "evidence-type-unsupported"),
        (SVG, "image/svg+xml", "evidence-type-unsupported"),
        (EXE, "text/plain", "evidence-type-mismatch"),
        (EXE, "application/x-msdownload", "evidence-type-unsupported"),
        (b"<html><script>alert(1)</script></html>", "text/plain", "evidence-type-mismatch"),
        (b"  \n<!DOCTYPE html><p>hi</p>", "text/plain", "evidence-type-mismatch"),
        (b"<?xml version='1.0'?><a/>", "text/csv", "evidence-type-mismatch"),
        (b"\xef\xbb\xbf<svg onload=x>", "text/plain", "evidence-type-mismatch"),
        (b"#!/bin/sh\nrm -rf /\n", "text/plain", "evidence-type-mismatch"),
        (b"notes\n...<ScRiPt src=x>", "text/plain", "evidence-type-mismatch"),
        (b"name,age\n\x00\x01", "text/csv", "evidence-type-mismatch"),
        (b"\x1b[31mred", "text/plain", "evidence-type-mismatch"),
        (b"this is not JSON", "application/json", "evidence-type-mismatch"),
        (b'{"a": NaN}', "application/json", "evidence-type-mismatch"),
        (b'{"a": 1', "application/json", "evidence-type-mismatch"),
        (b"<p>hi</p>", "text/html", "evidence-type-unsupported"),
        (b"alert(1)", "application/javascript", "evidence-type-unsupported"),
    ],
    ids=[
        "pdf-as-svg", "svg", "exe-as-text", "exe", "html-as-text", "doctype-as-text",
        "xml-as-csv", "bom-svg-as-text", "shebang-as-text", "script-tag-in-text", "nul-in-csv",
        "escape-in-text", "text-as-json", "nan-json", "truncated-json", "html", "javascript",
    ],
)  # fmt: skip
def test_active_or_mislabelled_content_is_refused(
    content: bytes, media_type: str, code: str
) -> None:
    """The outside review's uploads: SVG, executables, HTML and non-JSON are never evidence."""
    with pytest.raises((EvidenceTypeMismatch, EvidenceTypeUnsupported)) as refused:
        check_content(media_type, content)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        ("现场笔录：当事人在场，出示执法证件。\r\n第二行\t制表\f".encode(), "text/plain"),
        ("\ufeff姓名,金额\r\n张三,200\r\n".encode(), "text/csv"),
        (b"a < b and c > d; 1<2", "text/plain"),
        (b'{"reading": 1.5, "reading": 2, "nested": [{"a": null}]}', "application/json"),
        (b"", "text/plain"),
    ],
    ids=["chinese-text", "csv-with-bom", "less-than-in-text", "json", "empty-text"],
)
def test_plain_text_and_json_documents_are_accepted(content: bytes, media_type: str) -> None:
    """UTF-8 text (a BOM, tabs, form feeds, a lone ``<``) and any JSON text are evidence."""
    check_content(media_type, content)


def test_text_is_checked_whole_across_chunk_boundaries() -> None:
    """A ``<script`` split between chunks, bad UTF-8 after the first kilobyte, a multi-byte
    character split in two: each is found or accepted as if the content came in one piece."""
    for cut in range(1, len("<script")):
        tail = b"<script>x</script>"
        check = ContentCheck("text/plain")
        check.feed(b"harmless notes " * 200 + tail[:cut])
        with pytest.raises(EvidenceTypeMismatch):
            check.feed(tail[cut:])
    late = ContentCheck("text/plain")
    late.feed(b"a" * 5000)
    with pytest.raises(EvidenceTypeMismatch):
        late.feed(b"\xff")
    split = ContentCheck("text/plain")
    word = "证据".encode()
    split.feed(word[:1])
    split.feed(word[1:])
    split.finish()
    truncated = ContentCheck("text/plain")
    truncated.feed(word[:2])
    with pytest.raises(EvidenceTypeMismatch):
        truncated.finish()


def test_markup_after_a_long_run_of_blanks_is_still_found() -> None:
    """Leading blanks do not push the start check past the markup."""
    check = ContentCheck("text/plain")
    check.feed(b" " * 5000)
    with pytest.raises(EvidenceTypeMismatch):
        check.feed(b"\n\n<html>")


def test_json_evidence_above_its_limit_is_413() -> None:
    """JSON is checked whole, so it is held in memory up to ``MAX_JSON_BYTES``."""
    check = ContentCheck("application/json")
    check.feed(b"[" + b"1," * (MAX_JSON_BYTES // 4))
    with pytest.raises(PayloadTooLarge):
        check.feed(b"1," * (MAX_JSON_BYTES // 2))


def test_a_text_type_naming_another_charset_is_unsupported() -> None:
    """Evidence text is UTF-8; GBK or Latin-1 text is converted first."""
    check_allowed("text/plain", "utf-8")
    check_allowed("application/json", '"UTF-8"')
    check_allowed("image/png", "binary")
    for charset in ("gbk", "iso-8859-1", "utf-16"):
        with pytest.raises(EvidenceTypeUnsupported):
            check_allowed("text/plain", charset)


def test_no_active_content_type_is_allowed() -> None:
    """SVG, HTML, XML, scripts and executables are outside the allow-list."""
    assert ACTIVE_CONTENT.isdisjoint(ALLOWED)
    for media_type in ACTIVE_CONTENT:
        with pytest.raises(EvidenceTypeUnsupported, match="active content"):
            check_allowed(media_type)


def test_every_allowed_media_type_downloads_under_its_own_extension() -> None:
    """A download is named ``<sha256>.<ext>`` from its media type (docs/evidence.md): every
    type evidence may have has an extension, plain letters and digits, never ``bin``."""
    assert sorted(ALLOWED - set(EXTENSIONS)) == []
    for media_type in ALLOWED:
        assert extension(media_type).isalnum(), media_type
        assert extension(media_type) != "bin", media_type
    assert extension("application/x-unknown") == "bin"
