"""A Django system check: the fonts the PDF templates name are installed (fontconfig)."""

import shutil
import subprocess

from django.core.checks import Error, register

# The font families the templates under exports/templates/ ask for.
REQUIRED_FONTS = ("DejaVu Sans",)
INSTALL_HINT = "Install them, e.g. `apt-get install fonts-dejavu-core` (the Makefile does)."


def missing_fonts(families: tuple[str, ...]) -> list[str] | None:
    """The families fontconfig does not know, or None when fontconfig (fc-list) is absent."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    return [family for family in families if not _installed(fc_list, family)]


def _installed(fc_list: str, family: str) -> bool:
    # fc-list (unlike fc-match) prints nothing when no installed font matches the pattern.
    result = subprocess.run(  # noqa: S603 - fixed program, the family is a pattern argument
        [fc_list, f":family={family}", "family"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return result.returncode == 0 and bool(result.stdout.strip())


@register("exports")
def pdf_fonts_installed(app_configs=None, **kwargs) -> list[Error]:
    missing = missing_fonts(REQUIRED_FONTS)
    if missing is None:
        return [
            Error(
                "fontconfig (fc-list) is not installed; WeasyPrint needs it to find fonts.",
                hint="Install fontconfig and the fonts: `apt-get install fontconfig "
                "fonts-dejavu-core`.",
                id="exports.E001",
            )
        ]
    return [
        Error(
            f"The font {family!r} that the PDF templates use is not installed.",
            hint=INSTALL_HINT,
            id="exports.E002",
        )
        for family in missing
    ]
