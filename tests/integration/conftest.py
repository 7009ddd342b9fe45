"""Fixtures integration test modules share: the app on either database; a LAG and its
coordinator for the pipeline's tests."""

from __future__ import annotations

import pytest

from app.models import Lag, User
from tests.integration.pipeline_factories import make_lag, make_user


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request: pytest.FixtureRequest) -> object:
    """The test runs twice: on SQLite (`app`) and on PostgreSQL (`pg_app`)."""
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


@pytest.fixture
def lag(app: object) -> Lag:
    return make_lag("Tartumaa Arendusselts")


@pytest.fixture
def coordinator(lag: Lag) -> User:
    return make_user("coordinator", lag)
