"""Specification of who steers a workshop (its team) and who may only watch it."""

from __future__ import annotations

import pytest

from facilitation.team import StaffMember, may_change_team, may_watch, steers

CREATOR, CO_FACILITATOR, OTHER = 1, 2, 3


def member(user_id: int, *, admin: bool = False, reads_every: bool = False) -> StaffMember:
    return StaffMember(user_id=user_id, is_admin=admin, reads_every_workshop=reads_every)


def on_team(who: StaffMember) -> bool:
    return steers(who, creator_id=CREATOR, co_facilitator_ids={CO_FACILITATOR})


def test_the_creator_steers_their_workshop() -> None:
    assert on_team(member(CREATOR))


def test_a_co_facilitator_the_creator_added_steers_the_workshop() -> None:
    assert on_team(member(CO_FACILITATOR))


def test_every_admin_steers_every_workshop() -> None:
    assert on_team(member(OTHER, admin=True))
    assert steers(member(OTHER, admin=True), creator_id=None, co_facilitator_ids=())


def test_other_staff_do_not_steer_even_when_they_read_every_workshop() -> None:
    assert not on_team(member(OTHER))
    assert not on_team(member(OTHER, reads_every=True))


def test_a_workshop_whose_creator_is_gone_is_steered_by_no_ordinary_member() -> None:
    assert not steers(member(CREATOR), creator_id=None, co_facilitator_ids=())


@pytest.mark.parametrize(("who", "team", "watches"), [
    (member(OTHER), True, True),
    (member(OTHER, reads_every=True), False, True),  # a coordinator reads every workshop
    (member(OTHER), False, False),  # a facilitator only those they steer
])
def test_the_team_and_those_who_read_every_workshop_may_watch(who: StaffMember, team: bool,
                                                              watches: bool) -> None:
    assert may_watch(who, on_team=team) is watches


@pytest.mark.parametrize(("who", "changes"), [
    (member(CREATOR), True),
    (member(OTHER, admin=True), True),
    (member(CO_FACILITATOR), False),  # a co-facilitator steers but does not pick the team
    (member(OTHER, reads_every=True), False),
])
def test_only_the_creator_and_admins_change_the_team(who: StaffMember, changes: bool) -> None:
    assert may_change_team(who, creator_id=CREATOR) is changes


def test_without_a_creator_only_admins_change_the_team() -> None:
    assert not may_change_team(member(CREATOR), creator_id=None)
    assert may_change_team(member(OTHER, admin=True), creator_id=None)
