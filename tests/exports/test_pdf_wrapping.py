"""A word longer than its column breaks instead of pushing the table off the page, in every
PDF (static/css/pdf.css, added by exports.pdf.render_pdf). Read back from the real PDF: every
line of text starts and ends inside the page, measured with the font's own glyph widths."""

import io
import subprocess
from functools import cache

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from exports.pdf import render_pdf
from exports.services import ExportFormat, candidate_list_export

pytestmark = pytest.mark.django_db

LONG_SURNAME = ("Wolfeschlegelsteinhausenbergerdorff" * 5)[:150]


@cache
def glyph_widths():
    """Advance widths of DejaVu Sans (the font of the PDF's text), in em per character."""
    path = subprocess.run(
        ["fc-match", "-f", "%{file}", "DejaVu Sans"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    font = TTFont(path)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    em = font["head"].unitsPerEm
    return {chr(code): metrics[glyph][0] / em for code, glyph in cmap.items()}


def lines_of(content: bytes) -> list[dict]:
    """Every line of text in the PDF with where it starts and ends, in points."""
    lines = []
    for page in PdfReader(io.BytesIO(content)).pages:
        page_width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, page_width=page_width):
            if not text.strip():
                return
            # Where the line starts on the page, and how far one unit along it goes across.
            start = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            across = tm[0] * cm[0] + tm[1] * cm[2]
            widths = glyph_widths()
            width = sum(widths.get(character, 1.0) for character in text) * size * across
            lines.append(
                {"text": text, "start": start, "end": start + width, "page_width": page_width}
            )

        page.extract_text(visitor_text=visit)
    return lines


def off_the_page(lines: list[dict]) -> list[str]:
    return [
        line["text"]
        for line in lines
        if not 0
        <= min(line["start"], line["end"])
        <= max(line["start"], line["end"])
        <= line["page_width"]
    ]


def test_a_150_character_surname_wraps_on_the_internal_list(kiesraad_list):
    application = kiesraad_list["applications"][1]
    application.last_name = LONG_SURNAME
    application.place_of_residence = LONG_SURNAME[:100]  # as long as a place can be
    application.save(update_fields=["last_name", "place_of_residence"])

    content = candidate_list_export(
        vacancy=kiesraad_list["vacancy"],
        file_format=ExportFormat.PDF,
        internal=True,
        actor=None,
    ).content
    lines = lines_of(content)

    assert off_the_page(lines) == []
    pieces = [line["text"].strip() for line in lines if line["text"].strip()[:5] in LONG_SURNAME]
    # The name and the place, each over several lines, and nothing of them lost.
    assert len(pieces) >= 6
    assert LONG_SURNAME in "".join(pieces)
    # The short columns keep their words whole.
    assert "21-07-1983" in [line["text"].strip() for line in lines]


def test_a_long_word_wraps_in_a_pdf_whose_template_does_not_ask_for_it():
    """The rule is shared: a template with no word of it still wraps."""
    content = render_pdf(
        "exports/ballot_papers.html",
        {
            "meeting": {"title": LONG_SURNAME},
            "poll": {"title": LONG_SURNAME, "kind": "yes_no_abstain", "seats": 1},
            "options": [{"label": LONG_SURNAME}],
            "codes": ["ABCDE-FGHIJ"],
        },
    )

    assert off_the_page(lines_of(content)) == []
