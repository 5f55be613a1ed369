"""An upload's declared media type checked against its first bytes (R-AV-2, R-AV-4).

An audio-video requirement (R-AV-2/3) is met by citing a record whose media type is
``audio/*`` or ``video/*``; the type is the uploader's word, so it is checked here against
the container's signature ("magic bytes") before the upload is registered. Types with no
row below are accepted as declared, except audio and video: a recording in a container that
cannot be checked does not count as one (``evidence-type-unsupported``).

Signatures, by the containers' own specifications:

| container | media types | signature |
|---|---|---|
| ISO base media (MP4, M4A, 3GP) | video/mp4, audio/mp4, video/3gpp, … | ``ftyp`` at offset 4 |
| QuickTime (MOV) | video/quicktime | at offset 4: ``ftyp moov mdat wide free skip pnot`` |
| Matroska / WebM (EBML) | video/webm, video/x-matroska, audio/webm | ``1A 45 DF A3`` |
| AVI (RIFF) | video/x-msvideo, video/avi | ``RIFF`` ‖ size ‖ ``AVI `` |
| WAV (RIFF) | audio/wav, audio/x-wav, audio/wave | ``RIFF`` ‖ size ‖ ``WAVE`` |
| MP3 | audio/mpeg, audio/mp3 | ``ID3`` tag, or an MPEG audio frame sync (11 bits set, layer ≠ 0) |
| AAC (ADTS / ADIF) | audio/aac, audio/x-aac | ADTS sync (layer 0), ``ADIF``, or ``ID3`` |
| Ogg | audio/ogg, video/ogg, audio/opus, application/ogg | ``OggS`` |
| FLAC | audio/flac, audio/x-flac | ``fLaC`` (an ``ID3`` tag may come first) |
| MPEG transport stream | video/mp2t | ``47`` at every 188-byte packet start present |
| MPEG program stream | video/mpeg | ``00 00 01 BA`` or ``00 00 01 B3`` |
| AMR | audio/amr, audio/3gpp (AMR) | ``#!AMR`` |
| FLV | video/x-flv | ``FLV`` |
| ASF (WMV, WMA) | video/x-ms-wmv, audio/x-ms-wma | GUID ``30 26 B2 75 8E 66 CF 11`` |
| JPEG | image/jpeg | ``FF D8 FF`` |
| PNG | image/png | ``89 50 4E 47 0D 0A 1A 0A`` |
| GIF | image/gif | ``GIF87a`` or ``GIF89a`` |
| WebP (RIFF) | image/webp | ``RIFF`` ‖ size ‖ ``WEBP`` |
| TIFF | image/tiff | ``II*\\0`` or ``MM\\0*`` |
| BMP | image/bmp | ``BM`` |
| HEIF / AVIF | image/heic, image/heif, image/avif | ``ftyp`` at offset 4 |
| PDF | application/pdf | ``%PDF-`` within the first 1024 bytes |
"""

from __future__ import annotations

from collections.abc import Callable

from domain.errors import EvidenceTypeMismatch, EvidenceTypeUnsupported

SNIFF_BYTES = 1024
"""How many leading bytes the checks read (the PDF header may start anywhere in them)."""

Signature = Callable[[bytes], bool]

_ID3 = b"ID3"
_QUICKTIME_ATOMS = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_TS_PACKET = 188


def _iso_bmff(head: bytes) -> bool:
    return head[4:8] == b"ftyp"


def _quicktime(head: bytes) -> bool:
    return head[4:8] in _QUICKTIME_ATOMS


def _ebml(head: bytes) -> bool:
    return head.startswith(b"\x1a\x45\xdf\xa3")


def _riff(form: bytes) -> Signature:
    return lambda head: head.startswith(b"RIFF") and head[8:12] == form


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG-1/2 audio frame header: 11 sync bits, a layer that is not ``00``."""
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0


def _mp3(head: bytes) -> bool:
    return head.startswith(_ID3) or _mpeg_audio_frame(head)


def _aac(head: bytes) -> bool:
    adts = len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0
    return adts or head.startswith((b"ADIF", _ID3))


def _flac(head: bytes) -> bool:
    return head.startswith((b"fLaC", _ID3))


def _transport_stream(head: bytes) -> bool:
    return bool(head) and all(head[i] == 0x47 for i in range(0, len(head), _TS_PACKET))


def _program_stream(head: bytes) -> bool:
    return head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"))


def _starts(*prefixes: bytes) -> Signature:
    return lambda head: head.startswith(prefixes)


def _pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:SNIFF_BYTES]


_ASF = b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"

SIGNATURES: dict[str, Signature] = {
    **dict.fromkeys(
        ["video/mp4", "audio/mp4", "audio/m4a", "audio/x-m4a", "video/x-m4v", "video/3gpp2"],
        _iso_bmff,
    ),
    "video/3gpp": _iso_bmff,
    "audio/3gpp": lambda head: _iso_bmff(head) or head.startswith(b"#!AMR"),
    "audio/3gpp2": _iso_bmff,
    "video/quicktime": _quicktime,
    **dict.fromkeys(["video/webm", "audio/webm", "video/x-matroska", "audio/x-matroska"], _ebml),
    **dict.fromkeys(["video/x-msvideo", "video/avi", "video/msvideo"], _riff(b"AVI ")),
    **dict.fromkeys(["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"], _riff(b"WAVE")),
    **dict.fromkeys(["audio/mpeg", "audio/mp3"], _mp3),
    **dict.fromkeys(["audio/aac", "audio/x-aac", "audio/aacp"], _aac),
    **dict.fromkeys(["audio/ogg", "video/ogg", "audio/opus", "application/ogg"], _starts(b"OggS")),
    **dict.fromkeys(["audio/flac", "audio/x-flac"], _flac),
    "video/mp2t": _transport_stream,
    "video/mpeg": _program_stream,
    "audio/amr": _starts(b"#!AMR"),
    "video/x-flv": _starts(b"FLV"),
    **dict.fromkeys(["video/x-ms-wmv", "audio/x-ms-wma", "video/x-ms-asf"], _starts(_ASF)),
    "image/jpeg": _starts(b"\xff\xd8\xff"),
    "image/png": _starts(b"\x89PNG\r\n\x1a\n"),
    "image/gif": _starts(b"GIF87a", b"GIF89a"),
    "image/webp": _riff(b"WEBP"),
    "image/tiff": _starts(b"II*\x00", b"MM\x00*"),
    "image/bmp": _starts(b"BM"),
    **dict.fromkeys(["image/heic", "image/heif", "image/avif"], _iso_bmff),
    "application/pdf": _pdf,
}
"""Bare media type → the check of its container's signature (the table above)."""


def is_audio_video(media_type: str) -> bool:
    """Whether a media type is an audio or video recording (音像记录)."""
    return media_type.split("/", 1)[0] in {"audio", "video"}


def check_content(media_type: str, head: bytes) -> None:
    """Refuse ``head`` (the first :data:`SNIFF_BYTES` bytes) unless it fits ``media_type``."""
    signature = SIGNATURES.get(media_type)
    if signature is None:
        if is_audio_video(media_type):
            raise EvidenceTypeUnsupported(
                f"{media_type} is not a recording format that can be checked; "
                f"use one of {', '.join(sorted(t for t in SIGNATURES if is_audio_video(t)))}"
            )
        return
    if not signature(head):
        raise EvidenceTypeMismatch(
            f"the content does not begin like {media_type} (its container's signature is "
            "missing); declare the file's real media type"
        )
