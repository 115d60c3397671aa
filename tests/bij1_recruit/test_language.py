import pytest
from django.conf import settings


@pytest.mark.django_db
def test_dutch_is_the_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "nl"
    assert "Openstaande vacatures" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switcher_keeps_the_choice(client):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302

    response = client.get("/")

    assert response.headers["Content-Language"] == "en"
    assert "Open vacancies" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    assert client.get("/").headers["Content-Language"] == "nl"
