"""Specification of the status a proposal's form offers first: the nearest one forward."""

from __future__ import annotations

import pytest

from facilitation.proposals import MAIN_PATH, ProposalStatus, allowed_next, next_forward

S = ProposalStatus


@pytest.mark.parametrize(("status", "forward"), [
    (S.IDEA, S.DEVELOPING), (S.DEVELOPING, S.READY), (S.READY, S.SUBMITTED),
    (S.SUBMITTED, S.EVALUATION), (S.EVALUATION, S.APPROVED), (S.APPROVED, S.IMPLEMENTATION),
    (S.PARTLY_APPROVED, S.IMPLEMENTATION), (S.IMPLEMENTATION, S.COMPLETED)])
def test_the_form_offers_the_next_step_forward(status, forward):
    assert next_forward(status) is forward


def test_at_ready_for_a_call_the_form_never_offers_the_step_back():
    """"Valmis taotlemiseks" used to pre-select "Arendamisel": one click moved it back."""
    assert S.DEVELOPING in allowed_next(S.READY)
    assert next_forward(S.READY) is S.SUBMITTED


@pytest.mark.parametrize("status", [S.REJECTED, S.COMPLETED, S.DROPPED])
def test_where_every_move_goes_back_or_ends_it_nothing_is_offered_first(status):
    assert next_forward(status) is None


def test_an_onhold_proposal_is_offered_the_way_back_where_it_was():
    assert next_forward(S.ON_HOLD, S.SUBMITTED) is S.SUBMITTED
    assert next_forward(S.ON_HOLD, None) is None


@pytest.mark.parametrize("status", list(S))
def test_what_is_offered_first_is_always_allowed_and_further_along(status):
    held = S.DEVELOPING if status is S.ON_HOLD else None
    forward = next_forward(status, held)
    if forward is not None:
        assert forward in allowed_next(status, held)
        if status is not S.ON_HOLD:
            assert MAIN_PATH.index(forward) > MAIN_PATH.index(status)
            assert forward not in (S.ON_HOLD, S.DROPPED)
