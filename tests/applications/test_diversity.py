import pytest

from applications.models import DiversityResponse
from tests.factories import ApplicationFactory


@pytest.mark.django_db
def test_self_identification_is_optional_and_consented_per_answer(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    url = f"/sollicitaties/{application.pk}/diversiteit/"

    page = client.get(url).content.decode()
    assert "Ik zeg dit liever niet" in page

    client.post(
        url,
        {
            "gender": "non_binary",
            "gender__show": "on",
            "colour": "yes",  # answered, but not for the committee's eyes
            "disability": "prefer_not",
        },
    )

    answers = {r.dimension: (r.value, r.show_to_committee) for r in DiversityResponse.objects.all()}
    assert answers == {"gender": ("non_binary", True), "colour": ("yes", False)}


@pytest.mark.django_db
def test_prefer_not_to_say_later_removes_an_earlier_answer(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    url = f"/sollicitaties/{application.pk}/diversiteit/"
    client.post(url, {"colour": "yes"})

    client.post(url, {"colour": "prefer_not"})

    assert not DiversityResponse.objects.exists()


@pytest.mark.django_db
def test_nobody_else_reaches_the_answers(client):
    application = ApplicationFactory()
    client.force_login(ApplicationFactory().applicant)

    assert client.get(f"/sollicitaties/{application.pk}/diversiteit/").status_code == 404
    assert (
        client.post(f"/sollicitaties/{application.pk}/diversiteit/", {"colour": "yes"}).status_code
        == 404
    )
    assert not DiversityResponse.objects.exists()


@pytest.mark.django_db
def test_an_unknown_answer_is_refused_with_a_message(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = client.post(f"/sollicitaties/{application.pk}/diversiteit/", {"gender": "robot"})

    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not DiversityResponse.objects.exists()
