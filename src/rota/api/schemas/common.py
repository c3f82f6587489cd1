"""Shared schema pieces: the page envelope and a helper to make PATCH bodies."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, create_model

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
