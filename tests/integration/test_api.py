"""The HTTP JSON API, /api/v1: seminars, workshops, ideas, joining, and the shape of its errors."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Lag, Participant, Seminar, Workshop
from app.services import ideas as idea_service
from tests.conftest import (
    as_staff,
    bearer,
    cast,
    join_phone,
    make_workshop,
    move_to,
    post_idea,
    staff_headers,
)


@pytest.fixture
def headers(facilitator):
    return staff_headers(facilitator)


def assert_error(response, status, code, field=None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if field is not None:
        assert body["error"]["field"] == field


# -- seminars -------------------------------------------------------------------------------


def test_creating_a_seminar_answers_201_with_its_fields(client, headers):
    lag = Lag(name="Võrumaa Partnerluskogu", region="Võru maakond")
    db.session.add(lag)
    db.session.commit()

    response = client.post("/api/v1/seminars", headers=headers, json={
        "title": "  Õppereis   Soome ", "kind": "study_trip", "starts_on": "2026-05-04",
        "ends_on": "2026-05-06", "place": "Kuopio", "country": "Soome", "lag_ids": [lag.id]})

    assert response.status_code == 201
    body = response.get_json()
    assert body == {**body, "title": "Õppereis Soome", "kind": "study_trip",
                    "starts_on": "2026-05-04", "ends_on": "2026-05-06", "place": "Kuopio",
                    "country": "Soome", "lag_ids": [lag.id]}
    assert db.session.get(Seminar, body["id"]).title == "Õppereis Soome"


def test_listing_and_reading_seminars(client, headers):
    first = client.post("/api/v1/seminars", headers=headers,
                        json={"title": "Infopäev", "kind": "info_day"}).get_json()
    second = client.post("/api/v1/seminars", headers=headers,
                         json={"title": "Koosloome", "starts_on": "2026-01-10"}).get_json()

    listed = client.get("/api/v1/seminars", headers=headers)
    one = client.get(f"/api/v1/seminars/{first['id']}", headers=headers)

    assert listed.status_code == 200
    assert {s["id"] for s in listed.get_json()["seminars"]} == {first["id"], second["id"]}
    assert one.status_code == 200
    assert one.get_json()["title"] == "Infopäev" and one.get_json()["kind"] == "info_day"
    assert second["kind"] == "inspiration_seminar"  # the default kind


def test_reading_an_unknown_seminar_is_not_found(client, headers):
    assert_error(client.get("/api/v1/seminars/999", headers=headers), 404, "not_found")


BAD_SEMINARS = [
    ({"kind": "study_trip"}, "title"),
    ({"title": "   "}, "title"),
    ({"title": 42}, "title"),
    ({"title": "x" * 301}, "title"),
    ({"title": "Seminar", "kind": "party"}, "kind"),
    ({"title": "Seminar", "starts_on": "3. mai"}, "starts_on"),
    ({"title": "Seminar", "starts_on": "2026-05-04", "ends_on": "2026-05-01"}, "ends_on"),
    ({"title": "Seminar", "lag_ids": [9999]}, "lag_ids"),
    ({"title": "Seminar", "lag_ids": "1"}, "lag_ids"),
]


def test_creating_a_seminar_with_bad_input_is_invalid_input_naming_the_field(client, headers):
    for data, field in BAD_SEMINARS:
        response = client.post("/api/v1/seminars", headers=headers, json=data)

        assert_error(response, 400, "invalid_input", field)
    assert db.session.query(Seminar).count() == 0


def test_a_body_that_is_not_a_json_object_is_invalid_input(client, headers):
    as_text = client.post("/api/v1/seminars", headers={**headers, "Content-Type":
                                                      "application/json"}, data="{not json")
    as_list = client.post("/api/v1/seminars", headers=headers, json=["title"])

    assert_error(as_text, 400, "invalid_input")
    assert_error(as_list, 400, "invalid_input")


# -- workshops ------------------------------------------------------------------------------


def new_seminar(client, headers):
    return client.post("/api/v1/seminars", headers=headers,
                       json={"title": "Inspiratsiooniseminar"}).get_json()


def test_creating_a_workshop_returns_code_join_url_and_board_url(client, headers):
    seminar = new_seminar(client, headers)

    response = client.post(f"/api/v1/seminars/{seminar['id']}/workshops", headers=headers, json={
        "title": "Töötuba", "prompt": "Kuidas võiksime eakaid kaasata?",
        "settings": {"dots_per_participant": 4, "max_dots_per_idea": 2, "blind_voting": True}})

    assert response.status_code == 201
    body = response.get_json()
    stored = db.session.get(Workshop, body["id"])
    assert body["code"] == stored.code and len(body["code"]) == 6
    assert body["join_url"].endswith(f"/j/{stored.code}")
    assert body["board_url"].endswith(f"/board/{stored.board_key}")
    assert body["phase"] == "draft" and body["seminar_id"] == seminar["id"]
    assert body["settings"] == {"dots_per_participant": 4, "max_dots_per_idea": 2,
                                "blind_voting": True, "phones_see_ideas": True,
                                "idea_max_length": 280, "moderation": False}
    listed = client.get(f"/api/v1/seminars/{seminar['id']}", headers=headers).get_json()
    assert listed["workshop_ids"] == [body["id"]]


def test_workshop_codes_are_unique(client, headers):
    seminar = new_seminar(client, headers)
    url = f"/api/v1/seminars/{seminar['id']}/workshops"

    codes = {client.post(url, headers=headers, json={"title": f"T{n}", "prompt": "Kuidas?"})
             .get_json()["code"] for n in range(5)}

    assert len(codes) == 5


BAD_WORKSHOPS = [
    ({"prompt": "Kuidas?"}, "title"),
    ({"title": "Töötuba"}, "prompt"),
    ({"title": "T", "prompt": "K", "dots_per_participant": 0}, "dots_per_participant"),
    ({"title": "T", "prompt": "K", "dots_per_participant": 3, "max_dots_per_idea": 4},
     "max_dots_per_idea"),
    ({"title": "T", "prompt": "K", "blind_voting": "yes"}, "blind_voting"),
    ({"title": "T", "prompt": "K", "idea_max_length": 5}, "idea_max_length"),
    ({"title": "T", "prompt": "K", "language": "fi"}, "language"),
]


def test_creating_a_workshop_with_bad_input_is_invalid_input_naming_the_field(client, headers):
    seminar = new_seminar(client, headers)

    for data, field in BAD_WORKSHOPS:
        response = client.post(f"/api/v1/seminars/{seminar['id']}/workshops", headers=headers,
                               json=data)

        assert_error(response, 400, "invalid_input", field)
    assert db.session.query(Workshop).count() == 0


def test_creating_a_workshop_in_an_unknown_seminar_is_not_found(client, headers):
    response = client.post("/api/v1/seminars/999/workshops", headers=headers,
                           json={"title": "T", "prompt": "Kuidas?"})

    assert_error(response, 404, "not_found")


def test_reading_a_workshop_gives_the_state_snapshot_with_seq(app, client, facilitator,
                                                              headers):
    workshop = make_workshop(facilitator, phase="collecting")
    post_idea(join_phone(app, workshop), "Külabuss")

    response = client.get(f"/api/v1/workshops/{workshop.id}", headers=headers)

    assert response.status_code == 200
    body = response.get_json()
    assert body["seq"] == db.session.get(Workshop, workshop.id).seq == 2
    assert body["workshop"]["phase"] == "collecting"
    assert body["workshop"]["code"] == workshop.code
    assert body["workshop"]["board_url"].endswith(workshop.board_key)
    assert [idea["text"] for idea in body["ideas"]] == ["Külabuss"]
    assert body["participants"] == 1


def test_reading_an_unknown_workshop_is_not_found(client, headers):
    assert_error(client.get("/api/v1/workshops/999", headers=headers), 404, "not_found")


def test_changing_the_phase_over_the_api_returns_the_workshop(client, facilitator, headers):
    workshop = make_workshop(facilitator, phase="draft")

    response = client.post(f"/api/v1/workshops/{workshop.id}/phase", headers=headers,
                           json={"phase": "collecting"})

    assert response.status_code == 200
    assert response.get_json()["phase"] == "collecting"
    assert response.get_json()["code"] == workshop.code


# -- ideas and their counts -----------------------------------------------------------------


def voted_workshop(app, facilitator, **settings):
    """A workshop in voting with two ideas, one of them with two dots and one hidden idea."""
    workshop = make_workshop(facilitator, phase="collecting", **settings)
    phone = join_phone(app, workshop)
    liked, other, hidden = (post_idea(phone, text)["id"] for text in
                            ("Populaarne", "Vähem populaarne", "Peidetud"))
    idea_service.hide_idea(as_staff(facilitator), {"idea_id": hidden})
    move_to(workshop, facilitator, "voting")
    cast(phone, liked)
    cast(phone, liked)
    return workshop, phone, liked, other, hidden


def ideas_seen(client, workshop, headers):
    response = client.get(f"/api/v1/workshops/{workshop.id}/ideas", headers=headers)
    assert response.status_code == 200
    return response.get_json()["ideas"]


def test_staff_see_counts_and_hidden_ideas_while_voting(app, client, facilitator, headers):
    workshop, _phone, liked, other, hidden = voted_workshop(app, facilitator, blind_voting=True)

    ideas = ideas_seen(client, workshop, headers)

    assert {i["id"]: i["votes"] for i in ideas} == {liked: 2, other: 0, hidden: 0}
    assert {i["id"]: i["hidden"] for i in ideas}[hidden] is True


def test_participants_see_no_counts_while_voting_and_no_hidden_ideas(app, client,
                                                                     facilitator):
    workshop, phone, liked, other, _hidden = voted_workshop(app, facilitator)

    ideas = ideas_seen(client, workshop, bearer(phone.token))

    assert [i["id"] for i in ideas] == [liked, other]
    assert all("votes" not in i for i in ideas)


def test_participants_see_counts_once_results_are_shown(app, client, facilitator):
    workshop, phone, liked, other, _hidden = voted_workshop(app, facilitator, blind_voting=True)
    move_to(workshop, facilitator, "results")

    ideas = ideas_seen(client, workshop, bearer(phone.token))

    assert {i["id"]: i["votes"] for i in ideas} == {liked: 2, other: 0}


def test_phones_that_may_not_see_ideas_get_an_empty_list_while_collecting(app, client,
                                                                         facilitator):
    workshop = make_workshop(facilitator, phase="collecting", phones_see_ideas=False)
    phone = join_phone(app, workshop)
    post_idea(phone, "Oma mõte")

    assert ideas_seen(client, workshop, bearer(phone.token)) == []
    assert len(ideas_seen(client, workshop, staff_headers(facilitator))) == 1


# -- joining --------------------------------------------------------------------------------


def test_joining_with_a_good_code_gives_a_token(client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")

    response = client.post("/api/v1/join", json={"code": workshop.code, "name": "Mari"})

    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"participant_id", "token", "workshop_id"}
    assert body["workshop_id"] == workshop.id
    participant = db.session.get(Participant, body["participant_id"])
    assert participant.display_name == "Mari" and participant.workshop_id == workshop.id
    assert body["token"] not in (participant.token_hash or "")  # only the hash is stored


def test_joining_accepts_the_code_as_people_type_it(client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    typed = f" {workshop.code[:3].lower()}-{workshop.code[3:].lower()} "

    response = client.post("/api/v1/join", json={"code": typed})

    assert response.status_code == 201
    assert response.get_json()["workshop_id"] == workshop.id


def test_joining_with_a_bad_code_is_not_found(client, facilitator):
    make_workshop(facilitator, phase="collecting")

    for code in ["ZZZZZZ", "", "not a code at all", None, 123456]:
        response = client.post("/api/v1/join", json={"code": code})

        assert_error(response, 404, "not_found", "code")
    assert db.session.query(Participant).count() == 0


def test_a_closed_workshops_code_stops_working(client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    assert client.post("/api/v1/join", json={"code": workshop.code}).status_code == 201
    move_to(workshop, facilitator, "closed")

    response = client.post("/api/v1/join", json={"code": workshop.code})

    assert_error(response, 404, "not_found")


def test_joining_with_a_name_that_is_too_long_is_invalid_input(client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")

    response = client.post("/api/v1/join", json={"code": workshop.code, "name": "N" * 81})

    assert_error(response, 400, "invalid_input", "name")


def test_joining_without_a_json_body_is_invalid_input(client):
    assert_error(client.post("/api/v1/join", data="code=ABCDEF"), 400, "invalid_input")


# -- error shape ----------------------------------------------------------------------------


def test_an_unknown_api_route_answers_json_404(client, headers):
    assert_error(client.get("/api/v1/no-such-thing", headers=headers), 404, "not_found")
    assert_error(client.get("/api/v1/workshops/not-a-number"), 404, "not_found")


def test_a_wrong_method_on_an_api_route_answers_json_405(client, headers):
    response = client.delete("/api/v1/seminars", headers=headers)

    assert_error(response, 405, "invalid_input")


def test_pages_outside_the_api_keep_their_own_404(client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert not response.is_json
