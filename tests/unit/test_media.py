"""The media-type check reads each container's own signature (``domain/media.py``)."""

from __future__ import annotations

import pytest

from domain.errors import EvidenceTypeMismatch, EvidenceTypeUnsupported
from domain.media import SIGNATURES, check_content

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


def test_an_unknown_recording_type_is_unsupported_and_an_unknown_document_type_is_accepted() -> (
    None
):
    """Audio and video must be checkable to count; other documents are taken as declared."""
    with pytest.raises(EvidenceTypeUnsupported):
        check_content("video/x-unheard-of", b"\x00\x00\x00\x18ftypisom")
    check_content("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK")
    check_content("text/plain", b"\xff\xfe anything")


def test_a_short_transport_stream_is_checked_on_the_packets_it_has() -> None:
    """Sync bytes at 0, 188, 376 …; a wrong byte at a packet start is a mismatch."""
    check_content("video/mp2t", b"\x47" + bytes(187) + b"\x47" + bytes(10))
    with pytest.raises(EvidenceTypeMismatch):
        check_content("video/mp2t", b"\x47" + bytes(187) + b"\x48" + bytes(10))
