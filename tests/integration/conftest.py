"""Fixtures shared by the integration tests: the API client and the enforcement cast."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from infra.application import Jianzheng
from tests.integration.casekit import Cast, make_cast


@pytest.fixture
def client(jz: Jianzheng) -> Iterator[TestClient]:
    """A client of the API over the test store (lifespan run: follower and log key)."""
    with TestClient(create_app(jianzheng=jz)) as c:
        yield c


@pytest.fixture
def cast(jz: Jianzheng) -> Cast:
    """An agency's officers, head, reviewer, oversight body and court (``casekit``)."""
    return make_cast(jz)
