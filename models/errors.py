"""Error bodies of the API (docs/api.md, "Errors")."""

from typing import Any, Literal

from pydantic import BaseModel, Field


class Conflict(BaseModel):
    rule: str
    detail: str
    input: str | None = None  # the user's field behind the conflict, when one is


class MalformedJson(BaseModel):
    error: Literal["malformed_json"] = "malformed_json"
    message: str


class InvalidRequest(BaseModel):
    error: Literal["invalid_request"] = "invalid_request"
    details: list[dict[str, Any]]


class Infeasible(BaseModel):
    error: Literal["infeasible"] = "infeasible"
    message: str
    conflicts: list[Conflict] = Field(min_length=1)


class NotFound(BaseModel):
    error: Literal["not_found"] = "not_found"


class VersionConflict(BaseModel):
    error: Literal["conflict"] = "conflict"
    latest_version: int


class TooLarge(BaseModel):
    error: Literal["too_large"] = "too_large"


class Timeout(BaseModel):
    error: Literal["timeout"] = "timeout"
    message: str
    time_limit_seconds: float


class InputError(ValueError):
    """Well-formed input that does not fit what it refers to (HTTP 422 invalid_request, CLI exit 2).

    For example a re-plan whose `as_of` lies after the race. `loc` names the field.
    """

    def __init__(self, loc: tuple[str | int, ...], msg: str) -> None:
        super().__init__(msg)
        self.loc = loc
        self.msg = msg

    def details(self) -> list[dict[str, Any]]:
        return [{"loc": list(self.loc), "msg": self.msg, "type": "value_error"}]
