"""Fixtures of the web tests: the store and service fixtures of the system tests."""

from tests.system.conftest import backend, pg_database, store, svc, world  # noqa: F401
