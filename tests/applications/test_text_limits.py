"""Free text has a limit the form states, and a name is cleaned before it is stored: the
motivation takes at most 20,000 characters (a longer one is refused, also by autosave, and what
was saved before stays), and names lose bidi controls and zero-width characters."""

import pytest
from django.urls import reverse

from core.text_limits import LONG_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from integrity.forms import RelationForm
from review.forms import MoveForm, ScorecardForm
from tests.factories import ApplicationFactory, UserFactory
from voting.forms import AmendmentForm

pytestmark = pytest.mark.django_db

SAVED = "Ik wil bijdragen."


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def draft(client):
    """A signed-in applicant with a draft whose motivation was saved before."""
    application = ApplicationFactory(motivation=SAVED, applicant=UserFactory(password=None))
    client.force_login(application.applicant)
    return reverse("applications:apply", args=[application.vacancy.slug]), application


def posted(**fields) -> dict:
    return {"country": "NL", "retention": "procedure", **fields}


def test_the_form_says_how_long_the_motivation_may_be(client, draft):
    url, _application = draft

    page = client.get(url).content.decode()

    assert "Hoogstens 20.000 tekens." in page


def test_a_motivation_over_the_limit_is_refused_and_the_saved_one_stays(client, draft):
    url, application = draft
    too_long = "x" * (LONG_TEXT_MAX_LENGTH + 1)

    response = client.post(url, posted(motivation=too_long, first_name="Noor", save="1"))

    assert response.status_code == 200
    errors = response.context["form"].errors["motivation"]
    assert errors == [
        "Deze tekst heeft 20.001 tekens; er passen er hoogstens 20.000 in. Maak hem korter."
    ]
    application.refresh_from_db()
    assert application.motivation == SAVED
    assert application.first_name == "Noor"  # everything else was saved


def test_autosave_refuses_an_over_long_motivation_with_a_clear_error(client, draft):
    url, application = draft
    too_long = "é" * (LONG_TEXT_MAX_LENGTH + 1)  # the 4.8 MB of the bug, in short

    response = client.post(
        url, posted(autosave="1", motivation=too_long), HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    answer = response.json()
    assert answer["ok"] is False
    assert "Motivatie" in answer["error"]
    assert answer["problems"] == [
        {
            "field": "motivation",
            "message": "Deze tekst heeft 20.001 tekens; er passen er hoogstens 20.000 in. "
            "Maak hem korter.",
        }
    ]
    application.refresh_from_db()
    assert application.motivation == SAVED


def test_a_motivation_of_exactly_the_limit_is_saved(client, draft):
    url, application = draft
    longest = "x" * LONG_TEXT_MAX_LENGTH

    response = client.post(
        url, posted(autosave="1", motivation=longest), HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    assert response.json()["ok"] is True
    application.refresh_from_db()
    assert application.motivation == longest


def test_names_are_stored_without_bidi_controls_or_zero_width_characters(client, draft):
    url, application = draft

    client.post(
        url,
        posted(
            autosave="1",
            first_name="\u202eNoor\u202c",
            name_prefix="van\u00a0der",
            last_name="Voor\u200bbeeld\u2066\u2069",
            place_of_residence="Zu\u0308tphen\ufeff",  # "ü" as u + combining diaeresis
            initials="N.\u200d",
        ),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    application.refresh_from_db()
    assert (
        application.first_name,
        application.name_prefix,
        application.last_name,
        application.place_of_residence,
        application.initials,
    ) == ("Noor", "van der", "Voorbeeld", "Zütphen", "N.")


@pytest.mark.parametrize(
    ("make_form", "field", "limit"),
    [
        (lambda data: ScorecardForm(data, requirements=[]), "comment", NOTE_MAX_LENGTH),
        (lambda data: MoveForm(data, targets=["screening"]), "reason", REASON_MAX_LENGTH),
        (
            lambda data: RelationForm(data, people=UserFactory._meta.model.objects.none()),
            "note",
            1000,
        ),
    ],
)
def test_the_committees_and_members_texts_have_limits(make_form, field, limit):
    form = make_form({field: "x" * (limit + 1)})

    assert not form.is_valid()
    assert "er passen er hoogstens" in form.errors[field][0]
    assert "Hoogstens" in str(form.fields[field].help_text)


def test_an_amendments_explanation_has_its_limit():
    form = AmendmentForm.base_fields["explanation"]

    assert form.max_length == REASON_MAX_LENGTH
    assert "Hoogstens 2.000 tekens." in str(form.help_text)
