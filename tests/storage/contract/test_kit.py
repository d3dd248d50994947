"""The organizer's kit: registrations, who wants the documentation and got it, surveys, sessions
waiting for a group, leaving a role."""

from __future__ import annotations

from datetime import UTC, datetime

from flows import survey as sv
from storage import kit, people, privacy, surveys
from storage.db import Database
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN, ORGANIZER, workshop

T0 = datetime(2023, 4, 20, 9, 0, tzinfo=UTC)


def survey_state(*picks: tuple[int, int]) -> sv.SurveyState:
    state = sv.apply(None, sv.OpenSurvey(actor=ORGANIZER, topics=("A", "B", "C"), picks=2),
                     T0).state
    for person, topic in picks:
        state = sv.apply(state, sv.PickTopic(actor=person, topic=topic), T0).state
    return state


@covers(kit.register, kit.is_registered, kit.registered_for)
async def test_a_person_registers_for_an_event_once(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        first = await kit.register(tx, shop.event.id, ANNA)
        again = await kit.register(tx, shop.event.id, ANNA)
        registered = await kit.is_registered(tx, shop.event.id, ANNA)
        other = await kit.is_registered(tx, shop.event.id, BEN)
        everyone = await kit.registered_for(tx, shop.event.id)
    assert (first, again, registered, other) == (True, False, True, False)
    assert everyone == {ANNA}


@covers(kit.set_wants_results, kit.wants_results)
async def test_whether_someone_wants_the_documentation_is_unknown_until_they_answer(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
        before = await kit.wants_results(tx, ANNA)
        await kit.set_wants_results(tx, ANNA, True)
        yes = await kit.wants_results(tx, ANNA)
        await kit.set_wants_results(tx, ANNA, False)
        no = await kit.wants_results(tx, ANNA)
        unknown = await kit.wants_results(tx, BEN)
    assert (before, yes, no, unknown) == (None, True, False, None)


@covers(kit.results_recipients, kit.mark_results_sent, kit.results_sent_to)
async def test_the_documentation_goes_to_those_who_asked_and_took_part_or_registered_once(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    cem, dana = 4, 5
    async with backend.transaction() as tx:
        for user_id in (ANNA, BEN, cem, dana):
            await people.see_person(tx, user_id, f"P{user_id}", None, "de")
        for user_id in (ANNA, BEN, cem):
            await kit.set_wants_results(tx, user_id, user_id != BEN)
        await kit.set_wants_results(tx, dana, True)  # asked, but in no way part of this event
        await kit.register(tx, shop.event.id, ANNA)
        await kit.register(tx, shop.event.id, BEN)
        waiting = await kit.results_recipients(tx, shop.event.id, {cem})
        await kit.mark_results_sent(tx, shop.event.id, ANNA)
        await kit.mark_results_sent(tx, shop.event.id, ANNA)
        after = await kit.results_recipients(tx, shop.event.id, {cem})
        sent = await kit.results_sent_to(tx, shop.event.id)
    assert waiting == [ANNA, cem]
    assert after == [cem]
    assert sent == {ANNA}


@covers(kit.leave_role)
async def test_leaving_a_role_removes_only_that_role(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await people.grant_role(tx, shop.event.id, ANNA, "organizer")
        await people.grant_role(tx, shop.event.id, ANNA, "facilitator")
        left = await kit.leave_role(tx, shop.event.id, ANNA, "organizer")
        again = await kit.leave_role(tx, shop.event.id, ANNA, "organizer")
        held = await people.roles_of(tx, shop.event.id, ANNA)
    assert (left, again, held) == (True, False, {"facilitator"})


@covers(kit.add_waiting_session, kit.waiting_sessions, kit.waiting_by_token, kit.link_waiting)
async def test_a_planned_session_waits_for_its_group_and_finds_it_once(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        first = await kit.add_waiting_session(tx, shop.event.id, "Dritte Orte")
        second = await kit.add_waiting_session(tx, shop.event.id, "Teilhabe")
        found = await kit.waiting_by_token(tx, shop.event.id, first.token)
        elsewhere = await kit.waiting_by_token(tx, shop.event.id + 1, first.token)
        linked = await kit.link_waiting(tx, first.id, shop.session.id)
        twice = await kit.link_waiting(tx, first.id, shop.session.id)
        planned = await kit.waiting_sessions(tx, shop.event.id)
    assert first.token != second.token and first.token.isalnum()
    assert found == first and elsewhere is None
    assert (linked, twice) == (True, False)
    assert [(w.title, w.session_id) for w in planned] == [
        ("Dritte Orte", shop.session.id), ("Teilhabe", None)]


@covers(surveys.create_survey, surveys.survey_of, surveys.get_survey, surveys.save_survey)
async def test_an_event_has_one_survey_stored_with_its_state(backend: Database) -> None:
    shop = await workshop(backend)
    state = survey_state((ANNA, 1))
    async with backend.transaction() as tx:
        created = await surveys.create_survey(tx, shop.event.id, state)
        second = await surveys.create_survey(tx, shop.event.id, survey_state())
        assert created is not None
        closed = sv.apply(state, sv.CloseSurvey(actor=ORGANIZER), T0).state
        await surveys.save_survey(tx, created.id, closed)
        by_event = await surveys.survey_of(tx, shop.event.id)
        by_id = await surveys.get_survey(tx, created.id)
        none = await surveys.survey_of(tx, shop.event.id + 1)
    assert second is None and none is None
    assert by_event == by_id and by_id is not None
    assert by_id.state == closed and by_id.event_id == shop.event.id


@covers(surveys.forget_in_surveys, kit.forget_in_kit, privacy.forget_person)
async def test_a_forgotten_person_leaves_no_answer_registration_or_delivery_behind(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
        created = await surveys.create_survey(tx, shop.event.id, survey_state((ANNA, 1), (BEN, 1)))
        assert created is not None
        await kit.register(tx, shop.event.id, ANNA)
        await kit.mark_results_sent(tx, shop.event.id, ANNA)
        await privacy.forget_person(tx, ANNA, erase=True)
        found = await surveys.get_survey(tx, created.id)
        registered = await kit.registered_for(tx, shop.event.id)
        sent = await kit.results_sent_to(tx, shop.event.id)
        unchanged = await surveys.forget_in_surveys(tx, ANNA, erase=True)
    assert found is not None and [c.person for c in found.state.choices] == [BEN]
    assert (registered, sent, unchanged) == (set(), set(), 0)
