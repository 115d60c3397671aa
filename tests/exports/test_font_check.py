"""The system check that the PDF fonts are installed, against the machine's real fontconfig."""

from django.core.management import call_command

from exports import checks


def test_the_fonts_of_the_templates_are_installed():
    assert checks.missing_fonts(checks.REQUIRED_FONTS) == []
    assert checks.pdf_fonts_installed() == []
    call_command("check", tags=["exports"])


def test_a_missing_font_is_an_error(monkeypatch):
    monkeypatch.setattr(checks, "REQUIRED_FONTS", ("DejaVu Sans", "No Such Font Family 7"))

    errors = checks.pdf_fonts_installed()

    assert [error.id for error in errors] == ["exports.E002"]
    assert "No Such Font Family 7" in errors[0].msg


def test_without_fontconfig_the_check_says_so(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")

    assert [error.id for error in checks.pdf_fonts_installed()] == ["exports.E001"]
