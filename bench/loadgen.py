"""The HTTP load generator: a second process that drives a server over loopback.

``python -m bench.loadgen`` reads a :class:`Plan` as JSON on standard input, runs it and
writes a :class:`Load` as JSON on standard output; :func:`drive` does both from the
benchmark's side. The server under test never shares a process (or an interpreter lock)
with its clients.

Each client is one keep-alive HTTP/1.1 connection (asyncio streams, standard library
only, so a fresh clone needs nothing more) that sends its requests one after another,
each as soon as the previous answer has been read in full (a closed loop). Every client
first sends its warm-up requests; when all have, the timed phase starts for all at once.

Every request that does not end in a 2xx answer is an error: a non-2xx status (counted
by status) or a failure with no complete answer — refused or reset connection, malformed
answer, timeout (counted by exception name; the connection is then reopened for the
client's next request). Latencies are kept for the 2xx answers of the timed phase only;
the errors are reported beside them, never dropped.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
"""Where ``python -m bench.loadgen`` finds the ``bench`` package."""
HEAD_END = b"\r\n\r\n"
NO_BODY_STATUSES = frozenset({204, 304})


class MalformedAnswer(Exception):
    """The server's answer is not HTTP/1.1 as this client reads it."""


@dataclass(frozen=True)
class Request:
    """One request: method, path and (for writes) a JSON body."""

    method: str
    path: str
    body: str | None = None


@dataclass(frozen=True)
class Plan:
    """What to send: one list of requests per client (connection)."""

    host: str
    port: int
    headers: dict[str, str]
    """Sent with every request (e.g. ``Authorization``)."""
    clients: list[list[Request]]
    warmup: int
    """The first requests of each client's list, sent before the timed phase, not measured."""
    timeout: float = 30.0
    """Seconds a request may take before it counts as failed."""

    def to_json(self) -> str:
        """The plan as the load process reads it."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """Parse :meth:`to_json`'s output."""
        data = json.loads(text)
        clients = [[Request(**r) for r in requests] for requests in data.pop("clients")]
        return cls(clients=clients, **data)


@dataclass
class Load:
    """What one plan measured (timed phase, except the ``warmup_*`` fields)."""

    clients: int
    requests: int
    """Requests sent in the timed phase."""
    seconds: float
    """Wall time of the timed phase: all clients started together, until the last answer."""
    latencies: list[float] = field(default_factory=list)
    """Seconds per request, 2xx answers only."""
    statuses: dict[str, int] = field(default_factory=dict)
    """Answers by status code."""
    failures: dict[str, int] = field(default_factory=dict)
    """Requests without a complete answer, by exception name."""
    warmup_requests: int = 0
    warmup_errors: int = 0

    @property
    def ok(self) -> int:
        """2xx answers in the timed phase."""
        return len(self.latencies)

    @property
    def errors(self) -> int:
        """Requests of the timed phase that did not end in a 2xx answer."""
        return self.requests - self.ok

    @property
    def per_second(self) -> float:
        """2xx answers per second of the timed phase."""
        return self.ok / self.seconds if self.seconds > 0 else 0.0

    def error_summary(self) -> str:
        """``"none"``, or every kind of error with its count (warm-up errors too)."""
        kinds = [
            *(f"{n}× HTTP {s}" for s, n in sorted(self.statuses.items()) if not s.startswith("2")),
            *(f"{n}× {name}" for name, n in sorted(self.failures.items())),
        ]
        if self.warmup_errors:
            kinds.append(f"{self.warmup_errors} in warm-up")
        return ", ".join(kinds) or "none"


# -- the load process ------------------------------------------------------------------


def encode(request: Request, host: str, port: int, headers: dict[str, str]) -> bytes:
    """The request's bytes on the wire (HTTP/1.1, keep-alive)."""
    body = request.body.encode() if request.body is not None else b""
    lines = [f"{request.method} {request.path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if request.body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Connection:
    """One keep-alive connection, reopened after a failure or a ``Connection: close``."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def exchange(self, raw: bytes) -> int:
        """Send one request, read its whole answer; the status code."""
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._reader, self._writer
        assert reader is not None
        writer.write(raw)
        await writer.drain()
        head = await reader.readuntil(HEAD_END)
        status, length, chunked, close = self._parse_head(head)
        if chunked:
            await self._read_chunked(reader)
        elif length is not None:
            await reader.readexactly(length)
        elif status not in NO_BODY_STATUSES:
            await reader.read()  # delimited by the end of the connection
            close = True
        if close:
            self.close()
        return status

    @staticmethod
    def _parse_head(head: bytes) -> tuple[int, int | None, bool, bool]:
        """(status, content length, chunked, connection to be closed) of an answer's head."""
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise MalformedAnswer(f"status line {lines[0]!r}")
        status = int(parts[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip().lower()
        length = headers.get("content-length")
        if length is not None and not length.isdigit():
            raise MalformedAnswer(f"content-length {length!r}")
        close = headers.get("connection") == "close" or parts[0] == "HTTP/1.0"
        chunked = "chunked" in headers.get("transfer-encoding", "")
        if status in NO_BODY_STATUSES or 100 <= status < 200:
            return status, 0, False, close
        return status, int(length) if length is not None else None, chunked, close

    @staticmethod
    async def _read_chunked(reader: asyncio.StreamReader) -> None:
        while True:
            size_line = await reader.readuntil(b"\r\n")
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise MalformedAnswer(f"chunk size {size_line!r}") from None
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass  # trailer fields
                return
            await reader.readexactly(size + 2)

    def close(self) -> None:
        """Drop the connection (the next request opens a new one)."""
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


@dataclass
class Tally:
    """Outcomes of one phase, all clients together."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        """Non-2xx answers and failures."""
        bad = sum(n for s, n in self.statuses.items() if not s.startswith("2"))
        return bad + sum(self.failures.values())


async def _send_all(
    connection: Connection, requests: list[bytes], timeout: float, tally: Tally
) -> None:
    clock = time.perf_counter
    for raw in requests:
        start = clock()
        try:
            status = await asyncio.wait_for(connection.exchange(raw), timeout)
        except (OSError, EOFError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                TimeoutError, MalformedAnswer) as exc:  # fmt: skip
            tally.failures[type(exc).__name__] += 1
            connection.close()
            continue
        elapsed = clock() - start
        tally.statuses[str(status)] += 1
        if 200 <= status < 300:
            tally.latencies.append(elapsed)


async def generate(plan: Plan) -> Load:
    """Run ``plan``: warm-up on every connection, then the timed phase on all at once."""
    encoded = [[encode(r, plan.host, plan.port, plan.headers) for r in c] for c in plan.clients]
    connections = [Connection(plan.host, plan.port) for _ in plan.clients]
    warm, timed = Tally(), Tally()
    try:
        await asyncio.gather(*(
            _send_all(conn, requests[: plan.warmup], plan.timeout, warm)
            for conn, requests in zip(connections, encoded, strict=True)
        ))  # fmt: skip
        start = time.perf_counter()
        await asyncio.gather(*(
            _send_all(conn, requests[plan.warmup :], plan.timeout, timed)
            for conn, requests in zip(connections, encoded, strict=True)
        ))  # fmt: skip
        seconds = time.perf_counter() - start
    finally:
        for conn in connections:
            conn.close()
    return Load(
        clients=len(plan.clients),
        requests=sum(max(0, len(c) - plan.warmup) for c in plan.clients),
        seconds=seconds,
        latencies=timed.latencies,
        statuses=dict(timed.statuses),
        failures=dict(timed.failures),
        warmup_requests=sum(min(len(c), plan.warmup) for c in plan.clients),
        warmup_errors=warm.errors,
    )


def main() -> None:
    """Read a plan on standard input, write its load on standard output."""
    plan = Plan.from_json(sys.stdin.read())
    load = asyncio.run(generate(plan))
    json.dump(asdict(load), sys.stdout)


# -- the benchmark's side --------------------------------------------------------------


class LoadGeneratorFailed(RuntimeError):
    """The load process did not finish or wrote no result."""


def drive(plan: Plan) -> Load:
    """Run ``plan`` in a new load-generator process; what it measured."""
    limit = plan.timeout * (1 + max((len(c) for c in plan.clients), default=0))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.loadgen"],
            cwd=ROOT,
            input=plan.to_json(),
            capture_output=True,
            text=True,
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise LoadGeneratorFailed(f"the load generator ran for over {limit:.0f} s") from None
    if done.returncode != 0:
        raise LoadGeneratorFailed(f"the load generator exited {done.returncode}:\n{done.stderr}")
    data: dict[str, Any] = json.loads(done.stdout)
    return Load(**data)


if __name__ == "__main__":
    main()
