"""Fixtures the pipeline's test modules share: a LAG and its coordinator."""

from __future__ import annotations

import pytest

from app.models import Lag, User
from tests.integration.pipeline_factories import make_lag, make_user


@pytest.fixture
def lag(app: object) -> Lag:
    return make_lag("Tartumaa Arendusselts")


@pytest.fixture
def coordinator(lag: Lag) -> User:
    return make_user("coordinator", lag)
