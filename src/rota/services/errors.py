"""Errors a use case raises for the caller (API or CLI) to turn into a status code and a plain message."""

from __future__ import annotations


class NotFound(LookupError):
    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"{kind} {ident} not found")
        self.kind = kind
        self.ident = ident


class Conflict(ValueError):
    """The request clashes with what is stored (a duplicate code, a record still in use, a running solve)."""


class Stale(ValueError):
    """The caller edited an old revision: someone else changed it first. Nothing was changed."""


class Invalid(ValueError):
    """Input that fails a check beyond field validation, with `{"field", "message"}` problems."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{p['field']}: {p['message']}" for p in problems))
        self.problems = problems

    @classmethod
    def one(cls, field: str, message: str) -> Invalid:
        return cls([{"field": field, "message": message}])
