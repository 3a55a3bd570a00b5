"""Discord's JSON error answers, raised by the server's logic and rendered by the REST layer."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer as Discord sends it: an HTTP status plus ``{"code", "message", "errors"?}``."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        details = "; ".join(f"{path}: {text}" for path, text in _flatten(errors or {}))
        super().__init__(f"{status} {code}: {message}" + (f" ({details})" if details else ""))
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = self.errors
        return body


def _flatten(tree: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key, value in tree.items():
        if key == "_errors":
            found.extend((prefix, e.get("message", "")) for e in value)
        elif isinstance(value, dict):
            found.extend(_flatten(value, f"{prefix}.{key}" if prefix else key))
    return found


def unknown(kind: str, code: int) -> ApiError:
    """Discord's 404 for a missing entity, e.g. ``unknown("Message", 10008)``."""
    return ApiError(404, code, f"Unknown {kind}")


UNKNOWN_CHANNEL = 10003
UNKNOWN_MESSAGE = 10008
UNKNOWN_USER = 10013
UNKNOWN_WEBHOOK = 10015
UNKNOWN_MEMBER = 10007
UNKNOWN_GUILD = 10004
UNKNOWN_INTERACTION = 10062
CANNOT_EDIT_OTHERS_MESSAGE = 50005
EMPTY_MESSAGE = 50006
# topics/opcodes-and-status-codes.mdx:265 50007 "Cannot send messages to this user"; :237 40003 "You are
# opening direct messages too fast"; :330 50278 "Cannot send messages to this user due to having no mutual
# guilds"; :239 40005 "Request entity too large..."; :257 40094 "This interaction has hit the maximum
# number of follow up messages".
CANNOT_DM_USER = 50007
OPENING_DMS_TOO_FAST = 40003
NO_MUTUAL_GUILDS = 50278
REQUEST_TOO_LARGE = 40005
MAX_FOLLOWUPS_REACHED = 40094
INVALID_FORM_BODY = 50035
ALREADY_ACKNOWLEDGED = 40060
INVALID_WEBHOOK_TOKEN = 50027


def invalid_form(errors: dict[str, Any]) -> ApiError:
    """Discord's 400 for a body that breaks a documented limit, with the nested ``errors`` tree."""
    return ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", errors)


def field_error(path: str, code: str, message: str) -> dict[str, Any]:
    """Builds the nested ``errors`` tree for a dotted path such as ``embeds.0.title``."""
    tree: dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(path.split(".")):
        tree = {part: tree}
    return tree
