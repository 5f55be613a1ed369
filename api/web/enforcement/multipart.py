"""A form with files, read as it arrives: each file streamed on, nothing spooled to disk.

The step form works without JavaScript (ADR 0006 §1): a plain ``<input type=file>`` posts the
recordings with the form as ``multipart/form-data``. A video is far larger than a form body
may be (``JIANZHENG_MAX_BODY_BYTES``), and a temporary copy on the server's disk would keep
evidence outside the sealed blob store. So the route that takes this form is a raw-body path
(``api/web/__init__.py``: ``RAW_BODY_PATHS``), and this module parses its body as it streams
(python-multipart's push parser): text fields are collected under small limits; each file
part is handed, as its bytes arrive, to a consumer — the screen streams it through
``Jianzheng.store_evidence``, which checks, limits, hashes and seals it as ``POST
/v1/evidence`` does. Before the first file byte is consumed, ``before_files`` sees the fields
that came first (the CSRF secret is the form's first field), so a forged form stores nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import FormData, UploadFile

from domain.records.errors import InvalidInput

MAX_FIELD_BYTES = 64 * 1024
"""A text field's largest size (the longest text of a step is 20,000 characters)."""
MAX_FIELDS = 300
MAX_FILES = 20


@dataclass(frozen=True)
class FilePart:
    """A file of the form: the field it came in, its name and its media type as sent."""

    field: str
    filename: str
    media_type: str


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    data: bytearray = field(default_factory=bytearray)
    file: FilePart | None = None


FileConsumer = Callable[[FilePart, AsyncIterator[bytes]], Awaitable[None]]


class StreamedForm:
    """Parse one ``multipart/form-data`` body from ``stream`` (see the module docstring)."""

    def __init__(self, content_type: str, stream: AsyncIterator[bytes]) -> None:
        kind, options = parse_options_header(content_type)
        boundary = options.get(b"boundary")
        if kind != b"multipart/form-data" or not boundary:
            raise InvalidInput("this form is sent as multipart/form-data", field="content-type")
        self.stream = stream
        self.fields: list[tuple[str, str | UploadFile]] = []
        self.files = 0
        self._events: list[tuple[str, Any]] = []
        self._part = _Part()
        self._header_name = b""
        self._header_value = b""
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_part_data": self._data,
                "on_part_end": self._end,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value_part,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
            },
        )

    # -- the parser's callbacks: they only queue what they saw ------------------------------

    def _begin(self) -> None:
        self._part = _Part()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_part(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._part.headers[self._header_name.lower()] = self._header_value
        self._header_name = self._header_value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._part.headers.get(b"content-disposition"))
        name = options.get(b"name")
        if name is None:
            raise InvalidInput("a part of the form has no name", field="content-disposition")
        if b"filename" in options:
            self.files += 1
            if self.files > MAX_FILES:
                raise InvalidInput(f"at most {MAX_FILES} files at once", field="files")
            media = self._part.headers.get(b"content-type", b"application/octet-stream")
            self._part.file = FilePart(
                name.decode("utf-8", "replace"),
                options[b"filename"].decode("utf-8", "replace"),
                media.decode("latin-1").strip(),
            )
            self._events.append(("file", self._part.file))
        elif len(self.fields) >= MAX_FIELDS:
            raise InvalidInput(f"the form has more than {MAX_FIELDS} fields")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._part.file is not None:
            self._events.append(("bytes", data[start:end]))
            return
        if len(self._part.data) + end - start > MAX_FIELD_BYTES:
            raise InvalidInput(f"a field of the form is longer than {MAX_FIELD_BYTES} bytes")
        self._part.data.extend(data[start:end])

    def _end(self) -> None:
        if self._part.file is not None:
            self._events.append(("end", None))
            return
        _, options = parse_options_header(self._part.headers.get(b"content-disposition"))
        name = options[b"name"].decode("utf-8", "replace")
        try:
            value = self._part.data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"the field {name} is not UTF-8 text", field=name) from None
        self.fields.append((name, value))

    # -- reading ------------------------------------------------------------------------

    async def _queued(self) -> AsyncIterator[tuple[str, Any]]:
        try:
            async for chunk in self.stream:
                self._parser.write(chunk)
                while self._events:
                    yield self._events.pop(0)
            self._parser.finalize()
        except FormParserError:
            raise InvalidInput("the form's body is not valid multipart/form-data") from None
        while self._events:
            yield self._events.pop(0)

    async def read(
        self, on_file: FileConsumer, before_files: Callable[[FormData], None]
    ) -> FormData:
        """Read the whole form: every file to ``on_file`` as it streams (an empty file
        input, which browsers send as a nameless empty part, is skipped), the text fields
        returned. ``before_files`` checks the fields read so far before any file is read."""
        events = self._queued()
        async for kind, value in events:
            if kind != "file":
                continue
            before_files(FormData(self.fields))
            part: FilePart = value
            first = await _next_bytes(events)
            if first is None:
                continue  # an empty part: a file input left empty
            await on_file(part, _rest(first, events))
        return FormData(self.fields)


async def _next_bytes(events: AsyncIterator[tuple[str, Any]]) -> bytes | None:
    """The part's first non-empty bytes, or None when it ends before any."""
    async for kind, value in events:
        if kind == "end":
            return None
        if kind == "bytes" and value:
            return bytes(value)
    return None


async def _rest(first: bytes, events: AsyncIterator[tuple[str, Any]]) -> AsyncIterator[bytes]:
    """The part's bytes: ``first``, then what follows until the part ends."""
    yield first
    async for kind, value in events:
        if kind == "end":
            return
        if kind == "bytes" and value:
            yield bytes(value)
