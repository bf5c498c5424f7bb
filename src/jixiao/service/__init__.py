"""The service layer: the one place the API and the web application go through.

``Service(store)`` offers every operation on the store; each public method checks the
actor's permission (``jixiao.service.access``), runs in its own transaction and raises a
``ServiceError`` (Chinese message, stable code, HTTP status) when it refuses.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.service.access import (
    ACTIONS,
    ROLE_LABELS,
    STATUS_LABELS,
    SYSTEM,
    Actor,
    Perm,
    Role,
    Status,
    allowed,
)
from jixiao.service.accounts import AccountsMixin
from jixiao.service.config import Settings
from jixiao.service.dashboard import Dashboard, DashboardMixin
from jixiao.service.edits import Change
from jixiao.service.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    ServiceError,
    Throttled,
    TooLarge,
    Unauthorized,
    UnsupportedType,
)
from jixiao.service.exports import ExportsMixin
from jixiao.service.forms import Preview, upload_extensions
from jixiao.service.pages import FormMatrix, PagesMixin, UploadTarget
from jixiao.store import StoreError, open_store


class Service(AccountsMixin, ExportsMixin, DashboardMixin, PagesMixin):
    """Every operation of the system; see the mixins for the groups of methods."""


def open_service(data: str | Path | None = None, url: str | None = None) -> Service:
    """The service on the store of a data folder or URL (``JIXIAO_DATA`` / ``JIXIAO_DATABASE_URL``)."""
    return Service(open_store(data, url))


__all__ = [
    "ACTIONS",
    "ROLE_LABELS",
    "STATUS_LABELS",
    "SYSTEM",
    "Actor",
    "Change",
    "Conflict",
    "Dashboard",
    "Forbidden",
    "FormMatrix",
    "Invalid",
    "NotFound",
    "Perm",
    "Preview",
    "Role",
    "Service",
    "ServiceError",
    "Settings",
    "Status",
    "StoreError",
    "Throttled",
    "TooLarge",
    "Unauthorized",
    "UnsupportedType",
    "UploadTarget",
    "allowed",
    "open_service",
    "upload_extensions",
]
