"""Domain errors, each with a stable machine ``code``.

The API maps these to RFC 9457 problem documents (``api/problems.py``); the
``code`` is part of the public contract and never changes once released::

    JianzhengError
    ├── InvalidInput                 invalid-input            (422)
    │   ├── FloatNotAllowed          float-not-allowed
    │   ├── IntegerOutOfRange        integer-out-of-range
    │   ├── InvalidEventData         invalid-event-data
    │   └── UnknownRole              unknown-role
    ├── AuthenticationError          unauthenticated          (401)
    │   ├── TokenRevoked             token-revoked
    │   └── ActorInactive            actor-revoked            (401)
    ├── PermissionDenied             forbidden                (403)
    │   └── ActorSuspended           actor-suspended
    ├── NotFound                     not-found                (404)
    ├── RuleViolation                rule-violation           (409)
    │   └── ActorNotActive           actor-not-active
    ├── ChainConflict                chain-conflict           (409)
    └── ChainBroken                  chain-broken             (500)
"""

from __future__ import annotations


class JianzhengError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"
    title = "Error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


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


class UnknownRole(InvalidInput):
    """A role name outside the roles of DESIGN §5 (R-AC-1)."""

    code = "unknown-role"
    title = "Unknown role"


class AuthenticationError(JianzhengError):
    """No credentials, or credentials that do not identify an active actor."""

    code = "unauthenticated"
    title = "Authentication required"


class TokenRevoked(AuthenticationError):
    """The bearer token was revoked."""

    code = "token-revoked"
    title = "Token revoked"


class ActorInactive(AuthenticationError):
    """The token's actor was revoked: it may not act again (R-SV-4)."""

    code = "actor-revoked"
    title = "Actor revoked"


class PermissionDenied(JianzhengError):
    """An authenticated actor asked for something its role or jurisdiction does not allow."""

    code = "forbidden"
    title = "Forbidden"


class ActorSuspended(PermissionDenied):
    """The actor is suspended (R-SV-4): authenticated, but may not act until reinstated."""

    code = "actor-suspended"
    title = "Actor suspended"


class NotFound(JianzhengError):
    """No such stream or resource."""

    code = "not-found"
    title = "Not found"


class RuleViolation(JianzhengError):
    """A command that a domain rule forbids in the aggregate's current state."""

    code = "rule-violation"
    title = "Rule violation"


class ActorNotActive(RuleViolation):
    """The command needs an active actor (not suspended, not revoked)."""

    code = "actor-not-active"
    title = "Actor not active"


class ChainConflict(JianzhengError):
    """Another writer appended to the same stream first (optimistic concurrency on ``seq``)."""

    code = "chain-conflict"
    title = "Concurrent append to the same stream"


class ChainBroken(JianzhengError):
    """A stored stream does not hash-link: the service refuses to build on it."""

    code = "chain-broken"
    title = "Stored chain is broken"
