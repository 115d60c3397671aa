"""How the Kiesraad writes a candidate's name, as pure functions (docs/kiesraad-export.md).

The rules: the Kiesraad's policy rule on naming candidates (Stcrt. 2015, 26430), Kiesbesluit
art. H 2, and the naming of its own submission software e-Kandidaatstelling (e-KS):
surname with its prefix first, the prefix in lowercase, then all initials each followed by a
dot, then the first name (roepnaam) and the gender marker in parentheses:
``van der Meer, E. (Eva) (v)``. A place abroad gets its ISO 3166 country code: ``Gent (BE)``.
Every part is cleaned first (``core.text.clean_name``): no bidi controls or zero-width
characters reach the list, whatever was stored.
"""

import re
from datetime import date

from core.text import clean_name

# IJ is one letter in Dutch: IJsbrand's initial is "IJ.", not "I.J.".
DIGRAPH_IJ = "IJ"
HOME_COUNTRY = "NL"


def _initials_of(token: str) -> list[str]:
    """The initials one typed chunk stands for. A chunk in mixed case ("Th", "Chr") is kept
    as one multi-letter initial, so the checks can point it out; a run of capitals or of
    small letters ("AB", "ab") is one initial per letter."""
    if token.upper() == DIGRAPH_IJ:
        return [DIGRAPH_IJ]
    if len(token) > 1 and token[0].isupper() and token[1:].islower():
        return [token]
    return [character.upper() for character in token]


def initials_list(raw: str) -> list[str]:
    """The initials in ``raw``, without dots: "ab c" → ["A", "B", "C"]."""
    tokens = [token for token in re.split(r"[.\s]+", clean_name(raw)) if token]
    return [initial for token in tokens for initial in _initials_of(token)]


def normalise_initials(raw: str) -> str:
    """All initials, each followed by a dot and nothing between them: "ab c", "A B C" and
    "A.B" give "A.B.C." / "A.B."; "ij" gives "IJ."; "Th." stays "Th."."""
    return "".join(f"{initial}." for initial in initials_list(raw))


def multi_letter_initials(raw: str) -> list[str]:
    """Initials of more than one letter other than IJ ("Th.", "Chr."): the Kiesraad abbreviates
    every given name to one letter (Theo → T.), and e-KS refuses anything longer."""
    return [f"{i}." for i in initials_list(raw) if len(i) > 1 and i != DIGRAPH_IJ]


def malformed_initials(raw: str) -> list[str]:
    """Initials that are not letters (digits, hyphens, other signs)."""
    return [f"{i}." for i in initials_list(raw) if not i.isalpha()]


def prefix_for_list(prefix: str) -> str:
    """The prefix (tussenvoegsel) as the list prints it: in lowercase, single-spaced."""
    return clean_name(prefix).lower()


def surname_for_list(*, prefix: str, last_name: str) -> str:
    """The surname with its prefix in front, in lowercase: "van der Meer"."""
    return " ".join(part for part in (prefix_for_list(prefix), clean_name(last_name)) if part)


def name_for_list(
    *, initials: str, prefix: str, last_name: str, first_name: str = "", gender: str = ""
) -> str:
    """The name as printed on the candidate list: "van der Meer, E. (Eva) (v)". The first name
    and the gender marker are left out when empty."""
    name = f"{surname_for_list(prefix=prefix, last_name=last_name)}, {normalise_initials(initials)}"
    extras = [part for part in (clean_name(first_name), clean_name(gender)) if part]
    return " ".join([name, *(f"({extra})" for extra in extras)])


def residence_for_list(*, place: str, country: str) -> str:
    """The place of residence, with the country code in parentheses when abroad."""
    code = clean_name(country or HOME_COUNTRY).upper()
    place = clean_name(place)
    return place if code == HOME_COUNTRY else f"{place} ({code})"


def date_for_list(day: date | None) -> str:
    """A date the way the Kiesraad's forms and e-KS write it: 07-03-1990."""
    return day.strftime("%d-%m-%Y") if day else ""
