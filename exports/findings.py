"""The checks a candidate list passes before any export (docs/kiesraad-export.md).

Errors block every export of the list (PDF, CSV, XLSX; admin, download and command alike);
warnings are shown with the download and printed in the internal PDF. A missing consent
(model H 9) is an error for every document that leaves the board's table — the members' PDF and
the Kiesraad spreadsheet — and a warning on the internal PDF, which is how the board tracks them.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from exports.kiesraad import malformed_initials, multi_letter_initials, surname_for_list
from exports.selectors import CandidateList, ListCandidate

# Kieswet H 6: 50 candidates, or 80 for a party with more than 15 seats.
KIESRAAD_MAX_SIZE = 80
ADULT_AGE = 18
EARLIEST_BIRTH_YEAR = 1900
COUNTRY_CODE = re.compile(r"[A-Z]{2}")


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Variant(StrEnum):
    KIESRAAD = "kiesraad"  # the spreadsheet for the submission (CSV, XLSX)
    MEMBERS = "members"  # the PDF the members receive
    INTERNAL = "internal"  # the PDF for the board and the committee, with the consent status


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str
    position: int | None = None  # the place on the list, or None for the list as a whole

    @property
    def is_error(self) -> bool:
        return self.level == Level.ERROR


def has_errors(findings: list[Finding]) -> bool:
    return any(finding.is_error for finding in findings)


def list_findings(
    listing: CandidateList, *, variant: Variant, today: date | None = None
) -> list[Finding]:
    """Every finding on the list, errors first, then by place."""
    today = today or timezone.localdate()
    findings = [
        *_size_findings(listing),
        *_duplicate_findings(listing.candidates),
        *_gender_findings(listing),
        *_adoption_findings(listing, variant),
    ]
    for candidate in listing.candidates:
        findings += _name_findings(candidate)
        findings += _personal_findings(candidate, today)
        findings += _consent_findings(candidate, variant)
    return sorted(findings, key=lambda f: (not f.is_error, f.position or 0))


def _size_findings(listing: CandidateList) -> list[Finding]:
    count, maximum = len(listing.candidates), listing.concept_list.max_size
    if not count:
        return [Finding(Level.ERROR, _("The list has no candidates."))]
    if count > min(maximum, KIESRAAD_MAX_SIZE):
        message = _(
            "The list has %(count)d candidates; at most %(max)d are allowed (the Kiesraad "
            "allows 50, or 80 for a party with more than 15 seats)."
        ) % {"count": count, "max": min(maximum, KIESRAAD_MAX_SIZE)}
        return [Finding(Level.ERROR, message)]
    return []


def _duplicate_findings(candidates: list[ListCandidate]) -> list[Finding]:
    """The same surname, initials and date of birth twice: the same person, entered twice."""
    seen: dict[tuple, list[int]] = defaultdict(list)
    for c in candidates:
        surname = surname_for_list(prefix=c.prefix, last_name=c.last_name).casefold()
        seen[(surname, c.initials.casefold(), c.date_of_birth)].append(c.position)
    return [
        Finding(
            Level.ERROR,
            _(
                "Same surname, initials and date of birth as place %(first)d: "
                "is this one person twice?"
            )
            % {"first": positions[0]},
            position,
        )
        for positions in seen.values()
        for position in positions[1:]
    ]


def _gender_findings(listing: CandidateList) -> list[Finding]:
    missing = sum(1 for c in listing.candidates if not c.gender)
    if not missing or missing == len(listing.candidates):
        return []
    message = _(
        "%(missing)d of %(total)d candidates have no gender marker, so the list shows none."
    ) % {"missing": missing, "total": len(listing.candidates)}
    return [Finding(Level.WARNING, message)]


def _adoption_findings(listing: CandidateList, variant: Variant) -> list[Finding]:
    if variant != Variant.KIESRAAD or listing.adopted:
        return []
    return [Finding(Level.WARNING, _("The ALV has not adopted this list yet."))]


def _name_findings(c: ListCandidate) -> list[Finding]:
    findings = []
    if not c.last_name:
        findings.append(Finding(Level.ERROR, _("No surname."), c.position))
    if not c.initials:
        findings.append(Finding(Level.ERROR, _("No initials."), c.position))
    for initial in malformed_initials(c.raw_initials):
        message = _("The initial %(initial)s is not a letter.") % {"initial": initial}
        findings.append(Finding(Level.ERROR, message, c.position))
    for initial in multi_letter_initials(c.raw_initials):
        message = _(
            "The initial %(initial)s has more than one letter: the Kiesraad abbreviates every "
            "given name to one letter (Theo → T.)."
        ) % {"initial": initial}
        findings.append(Finding(Level.ERROR, message, c.position))
    if c.raw_prefix.strip() and c.raw_prefix.strip() != c.prefix:
        message = _(
            "The prefix “%(typed)s” is printed as “%(printed)s”. If the capital belongs to the "
            "legal surname, enter the prefix as part of the surname."
        ) % {"typed": c.raw_prefix.strip(), "printed": c.prefix}
        findings.append(Finding(Level.WARNING, message, c.position))
    return findings


def _personal_findings(c: ListCandidate, today: date) -> list[Finding]:
    findings = []
    born = c.date_of_birth
    if born is None:
        findings.append(Finding(Level.ERROR, _("No date of birth."), c.position))
    elif born > today or born.year < EARLIEST_BIRTH_YEAR:
        message = _("The date of birth %(date)s cannot be right.") % {"date": c.date_of_birth_text}
        findings.append(Finding(Level.ERROR, message, c.position))
    elif _age(born, today) < ADULT_AGE:
        message = _("Younger than 18 today: a candidate must be 18 to take a seat.")
        findings.append(Finding(Level.WARNING, message, c.position))
    if not c.place_of_residence:
        findings.append(Finding(Level.ERROR, _("No place of residence."), c.position))
    if not COUNTRY_CODE.fullmatch(c.country):
        message = _("The country “%(country)s” is not a two-letter code such as NL or BE.") % {
            "country": c.country
        }
        findings.append(Finding(Level.ERROR, message, c.position))
    return findings


def _consent_findings(c: ListCandidate, variant: Variant) -> list[Finding]:
    if c.consent_received_at is not None:
        return []
    level = Level.WARNING if variant == Variant.INTERNAL else Level.ERROR
    return [Finding(level, _("No signed consent (model H 9) received yet."), c.position)]


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
