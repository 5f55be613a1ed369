"""An upload's declared media type checked against its content (R-AV-2, R-AV-4).

Evidence is recordings, photos and documents, and nothing else: the media types accepted are
an allow-list (:data:`ALLOWED`), each with a check of the content, so that the declared type
— the uploader's word — is what the bytes are. Everything else is
``evidence-type-unsupported``: active content above all (SVG, HTML, XML, scripts,
executables — whoever opens the evidence later must not run it), office formats (convert
to PDF), ``application/octet-stream``, and audio or video in a container that cannot be
checked (an audio-video requirement, R-AV-2/3, is met only by a checkable recording).
Content that does not fit its declared type is ``evidence-type-mismatch``.

* recordings, photos and PDF (the table below): the container's signature ("magic bytes")
  in the first 1024 bytes;
* text, ``text/plain`` and ``text/csv`` (a ``charset`` only UTF-8): the *whole* content is
  UTF-8 with no NUL or other control character but tab, line feed, form feed and carriage
  return; it does not begin like markup (``<`` and a letter, ``!``, ``?`` or ``/``, after a
  byte-order mark and blanks) or a script (``#!``), and holds no ``<script`` anywhere;
* JSON, ``application/json``: the whole content (at most :data:`MAX_JSON_BYTES`) is one
  JSON text (RFC 8259: UTF-8, no ``NaN``), stored as its bytes, never parsed into an event.

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

import codecs
import json
import re
from collections.abc import Callable

from domain.records.errors import EvidenceTypeMismatch, EvidenceTypeUnsupported, PayloadTooLarge

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


TEXT_TYPES = frozenset({"text/plain", "text/csv"})
"""Plain text documents: UTF-8, checked whole."""

JSON_TYPE = "application/json"

ALLOWED = frozenset(SIGNATURES) | TEXT_TYPES | {JSON_TYPE}
"""Every media type evidence may be uploaded as."""

EXTENSIONS: dict[str, str] = {
    **dict.fromkeys(["video/mp4"], "mp4"),
    **dict.fromkeys(["audio/mp4", "audio/m4a", "audio/x-m4a"], "m4a"),
    "video/x-m4v": "m4v",
    **dict.fromkeys(["video/3gpp", "audio/3gpp"], "3gp"),
    **dict.fromkeys(["video/3gpp2", "audio/3gpp2"], "3g2"),
    "video/quicktime": "mov",
    "video/webm": "webm",
    "audio/webm": "weba",
    "video/x-matroska": "mkv",
    "audio/x-matroska": "mka",
    **dict.fromkeys(["video/x-msvideo", "video/avi", "video/msvideo"], "avi"),
    **dict.fromkeys(["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"], "wav"),
    **dict.fromkeys(["audio/mpeg", "audio/mp3"], "mp3"),
    **dict.fromkeys(["audio/aac", "audio/x-aac", "audio/aacp"], "aac"),
    "audio/ogg": "oga",
    "video/ogg": "ogv",
    "audio/opus": "opus",
    "application/ogg": "ogx",
    **dict.fromkeys(["audio/flac", "audio/x-flac"], "flac"),
    "video/mp2t": "ts",
    "video/mpeg": "mpg",
    "audio/amr": "amr",
    "video/x-flv": "flv",
    "video/x-ms-wmv": "wmv",
    "audio/x-ms-wma": "wma",
    "video/x-ms-asf": "asf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/tiff": "tif",
    "image/bmp": "bmp",
    "image/heic": "heic",
    "image/heif": "heif",
    "image/avif": "avif",
    "application/pdf": "pdf",
    "text/plain": "txt",
    "text/csv": "csv",
    JSON_TYPE: "json",
}
"""Allowed media type → the file-name extension a download is named with (the name is the
blob's hash and this, never a name someone typed: ``docs/evidence.md``)."""


def extension(media_type: str) -> str:
    """The extension of a download of ``media_type`` (``bin`` for a type not in the table,
    which only a registration by an early version can carry)."""
    return EXTENSIONS.get(media_type, "bin")


MAX_JSON_BYTES = 16 * 1024 * 1024
"""JSON evidence is parsed whole to check it, so it is held in memory: at most this much."""

ACTIVE_CONTENT = frozenset(
    {
        "image/svg+xml",
        "text/html",
        "application/xhtml+xml",
        "text/xml",
        "application/xml",
        "text/javascript",
        "application/javascript",
        "application/ecmascript",
        "application/x-msdownload",
        "application/x-dosexec",
        "application/x-executable",
        "application/x-sh",
        "application/x-shellscript",
        "application/java-archive",
        "application/vnd.microsoft.portable-executable",
    }
)
"""Types refused with a word on why: opening them can run code (named in the message only;
every type outside :data:`ALLOWED` is refused alike)."""

_FORBIDDEN_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Control characters no text document holds (tab, line feed, form feed, return are fine)."""
_BLANK = "\ufeff \t\r\n\x0c"
_MARKUP_STARTS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!?/")
_SCRIPT_TAG = "<script"


def is_audio_video(media_type: str) -> bool:
    """Whether a media type is an audio or video recording (音像记录)."""
    return media_type.split("/", 1)[0] in {"audio", "video"}


def check_allowed(media_type: str, charset: str | None = None) -> None:
    """Refuse a media type outside :data:`ALLOWED` (``evidence-type-unsupported``), and a
    text or JSON type that names a charset other than UTF-8."""
    if media_type in ALLOWED:
        textual = media_type in TEXT_TYPES or media_type == JSON_TYPE
        if textual and charset is not None and _bare(charset) not in {"utf-8", "utf8"}:
            raise EvidenceTypeUnsupported(
                f"{media_type} evidence is UTF-8; convert it (charset={charset!r})"
            )
        return
    if is_audio_video(media_type):
        raise EvidenceTypeUnsupported(
            f"{media_type} is not a recording format that can be checked; "
            f"use one of {', '.join(sorted(t for t in SIGNATURES if is_audio_video(t)))}"
        )
    why = (
        "it is active content (it can run code when opened)"
        if media_type in ACTIVE_CONTENT
        else "it is not an evidence format whose content can be checked"
    )
    raise EvidenceTypeUnsupported(
        f"{media_type} is not accepted as evidence: {why}; upload recordings, photos, PDF, "
        "UTF-8 text or JSON (documents as PDF)"
    )


class ContentCheck:
    """The check of one upload's content against its declared type, fed as it streams.

    :meth:`feed` each chunk in order, then :meth:`finish`; either raises
    ``evidence-type-mismatch`` as soon as the content is found not to fit.
    """

    def __init__(self, media_type: str) -> None:
        check_allowed(media_type)
        self.media_type = media_type
        self.size = 0
        self._head = b""
        self._signature_checked = False
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._text_start = ""
        self._start_checked = False
        self._tail = ""
        self._json: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        """Check the next chunk of the content."""
        self.size += len(chunk)
        if self.media_type in SIGNATURES:
            if not self._signature_checked:
                self._head += chunk[: SNIFF_BYTES - len(self._head)]
                if len(self._head) >= SNIFF_BYTES:
                    self._check_signature()
        elif self.media_type == JSON_TYPE:
            if self.size > MAX_JSON_BYTES:
                raise PayloadTooLarge(
                    f"JSON evidence is checked whole, up to {MAX_JSON_BYTES} bytes; upload "
                    "a larger file in another format"
                )
            self._json.append(chunk)
        else:
            self._text(self._decode(chunk, final=False))

    def finish(self) -> None:
        """The content has ended: the checks that need all of it."""
        if self.media_type in SIGNATURES:
            if not self._signature_checked:
                self._check_signature()
        elif self.media_type == JSON_TYPE:
            self._check_json(b"".join(self._json))
        else:
            self._text(self._decode(b"", final=True))
            if not self._start_checked:
                self._check_start()

    def _check_signature(self) -> None:
        self._signature_checked = True
        if not SIGNATURES[self.media_type](self._head):
            raise EvidenceTypeMismatch(
                f"the content does not begin like {self.media_type} (its container's "
                "signature is missing); declare the file's real media type"
            )

    def _mismatch(self, why: str) -> EvidenceTypeMismatch:
        return EvidenceTypeMismatch(
            f"the content is not {self.media_type}: {why}; declare the file's real media type"
        )

    def _decode(self, chunk: bytes, *, final: bool) -> str:
        try:
            return str(self._decoder.decode(chunk, final))
        except UnicodeDecodeError:
            raise self._mismatch(f"not UTF-8 text (at byte {self.size})") from None

    def _text(self, text: str) -> None:
        """Text: no NUL or control characters, no markup or script start, no script tag."""
        bad = _FORBIDDEN_CONTROL.search(text)
        if bad is not None:
            raise self._mismatch(f"it holds the control character U+{ord(bad.group()):04X}")
        if not self._start_checked:
            self._text_start = (self._text_start + text).lstrip(_BLANK)[:64]
            if len(self._text_start) >= 2:
                self._check_start()
        window = (self._tail + text).lower()
        if _SCRIPT_TAG in window:
            raise self._mismatch("it holds a <script> tag (active content is not accepted)")
        self._tail = window[-(len(_SCRIPT_TAG) - 1) :]

    def _check_start(self) -> None:
        self._start_checked = True
        start = self._text_start
        if start.startswith("#!"):
            raise self._mismatch("it begins like a script (#!); scripts are not accepted")
        if start[:1] == "<" and start[1:2] in _MARKUP_STARTS:
            raise self._mismatch(
                "it begins like HTML or XML markup, which browsers run as active content"
            )

    def _check_json(self, data: bytes) -> None:
        try:
            text = data.decode("utf-8")
            json.loads(text, parse_constant=_no_constant)
        except UnicodeDecodeError:
            raise self._mismatch("JSON is UTF-8 (RFC 8259 §8.1)") from None
        except (ValueError, RecursionError) as exc:
            reason = "it nests too deep" if isinstance(exc, RecursionError) else str(exc)
            raise self._mismatch(f"not one JSON text (RFC 8259): {reason[:200]}") from None


def _bare(charset: str) -> str:
    return charset.strip().strip('"').lower()


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def check_content(media_type: str, content: bytes) -> None:
    """Refuse ``content`` (a whole upload, or at least the first :data:`SNIFF_BYTES` of a
    recording, photo or PDF) unless it fits ``media_type``."""
    check = ContentCheck(media_type)
    check.feed(content)
    check.finish()
