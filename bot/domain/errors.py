"""Errors a user can read: raised by domain rules and input parsing, shown as an ephemeral reply."""


class UserFacingError(Exception):
    """Something the user asked for cannot be done; the message says why and what would work."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(UserFacingError):
    """A value the user typed could not be understood (money, date, title, zone...)."""


class NotAllowed(UserFacingError):
    """The request is understood but breaks a rule, such as releasing an unfunded milestone."""


class NotFound(UserFacingError):
    """No item of the caller's matches; never says whether someone else's does."""
