"""Shared schema pieces: the page envelope and a helper to make PATCH bodies."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, create_model
from pydantic import Field as PydanticField

Item = TypeVar("Item")


class ApiModel(BaseModel):
    """Request bodies: unknown fields are an error (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PageOut(BaseModel, Generic[Item]):  # noqa: UP046 (Python 3.11 has no type parameter syntax)
    items: list[Item]
    total: int
    offset: int
    limit: int


def partial(model: type[BaseModel], name: str) -> type[BaseModel]:
    """The same fields, all optional: a PATCH body. The merged record is re-validated with `model`."""
    fields: dict[str, Any] = {n: (f.annotation | None, None) for n, f in model.model_fields.items()}
    return create_model(name, __config__=ConfigDict(extra="forbid", str_strip_whitespace=True), **fields)


class Problem(BaseModel):
    field: str = PydanticField(description="Where the problem is, e.g. `body.staff[0].role` or `query.limit`.")
    message: str = PydanticField(description="What is wrong, in plain words.")


class ErrorOut(BaseModel):
    """Every error answer: a plain sentence, and for 422 one problem per field."""

    detail: str
    errors: list[Problem] | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body could not be read (not JSON, or not UTF-8)."},
    404: {"model": ErrorOut, "description": "No such record (the id is named)."},
    409: {"model": ErrorOut, "description": "Clashes with what is stored; nothing was changed."},
    412: {"model": ErrorOut, "description": "Stale or missing If-Match; nothing was changed."},
    422: {"model": ErrorOut, "description": "Some values are not valid: each problem names its field."},
}
"""Documented on every operation, so clients (and the schema tests) know the error bodies."""
