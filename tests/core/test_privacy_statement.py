"""The privacy statement (issue #27, part 6): what is kept, why, for how long, who sees it and
the person's rights, with the periods read from core.retention so the page cannot drift from
what the retention run does; linked from every page's footer, the sign-up page and the
application form."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from core import retention
from core.statement import duration_in_words, stated_periods
from tests.factories import UserFactory, VacancyFactory

URL = "/privacy/"


def page(client, language: str = "nl") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(URL)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    return response.content.decode()


def legal_hold(html: str) -> str:
    start = html.index('id="privacy-legal-hold"')
    return html[start : html.index("</section>", start)]


def with_period(monkeypatch, key: str, kept_for: timedelta) -> None:
    monkeypatch.setattr(
        retention,
        "PERIODS",
        tuple(
            replace(period, kept_for=kept_for) if period.key == key else period
            for period in retention.PERIODS
        ),
    )


@pytest.mark.django_db
def test_the_statement_renders_in_dutch_with_the_rights_and_who_sees_what(client):
    html = page(client)

    assert "<h1>Privacyverklaring</h1>" in html
    for heading in ("Wat we bewaren en waarom", "Hoe lang we het bewaren", "Wie wat ziet"):
        assert heading in html
    assert "Autoriteit Persoonsgegevens" in html
    assert 'href="/account/mijn-gegevens/"' in html  # access and erasure
    assert "Rectificatie" in html and "Je toestemming intrekken" in html
    # Self-identification: only the vacancy's committee, only where allowed; not the board.
    assert "alleen gezien door de commissie van de vacature" in html
    assert "Het bestuur ziet geen cijfers die van zelfidentificatie zijn afgeleid" in html
    # What the access export withholds, and why.
    assert "niet welk commissielid ze gaf" in html
    assert "niets over andere sollicitanten" in html


@pytest.mark.django_db
def test_the_statement_renders_in_english(client):
    html = page(client, "en")

    assert "<h1>Privacy statement</h1>" in html
    assert "Your rights" in html and "Autoriteit Persoonsgegevens" in html
    assert "The board sees no figures derived from self-identification" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_retention_period_is_listed_with_its_words(client, language):
    html = page(client, language)

    with translation.override(language):
        rows = stated_periods()
        assert len(rows) == len(retention.PERIODS)
        for row in rows:
            assert f'id="period-{row.key}"' in html
            for text in (row.what, row.how_long, row.counted_from, row.ground):
                assert escape(str(text)) in html, (row.key, str(text))


@pytest.mark.django_db
def test_the_page_changes_when_a_period_changes(client, monkeypatch):
    before = page(client)
    assert "13 weken" not in before and "7 jaar" not in before

    with_period(monkeypatch, "outbox", timedelta(days=91))
    with_period(monkeypatch, "candidate_list_record", timedelta(days=7 * 365))
    after = page(client)

    assert "13 weken" in after
    # The legal hold quotes its period too, not only the table.
    assert "7 jaar" in legal_hold(after)


@pytest.mark.django_db
def test_the_legal_hold_is_stated_from_its_period_with_its_ground(client):
    hold = next(p for p in retention.PERIODS if p.key == "candidate_list_record")

    section = legal_hold(page(client))

    assert "wettelijke bewaarplicht" in section
    assert "ook nadat je je account verwijdert" in section
    with translation.override("nl"):
        for text in (hold.what, hold.counted_from, hold.ground):
            assert escape(str(text)) in section
        assert duration_in_words(hold.kept_for) in section


def test_durations_are_said_in_words():
    with translation.override("nl"):
        assert duration_in_words(timedelta(weeks=4)) == "4 weken"
        assert duration_in_words(timedelta(days=365)) == "1 jaar"
        assert duration_in_words(timedelta(days=5 * 365)) == "5 jaar"
        assert duration_in_words(timedelta(days=90)) == "90 dagen"
        assert duration_in_words(timedelta(days=1)) == "1 dag"
        assert duration_in_words(None) == "zolang de grondslag geldt"
    with translation.override("en"):
        assert duration_in_words(timedelta(weeks=1)) == "1 week"
        assert duration_in_words(timedelta(days=2 * 365)) == "2 years"


@pytest.mark.django_db
def test_the_statement_is_linked_from_the_footer_the_signup_and_the_application_form(client):
    link = 'href="/privacy/"'
    assert link in client.get("/").content.decode()  # the footer of every page
    signup = client.get("/accounts/signup/").content.decode()
    assert link in signup and "privacyverklaring" in signup

    vacancy = VacancyFactory()
    client.force_login(UserFactory())
    form = client.get(f"/sollicitaties/solliciteren/{vacancy.slug}/").content.decode()
    assert form.count(link) == 2  # beside the consent questions, and in the footer


@pytest.mark.django_db
def test_the_statement_changes_nothing_and_takes_no_post(client):
    assert client.post(URL).status_code == 405
