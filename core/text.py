"""Text as people type it, made fit for where it goes: names and labels cleaned before they
reach a ballot, a PDF or the Kiesraad's list, and Markdown written by the board rendered to
HTML that cannot run anything."""

import unicodedata

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

from core.posted import posted_text

# Unicode's format characters (category Cf): the bidi controls (U+200E/F, U+202A..U+202E,
# U+2066..U+2069, U+061C) that make a name read backwards, the zero-width characters
# (U+200B..U+200D, U+2060, U+FEFF) that make two names look alike, the soft hyphen and the
# like. All invisible, and in a name only ever a trick or an accident of copy and paste.
_FORMAT = "Cf"
_CONTROL = "Cc"
_SURROGATE = "Cs"


def _kept(character: str) -> str:
    """The character as it stays in a name: a space when it is whitespace (a tab, a line
    break, a no-break space), dropped when it is invisible or another control character."""
    if character.isspace():
        return " "
    if unicodedata.category(character) in (_FORMAT, _CONTROL, _SURROGATE):
        return ""
    return character


def clean_name(value) -> str:
    """A name or label as it may go on a ballot, a PDF or the Kiesraad's list: without NUL
    (``posted_text``), bidi controls, zero-width or other invisible characters, in Unicode's
    composed form (NFC: "é" is one character, as the Kiesraad's software expects), on one line
    with single spaces, trimmed. Cleaning a clean name changes nothing."""
    visible = "".join(_kept(character) for character in posted_text(value))
    return " ".join(unicodedata.normalize("NFC", visible).split())


ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, sanitised by nh3: no scripts, no event handlers, no javascript: links,
    and headings start at h2 (the page's own title is the h1)."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
