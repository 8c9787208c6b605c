import pytest

from topblog.dashboard import registry


@pytest.fixture
def providers():
    """The registry as the apps filled it; a test may add a provider, and it goes after."""
    saved = dict(registry._providers)
    yield registry
    registry._providers.clear()
    registry._providers.update(saved)
