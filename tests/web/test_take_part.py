"""Taking part without Telegram: a person joins by the wall's QR link, writes notes, places
dots and queues for the fishbowl; they count in the result and the draft like everyone else.
A forged cookie, a revoked link or a form from another site changes nothing; a form sent
twice acts once; the person can have their data deleted from the page."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from locales import translator
from tests.bot.test_documentation import documents, draft_markdown
from tests.web.conftest import Projector
from tests.web.helpers import INVITE, ask_for_wall, join_token, live_message, people
from web.limits import Pace

t = translator("de")
OPEN = "/pinboard Dritte Orte\nWas sind Dritte Orte?\nWer fehlt?"
REQUEST = re.compile(r'name="request" value="([A-Za-z0-9_-]+)"')


class Browser:
    """A person's browser on the page to take part (its own cookies)."""

    def __init__(self, projector: Projector, token: str | None = None) -> None:
        self.projector = projector
        self.token = token or join_token(projector.world, projector.room.fatma.id)
        self.client = TestClient(projector.side.asgi, base_url="http://testserver")
        self.client.portal = projector.client.portal  # the bot's own loop

    @property
    def path(self) -> str:
        return f"/join/{self.token}"

    def page(self) -> str:
        response = self.client.get(self.path)
        assert response.status_code == 200
        return response.text

    def join(self, name: str = "Ada", sector: str = "research", consent: str = "no",
             **more: str) -> None:
        response = self.client.post(self.path, data={"name": name, "sector": sector,
                                                     "consent": consent, **more},
                                    follow_redirects=False)
        assert response.status_code == 303, response.text

    def post(self, move: str, **fields: str) -> int:
        """Send a form as the page offers it (with a fresh request id unless one is given)."""
        if move != "forget" and "request" not in fields:
            found = REQUEST.search(self.page())
            assert found is not None
            fields["request"] = found.group(1)
        response = self.client.post(f"{self.path}/{move}", data=fields, follow_redirects=False)
        self.last = response.text
        return response.status_code


def wall(projector: Projector) -> str:
    return projector.page()


def test_the_page_offers_to_join_with_the_same_questions_as_the_chat(
    projector: Projector,
) -> None:
    browser = Browser(projector)
    page = browser.page()
    assert t("join.intro") in page and t("profile.ask_sector") in page
    assert t("profile.ask_consent") in page and t("profile.consent_no") in page
    assert t("sector.research") in page
    assert t("join.organization") in page and t("join.function") in page
    assert t("join.organization_hint") in page
    assert f'href="{INVITE}"' in page  # the group's link in Telegram, for those who have it
    response = browser.client.get(browser.path)
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert "<script" not in response.text


def test_joining_sets_a_signed_cookie_for_this_session_only(projector: Projector) -> None:
    browser = Browser(projector)
    response = browser.client.post(browser.path, data={"name": "Ada", "consent": "yes"},
                                   follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/join/" in cookie
    assert t("join.you", name="Ada") in browser.page()


def test_a_name_is_needed(projector: Projector) -> None:
    browser = Browser(projector)
    response = browser.client.post(browser.path, data={"name": "   "})
    assert response.status_code == 400
    assert t("join.name_missing", max=60) in response.text


def test_a_guest_writes_two_notes_votes_and_counts_in_the_result_and_the_draft(
    projector: Projector,
) -> None:
    room, fatma = projector.room, projector.room.fatma
    anna, = projector.run(people, room, "Anna")
    projector.say(fatma, OPEN)
    browser = Browser(projector)
    browser.join(name="Ada Lovelace", sector="research", consent="yes")
    assert browser.post("note", question="1", text="Die Bibliothek <am Markt>") == 303
    assert browser.post("note", question="2", text="Jugendliche") == 303
    assert t("join.noted") in browser.client.get(f"{browser.path}?done=noted").text
    projector.say(anna, "/note 1 Das Café")
    projector.run(projector.world.settle)
    live = projector.run(live_message, room)
    assert "2 Notizen" in live["text"] or "(2)" in live["text"]  # the group's board counts it
    page = wall(projector)
    assert "Die Bibliothek &lt;am Markt&gt;" in page and "Jugendliche" in page
    projector.say(fatma, "/vote 2")
    page = browser.page()
    assert t("join.dots_left", count=2) in page
    assert browser.post("dot", option="n1") == 303
    assert browser.post("dot", option="n2") == 303, browser.last
    vote = projector.run(live_message, room)
    projector.run(anna.press, vote, "Café")
    assert t("join.dots_left", count=0) in browser.page()
    assert browser.post("dot", option="n3") == 400  # no dots left: the flow says so
    assert t("pinboard.budget_spent", budget=2) in browser.last
    projector.say(fatma, "/close")
    projector.say(fatma, "/endsession")
    markdown = draft_markdown(documents(projector.world, fatma))
    assert "Bibliothek" in markdown and "Jugendliche" in markdown and "Das Café" in markdown
    # Her notes and her dots count; the board names no authors unless the event asks to.
    assert re.search(r"Bibliothek [^\n]* – 1 ", markdown)
    assert re.search(r"Jugendliche – 1 ", markdown)
    assert "Ada Lovelace" not in markdown
    assert "| Wissenschaft | 1 |" in markdown  # the composition counts her sector


def test_a_form_sent_twice_acts_once(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    browser = Browser(projector)
    browser.join()
    found = REQUEST.search(browser.page())
    assert found is not None
    for _ in range(3):
        assert browser.post("note", question="1", text="Einmal", request=found.group(1)) == 303
    assert t("wall.notes", count=1) in wall(projector)


def test_a_forged_cookie_or_a_form_from_another_site_changes_nothing(
    projector: Projector,
) -> None:
    projector.say(projector.room.fatma, OPEN)
    browser = Browser(projector)
    browser.join()
    honest = browser.client.cookies
    name = next(iter(honest.keys()))
    user, signature = honest[name].split(".")
    forger = Browser(projector)
    for forged in (f"{int(user) - 1}.{signature}", f"{user}.{'0' * 64}", "-1.abc", "x"):
        forger.client.cookies.set(name, forged, path="/join/")
        assert forger.post("note", question="1", text="Gefälscht",
                           request="A" * 22) == 403
    response = browser.client.post(f"{browser.path}/note", follow_redirects=False,
                                   data={"question": "1", "text": "Von woanders",
                                         "request": "B" * 22},
                                   headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    response = browser.client.post(f"{browser.path}/note", follow_redirects=False,
                                   data={"question": "1", "text": "Von woanders",
                                         "request": "C" * 22},
                                   headers={"sec-fetch-site": "cross-site", "origin": "null"})
    assert response.status_code == 403
    assert t("wall.notes", count=0) in wall(projector)


def test_a_revoked_link_gets_404_and_changes_nothing(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    browser = Browser(projector)
    browser.join()
    projector.run(ask_for_wall, projector.room, "new")
    assert browser.client.get(browser.path).status_code == 404
    assert browser.client.post(f"{browser.path}/note", data={
        "question": "1", "text": "Zu spät", "request": "C" * 22}).status_code == 404
    assert browser.client.post(browser.path, data={"name": "Neu"}).status_code == 404
    for token in ("A" * 22, projector.token, "short"):  # nor is a wall's token a join token
        assert browser.client.get(f"/join/{token}").status_code == 404
    new_wall = projector.run(ask_for_wall, projector.room)
    assert t("wall.notes", count=0) in projector.page(new_wall)


def test_a_refused_move_gets_the_flows_words(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    projector.say(projector.room.fatma, "/cluster")
    browser = Browser(projector)
    browser.join()
    assert t("join.nothing_now") in browser.page()
    response = browser.client.post(f"{browser.path}/note", data={
        "question": "1", "text": "Zu spät", "request": "D" * 22})
    assert response.status_code == 400
    assert t("wall.notes", count=0) in wall(projector)


def test_a_guest_queues_for_the_empty_chair_and_leaves_the_queue(projector: Projector) -> None:
    projector.say(projector.room.fatma, "/fishbowl 5 Stühle Wie bleiben Orte offen?")
    browser = Browser(projector)
    browser.join(name="Ada", consent="yes")
    assert browser.post("queue") == 303
    assert t("join.queue_position", position=1) in browser.page()
    assert "Ada" in wall(projector)  # she agreed to be named
    assert browser.post("queue", action="leave") == 303
    assert t("join.queue_join") in browser.page()
    assert t("wall.queue_empty") in wall(projector)


def test_too_many_moves_in_a_minute_are_slowed_down(projector: Projector) -> None:
    projector.side.guests.moves = Pace(2)
    projector.say(projector.room.fatma, OPEN)
    browser = Browser(projector)
    browser.join()
    assert [browser.post("note", question="1", text=f"Notiz {n}") for n in range(3)] == [
        303, 303, 429]
    assert t("wall.notes", count=2) in wall(projector)


@pytest.mark.parametrize("choice", ["erase", "anon"])
def test_a_guest_can_have_their_data_deleted_from_the_page(
    projector: Projector, choice: str,
) -> None:
    projector.say(projector.room.fatma, OPEN)
    browser = Browser(projector)
    browser.join(name="Ada Lovelace", consent="yes")
    assert browser.post("note", question="1", text="Meine Notiz") == 303
    response = browser.client.post(f"{browser.path}/forget", data={"choice": choice})
    assert response.status_code == 200 and t("join.forgotten") in response.text
    assert t("join.intro") in browser.page()  # the cookie is gone with the person
    page = wall(projector)
    assert ("Meine Notiz" in page) is (choice == "anon")


def guest_in_the_fishbowl(projector: Projector, **joined: str) -> str:
    """A guest joins as given, takes the fishbowl's chair, speaks; the draft's Markdown."""
    fatma = projector.room.fatma
    projector.say(fatma, "/fishbowl 5 Stühle Wie bleiben Orte offen?")
    browser = Browser(projector)
    browser.join(name="Ada Lovelace", **joined)
    assert browser.post("queue") == 303
    projector.say(fatma, "/next")
    projector.say(fatma, "/close")
    projector.say(fatma, "/endsession")
    return draft_markdown(documents(projector.world, fatma))


def test_a_guest_who_agreed_appears_with_organization_and_function(
    projector: Projector,
) -> None:
    markdown = guest_in_the_fishbowl(projector, consent="yes", organization=" Stadt  Kassel ",
                                     function="Leitung")
    assert "Ada Lovelace (Stadt Kassel | Leitung)" in markdown


def test_a_guest_who_did_not_agree_keeps_no_organization(projector: Projector) -> None:
    markdown = guest_in_the_fishbowl(projector, consent="no", organization="Stadt Kassel")
    assert "Ada Lovelace" not in markdown and "Stadt Kassel" not in markdown


def test_an_organization_too_long_is_refused_as_in_chat(projector: Projector) -> None:
    browser = Browser(projector)
    response = browser.client.post(browser.path, data={
        "name": "Ada", "consent": "yes", "organization": "x" * 151}, follow_redirects=False)
    assert response.status_code == 400
    assert t("people.too_long", max=150) in response.text
    assert "set-cookie" not in response.headers
