import pytest
from django.test import Client

from core.errors import ServiceError
from integrity.models import Declaration, DeclarationView, Position, PositionKind
from integrity.selectors import questionnaire_current
from integrity.services import (
    declaration_open,
    declaration_sign,
    questionnaire_new_version,
    questionnaire_publish,
)
from members.totp import current_totp_code
from tests.factories import PositionFactory, UserFactory, give_totp

NO = {"answer": "no", "explanation": ""}


def complete_answers(**overrides) -> dict:
    questionnaire = questionnaire_current()
    answers = {}
    for question in questionnaire.questions.all():
        answers[question.key] = {
            "agree": True,
            "yes_no": NO,
            "yes_no_explain": NO,
            "text": "",
            "side_positions": [],
        }[question.answer_type]
    answers.update(overrides)
    return answers


def form_data(**overrides) -> dict:
    """What the browser posts for a declaration with every answer 'no'."""
    data = {
        "signed_name": "Noor Voorbeeld",
        "side-TOTAL_FORMS": "2",
        "side-INITIAL_FORMS": "0",
        "side-MIN_NUM_FORMS": "0",
        "side-MAX_NUM_FORMS": "1000",
    }
    for question in questionnaire_current().questions.all():
        if question.answer_type == "agree":
            data[question.key] = "on"
        elif question.answer_type in ("yes_no", "yes_no_explain"):
            data[question.key] = "no"
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_seeded_questionnaire_covers_the_code_of_conduct():
    keys = set(questionnaire_current().questions.values_list("key", flat=True))

    assert keys >= {
        "code_of_conduct",
        "side_positions",
        "party_positions",
        "other_party",
        "relations",
        "power_relationship",
        "financial_interests",
        "government_disputes",
        "criminal_record",
        "vog_willing",
        "public_statements",
        "gifts",
    }


@pytest.mark.django_db
def test_an_applicant_fills_in_and_signs_the_declaration(client):
    user = UserFactory(email="noor@example.org")
    client.force_login(user)

    response = client.post(
        "/integriteit/verklaring/",
        form_data(
            **{
                "relations": "yes",
                "relations__explanation": "Mijn zus zit in het afdelingsbestuur van Utrecht.",
                "side-0-organisation": "Huurdersvereniging Oost",
                "side-0-role": "voorzitter",
                "side-0-hours_per_week": "4",
            }
        ),
        follow=True,
    )

    assert "Je integriteitsverklaring is ondertekend op" in response.content.decode()
    declaration = Declaration.objects.get(user=user)
    assert declaration.signed_name == "Noor Voorbeeld"
    assert declaration.questionnaire.version == 1
    assert declaration.answers["relations"] == {
        "answer": "yes",
        "explanation": "Mijn zus zit in het afdelingsbestuur van Utrecht.",
    }
    side = Position.objects.get(email="noor@example.org")
    assert (side.kind, side.body, side.role, side.source_declaration) == (
        PositionKind.SIDE_POSITION,
        "Huurdersvereniging Oost",
        "voorzitter",
        declaration,
    )


@pytest.mark.django_db
def test_a_yes_without_explanation_keeps_everything_typed_and_says_what_is_missing(client):
    client.force_login(UserFactory())

    response = client.post(
        "/integriteit/verklaring/",
        form_data(**{"gifts": "yes", "side-0-organisation": "Buurthuis De Kroon"}),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Je antwoordde ja: licht dat toe." in page
    assert 'value="Buurthuis De Kroon"' in page  # nothing typed is lost
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_updating_keeps_history_and_replaces_declared_side_positions():
    user = UserFactory()
    questionnaire = questionnaire_current()
    first = declaration_sign(
        user=user,
        questionnaire=questionnaire,
        signed_name="A",
        answers=complete_answers(side_positions=[{"organisation": "Oud", "paid": True}]),
    )

    second = declaration_sign(
        user=user,
        questionnaire=questionnaire,
        signed_name="A",
        answers=complete_answers(side_positions=[{"organisation": "Nieuw"}]),
    )

    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert list(Position.objects.values_list("body", flat=True)) == ["Nieuw"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code_of_conduct": False}, "Je moet instemmen met"),
        ({"criminal_record": {"answer": "maybe"}}, "Beantwoord met ja of nee"),
        ({"gifts": {"answer": "yes", "explanation": " "}}, "Licht je ja toe"),
        ({"side_positions": [{"organisation": ""}]}, "naam van de organisatie"),
    ],
)
def test_the_service_refuses_incomplete_answers(overrides, message):
    with pytest.raises(ServiceError, match=message):
        declaration_sign(
            user=UserFactory(),
            questionnaire=questionnaire_current(),
            signed_name="A",
            answers=complete_answers(**overrides),
        )
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_only_the_owner_and_integrity_officers_read_it_and_every_view_is_logged():
    owner = UserFactory()
    officer = UserFactory(groups=["Integriteitsfunctionaris"])
    board_member = UserFactory(is_staff=True, is_superuser=True, groups=["Bestuur"])
    declaration = declaration_sign(
        user=owner,
        questionnaire=questionnaire_current(),
        signed_name="A",
        answers=complete_answers(),
    )

    declaration_open(viewer=owner, declaration=declaration)
    declaration_open(viewer=officer, declaration=declaration)
    with pytest.raises(ServiceError):
        declaration_open(viewer=board_member, declaration=declaration)

    assert list(DeclarationView.objects.values_list("viewer", flat=True)) == [officer.pk]


@pytest.mark.django_db
def test_the_admin_shows_declarations_to_officers_only_and_logs_it(client):
    declaration = declaration_sign(
        user=UserFactory(),
        questionnaire=questionnaire_current(),
        signed_name="Sam",
        answers=complete_answers(gifts={"answer": "yes", "explanation": "Een fiets."}),
    )
    url = f"/admin/integrity/declaration/{declaration.pk}/change/"

    def staff_client(groups):
        user = UserFactory(is_staff=True, is_superuser="Bestuur" in groups, groups=groups)
        secret = give_totp(user)
        browser = Client()
        browser.force_login(user)
        browser.post("/accounts/2fa/reauthenticate/", {"code": current_totp_code(secret)})
        return browser

    officer_page = staff_client(["Integriteitsfunctionaris"]).get(url)
    superuser_page = staff_client(["Bestuur"]).get(url)

    assert officer_page.status_code == 200
    assert "Een fiets." in officer_page.content.decode()
    assert superuser_page.status_code in (302, 403)
    assert DeclarationView.objects.count() == 1


@pytest.mark.django_db
def test_a_new_questionnaire_version_leaves_signed_declarations_alone(staff_client):
    v1 = questionnaire_current()
    declaration = declaration_sign(
        user=UserFactory(), questionnaire=v1, signed_name="A", answers=complete_answers()
    )

    v2 = questionnaire_new_version(source=v1, actor=None)
    assert questionnaire_current() == v1  # a draft is not in use yet
    v2.questions.filter(key="gifts").update(text="Een nieuwe vraag over geschenken?")
    questionnaire_publish(questionnaire=v2, actor=None)

    assert questionnaire_current() == v2
    declaration.refresh_from_db()
    assert declaration.questionnaire == v1
    assert v1.questions.get(key="gifts").text != "Een nieuwe vraag over geschenken?"
    change_url = f"/admin/integrity/questionnaire/{v1.pk}/change/"
    assert staff_client.get(change_url).status_code == 200  # read-only once published
    assert staff_client.post(change_url, {"title": "x"}).status_code == 403


@pytest.mark.django_db
def test_the_declaration_page_explains_the_rules_the_applicant_s_positions_touch(client):
    user = UserFactory(email="staf@example.org")
    PositionFactory(email="staf@example.org", kind="party_office_staff", body="Partijbureau")
    PositionFactory(email="staf@example.org", kind="national_board")
    client.force_login(user)

    page = client.get("/integriteit/verklaring/").content.decode()

    assert "Regels die jouw functies raken" in page
    assert "geeft de baan op als die benoeming doorgaat" in page
    assert "Je hebt 1 combinatie van functies waar een regel over gaat." in page
