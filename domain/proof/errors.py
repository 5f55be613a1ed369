"""Errors of the verifiable format: the root of the project's one error tree.

The proof room (``domain/proof``) raises these while it canonicalises, hashes and checks;
``domain/records/errors.py`` re-exports them and grows the rest of the tree from
:class:`JianzhengError`, so an offline verifier lifted out alone needs nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable


class JianzhengError(Exception):
    """Base of every error the domain raises on purpose.

    An error about one input member names it in ``field`` (a JSON path such as
    ``ruling.new_guardian`` or ``documents[0].sha256``) and, where the member takes a value
    from a vocabulary, lists the values in ``allowed``; both become problem-document members.
    """

    code = "error"
    title = "Error"

    def __init__(
        self, detail: str, *, field: str | None = None, allowed: Iterable[str] | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra: dict[str, object] = {}
        """Further problem-document members (e.g. the event that recorded a refusal)."""
        if field is not None:  # the one input member the error is about (a JSON path)
            self.extra["field"] = field
        if allowed is not None:  # the values that member may take (a vocabulary)
            self.extra["allowed"] = list(allowed)


class InvalidInput(JianzhengError):
    """The input cannot be accepted as it stands."""

    code = "invalid-input"
    title = "Invalid input"


class FloatNotAllowed(InvalidInput):
    """A JSON number with a fraction or exponent: event data holds no floats (DESIGN §2)."""

    code = "float-not-allowed"
    title = "Floating-point numbers are not allowed"


class IntegerOutOfRange(InvalidInput):
    """An integer outside ±(2^53−1), which JSON consumers cannot all represent exactly."""

    code = "integer-out-of-range"
    title = "Integer out of range"


class InvalidEventData(InvalidInput):
    """Event data that is not a JSON object of strings, integers, booleans, null, arrays."""

    code = "invalid-event-data"
    title = "Invalid event data"
