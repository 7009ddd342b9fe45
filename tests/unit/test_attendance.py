"""Specification of the list of participants' counts: who is present, by what, and where from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from facilitation.attendance import (
    BACKGROUNDS,
    UNKNOWN,
    AttendanceSource,
    AttendeeFacts,
    add_counts,
    count_attendance,
    municipality_key,
)

PHONE, PAPER, ADVANCE = AttendanceSource.PHONE, AttendanceSource.PAPER, AttendanceSource.ADVANCE
VORU, TARTU = 1, 2
AREAS = {"võru vald": VORU, "antsla vald": VORU, "elva vald": TARTU}


def entry(source: AttendanceSource = PHONE, background: str | None = None,
          municipality: str = "", checked_in: bool = True) -> AttendeeFacts:
    return AttendeeFacts(source, checked_in, background, municipality)


def test_an_advance_registration_counts_once_checked_in() -> None:
    counts = count_attendance([entry(ADVANCE, checked_in=False), entry(ADVANCE)], AREAS)
    assert (counts.total, counts.advance, counts.registered_not_present) == (1, 1, 1)


def test_took_part_without_a_phone_is_the_paper_entries() -> None:
    counts = count_attendance([entry(PAPER), entry(PAPER), entry(PHONE)], AREAS)
    assert (counts.total, counts.paper, counts.phone) == (3, 2, 1)


def test_backgrounds_are_counted_in_their_order_and_the_unknown_last() -> None:
    counts = count_attendance([entry(background="municipality"), entry(background=None),
                               entry(background="community")], AREAS)
    assert list(counts.by_background) == [*BACKGROUNDS, UNKNOWN]
    assert counts.by_background["community"] == 1
    assert counts.by_background[UNKNOWN] == 1
    assert UNKNOWN not in count_attendance([entry(background="other")], AREAS).by_background


def test_municipalities_agree_however_they_are_typed_and_count_for_their_lag() -> None:
    counts = count_attendance([entry(municipality="Võru vald"),
                               entry(municipality="võru  VALD"),
                               entry(municipality="Elva vald"),
                               entry(municipality="Tallinn"),
                               entry(municipality="")], AREAS)
    assert counts.by_municipality == {"Võru vald": 2, "Elva vald": 1, "Tallinn": 1, "": 1}
    assert counts.by_lag == {VORU: 2, TARTU: 1, None: 2}


def test_municipality_key_folds_case_and_space() -> None:
    assert municipality_key("  Võru   Vald ") == municipality_key("võru vald") == "võru vald"


facts = st.builds(entry, st.sampled_from(list(AttendanceSource)),
                  st.sampled_from([*BACKGROUNDS, None]),
                  st.sampled_from(["Võru vald", "võru vald", "Elva vald", "Tallinn", ""]),
                  st.booleans())


@given(st.lists(st.lists(facts, max_size=20), max_size=5))
def test_seminars_added_together_count_as_one_list(groups: list[list[AttendeeFacts]]) -> None:
    together = add_counts(count_attendance(group, AREAS) for group in groups)
    whole = count_attendance([one for group in groups for one in group], AREAS)
    assert together == whole


@given(st.lists(facts, max_size=40))
def test_every_present_person_is_counted_once_in_each_breakdown(entries: list[AttendeeFacts]
                                                                ) -> None:
    counts = count_attendance(entries, AREAS)
    assert counts.total == counts.phone + counts.paper + counts.advance
    assert sum(counts.by_background.values()) == counts.total
    assert sum(counts.by_municipality.values()) == counts.total
    assert sum(counts.by_lag.values()) == counts.total
    assert counts.total + counts.registered_not_present == len(entries)


def test_municipalities_are_listed_most_people_first_then_by_name_and_the_unnamed_last() -> None:
    counts = count_attendance([entry(municipality=""), entry(municipality=""),
                               entry(municipality=""), entry(municipality="Tallinn"),
                               entry(municipality="Elva vald"), entry(municipality="Võru vald"),
                               entry(municipality="võru vald")], AREAS)
    assert list(counts.by_municipality.items()) == [
        ("Võru vald", 2), ("Elva vald", 1), ("Tallinn", 1), ("", 3)]


def test_a_municipality_is_shown_as_first_typed_with_its_spaces_tidied() -> None:
    counts = count_attendance([entry(municipality="  Antsla   vald "),
                               entry(municipality="ANTSLA VALD")], AREAS)
    assert counts.by_municipality == {"Antsla vald": 2}
    assert counts.by_lag == {VORU: 2}


def test_lag_areas_are_listed_by_id_with_no_area_last() -> None:
    counts = count_attendance([entry(municipality="Tallinn"), entry(municipality="Elva vald"),
                               entry(municipality="Võru vald"), entry(municipality="")], AREAS)
    assert list(counts.by_lag.items()) == [(VORU, 1), (TARTU, 1), (None, 2)]


def test_municipality_key_agrees_on_composed_and_decomposed_letters() -> None:
    """A phone may send "õ" as o + combining tilde; it is the same Võru."""
    assert municipality_key("Vo\u0303ru vald") == municipality_key("Võru vald") == "võru vald"


def test_seminars_added_together_keep_every_count() -> None:
    one = count_attendance([entry(PAPER, "community", "Võru vald"),
                            entry(ADVANCE, checked_in=False)], AREAS)
    two = count_attendance([entry(PHONE, None, "Elva vald"), entry(ADVANCE, "other", "Tallinn"),
                            entry(ADVANCE, checked_in=False)], AREAS)
    together = add_counts([one, two])
    assert (together.total, together.paper, together.phone, together.advance,
            together.registered_not_present) == (3, 1, 1, 1, 2)
    assert together.by_background == {"community": 1, "entrepreneur": 0, "municipality": 0,
                                       "organisation": 0, "other": 1, UNKNOWN: 1}
    assert list(together.by_lag.items()) == [(VORU, 1), (TARTU, 1), (None, 1)]
    assert add_counts([]) == count_attendance([], AREAS)


def test_a_person_who_gave_no_municipality_counts_for_no_lag_area() -> None:
    """Even were a LAG's area list to hold a blank name, "not given" is not a place in it."""
    assert count_attendance([entry(municipality="  ")], {"": VORU}).by_lag == {None: 1}
