"""How a test that needs an outside service behaves when the service is missing:
it skips on a developer's machine and fails in CI, where REQUIRE_SERVICES=1."""

import os

import pytest


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def missing(reason: str) -> None:
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)
