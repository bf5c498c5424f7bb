"""Errors of the service layer: each has a stable code, a Chinese message and an HTTP status."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused request; ``message`` is plain Chinese and safe to show."""

    code = "bad_request"
    status = 400

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class Invalid(ServiceError):
    code, status = "invalid", 422


class Unauthorized(ServiceError):
    code, status = "unauthorized", 401


class Forbidden(ServiceError):
    code, status = "forbidden", 403


class NotFound(ServiceError):
    code, status = "not_found", 404


class Conflict(ServiceError):
    """A stale write (made on an older version) or a state that does not allow it."""

    code, status = "conflict", 409


class TooLarge(ServiceError):
    code, status = "too_large", 413


class UnsupportedType(ServiceError):
    code, status = "unsupported_type", 415


class Throttled(ServiceError):
    code, status = "throttled", 429
