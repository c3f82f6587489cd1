"""Error responses: 422 with field paths and plain messages, 404 unknown ids, 409 conflicts, 412 stale edits.

Every error body is `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}` (errors only for 422)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from rota.persistence.mappers import ScenarioInvalid, field_path
from rota.services.errors import Conflict, Invalid, NotFound, Stale

PLAIN = {
    "missing": "this field is required",
    "extra_forbidden": "this field is not allowed here",
}


def _plain_message(error: dict) -> str:
    return PLAIN.get(error["type"], error["msg"].removeprefix("Value error, "))


def _invalid(problems: list[dict[str, str]]) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": "Some values are not valid.", "errors": problems})


def _out_of_range() -> JSONResponse:
    """A number the database cannot hold (an id of 30 digits, say): nothing can match it or be stored."""
    return _invalid([{"field": "request", "message": "a number in the request is too large to be an id or a "
                                                     "stored value"}])


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def request_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _invalid([{"field": field_path(tuple(e["loc"])), "message": _plain_message(e)} for e in exc.errors()])

    @app.exception_handler(Invalid)
    async def invalid(_: Request, exc: Invalid) -> JSONResponse:
        return _invalid(exc.problems)

    @app.exception_handler(ScenarioInvalid)
    async def scenario_invalid(_: Request, exc: ScenarioInvalid) -> JSONResponse:
        return JSONResponse(status_code=422, content={
            "detail": "The home's records do not make a usable rota problem; fix these first.",
            "errors": exc.problems})

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(Conflict)
    async def conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    @app.exception_handler(Stale)
    async def stale(_: Request, exc: Stale) -> JSONResponse:
        return JSONResponse(status_code=412, content={"detail": str(exc)})

    @app.exception_handler(StaleDataError)
    async def stale_row(_: Request, exc: StaleDataError) -> JSONResponse:
        return JSONResponse(status_code=409, content={
            "detail": "someone else changed this record at the same time; reload it and try again"})

    @app.exception_handler(OverflowError)
    async def overflow(_: Request, exc: OverflowError) -> JSONResponse:
        return _out_of_range()

    @app.exception_handler(DataError)
    async def data_error(_: Request, exc: DataError) -> JSONResponse:
        return _out_of_range()

    @app.exception_handler(IntegrityError)
    async def integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        return JSONResponse(status_code=409, content={
            "detail": "this change clashes with other records (a duplicate, or a record still in use); "
                      "nothing was changed"})
