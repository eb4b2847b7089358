import pytest

from tests.rendering import Rendering


@pytest.fixture
def rendering():
    return Rendering()
