"""Who may reach what: the access matrix's expected table, written by hand from the product's
rules (docs/architecture.md, docs/privacy.md, README, the views' and admins' stated intent),
never computed from the app's own permission functions.

A route's entry says which roles get the page (``get``) and, for a route that only acts on
a POST, which roles may act (``post``: an empty POST is sent; the view must refuse everyone
else before it looks at the form). Every other role must be refused. The admin's model pages
follow from one line per model (``ADMIN_MODELS``); the rest are listed route by route.

The staff groups get no Django model permissions (members/migrations): a plain ModelAdmin
is for superusers only, while the party's own admins (``RuleBasedAdmin``, the ALV chair's
admins) follow the party's rules and ignore the superuser flag. The board's admins
(vacancies, committees, the integrity rules, questionnaires and the positions register) are
the board's by its role (members.admin_rights.BoardRights) and the superuser's.
"""

from dataclasses import dataclass

from tests.hardening.access_world import (
    ALV_CHAIR_ROLE,
    ANONYMOUS,
    APPLICANT_A,
    APPLICANT_B,
    BOARD_MEMBER,
    COMMITTEE_CHAIR,
    COMMITTEE_CONFLICTED,
    COMMITTEE_MEMBER,
    DISPUTES,
    INTEGRITY,
    MEMBER,
    ROLES,
    SUPERUSER,
)

# --- Who is who -----------------------------------------------------------------------------
EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
SIGNED_IN = EVERYONE - {ANONYMOUS}
STAFF = frozenset(
    {
        COMMITTEE_MEMBER,
        COMMITTEE_CONFLICTED,
        COMMITTEE_CHAIR,
        BOARD_MEMBER,
        ALV_CHAIR_ROLE,
        DISPUTES,
        INTEGRITY,
        SUPERUSER,
    }
)
OWNER_A = frozenset({APPLICANT_A})
# Members on the ALV's voter register, checked in (the staff accounts are not members here).
VOTERS = frozenset({APPLICANT_A, APPLICANT_B, MEMBER})
SEATS = frozenset({COMMITTEE_MEMBER, COMMITTEE_CONFLICTED, COMMITTEE_CHAIR})
# A committee member sees the applications of their committee without an open or confirmed
# conflict (docs/architecture.md, Roles): not the conflicted member, not the board, not a superuser.
REVIEWERS_OF_A = frozenset({COMMITTEE_MEMBER, COMMITTEE_CHAIR})
# Who reads A's confidential part (motivation, files, transcript): A and the reviewers.
READERS_OF_A = OWNER_A | REVIEWERS_OF_A
READERS_OF_B = frozenset({APPLICANT_B}) | SEATS
CHAIR = frozenset({COMMITTEE_CHAIR})
ALV = frozenset({ALV_CHAIR_ROLE})
# The committee's advice and the list's documents: the board and the chair (deputy,
# secretary) without a conflict on the list (README "Documents for the board").
BOARD_OR_LIST_EDITOR = frozenset({BOARD_MEMBER, COMMITTEE_CHAIR})
# Appeals go to the disputes committee; the board decides (integrity code, README).
APPEAL_HANDLERS = frozenset({DISPUTES, BOARD_MEMBER})
ONLY_SUPERUSER = frozenset({SUPERUSER})
BOARD_ADMINS = frozenset({BOARD_MEMBER, SUPERUSER})
ONLY_INTEGRITY = frozenset({INTEGRITY})


@dataclass(frozen=True)
class Access:
    get: frozenset
    post: frozenset | None = None  # a POST-only route: who may act on it
    why: str = ""


def page(roles, why: str = "") -> Access:
    return Access(get=frozenset(roles), why=why)


def action(roles, why: str = "") -> Access:
    """A POST-only route: its GET shows nobody anything; an empty POST is refused to all but
    ``roles``."""
    return Access(get=NOBODY, post=frozenset(roles), why=why)


# --- The public site and the members' pages -------------------------------------------------
SITE = {
    "": page(EVERYONE, "vacancy list"),
    "vacatures/feed/": page(EVERYONE),
    "privacy/": page(EVERYONE, "the privacy statement"),
    "vacatures/<slug:slug>/": page(EVERYONE, "a published vacancy"),
    "vacatures/<slug:slug>/procedure.ics": page(EVERYONE),
    "integriteit/verklaring/": page(SIGNED_IN, "everyone fills in their own declaration"),
    "integriteit/sollicitaties/<int:pk>/relaties/": page(OWNER_A),
    "sollicitaties/": page(SIGNED_IN, "the portal lists one's own applications"),
    "sollicitaties/solliciteren/<slug:slug>/": page(SIGNED_IN, "opens one's own draft"),
    "sollicitaties/<int:pk>/": page(OWNER_A),
    "sollicitaties/<int:pk>/intrekken/": action(OWNER_A),
    "sollicitaties/<int:pk>/zelfidentificatie/verwijderen/": page(
        OWNER_A, "a confirmation; its POST deletes"
    ),
    "sollicitaties/<int:pk>/bewaartermijn/": action(OWNER_A),
    "sollicitaties/<int:pk>/toestemming/intrekken/": page(
        OWNER_A, "a confirmation; its POST withdraws"
    ),
    "sollicitaties/<int:pk>/bestanden/": action(OWNER_A),
    "sollicitaties/<int:pk>/diversiteit/": page(OWNER_A),
    "sollicitaties/<int:pk>/beschikbaarheid/": action(OWNER_A),
    "sollicitaties/<int:pk>/bestand/<uuid:file_uuid>/verwijderen/": action(OWNER_A),
    "sollicitaties/bestand/<uuid:file_uuid>/": page(OWNER_A, "the applicant's own download"),
    "sollicitaties/<int:pk>/transcriptie/<uuid:file_uuid>/": page(OWNER_A),
    "commissie/vertrouwelijkheid/": page(SIGNED_IN, "lists only one's own seats"),
    "commissie/bestanden/<uuid:file_uuid>/": page(REVIEWERS_OF_A, "recusal covers downloads"),
    "kandidaat/<int:pk>/": page(OWNER_A),
    "kandidaat/<int:pk>/bevestigen/": action(OWNER_A),
    "kandidaat/<int:pk>/bezwaar/": action(OWNER_A),
    "kandidaat/bezwaar/document/<uuid:document_uuid>/": page(OWNER_A | APPEAL_HANDLERS),
    "alv/": page(SIGNED_IN, "lists one's own meetings"),
    "alv/<int:pk>/": page(VOTERS, "the member's meeting page: on the register only"),
    "alv/<int:pk>/online/": action(VOTERS),
    "alv/<int:pk>/stemmen/<int:poll_pk>/": page(VOTERS, "the ballot of the open poll"),
    # A ballot in A's name (access_world.ACTIONS): counted only when A casts it; the other
    # voters, with a ballot of their own, may not cast A's.
    "alv/<int:pk>/stemmen/<int:poll_pk>/uitbrengen/": action(OWNER_A),
    "alv/<int:pk>/uitslag/<int:poll_pk>/": page(EVERYONE, "results are public once closed"),
    "alv/<int:pk>/telling/<int:poll_pk>/": page(EVERYONE, "the live count of how many voted"),
    "alv/<int:pk>/uitslag/<int:poll_pk>/stembiljetten.csv": page(EVERYONE, "for a recount"),
    "alv/<int:pk>/uitslag/<int:poll_pk>/stembiljetten.json": page(EVERYONE, "for a recount"),
    "alv/<int:pk>/scherm/": page(EVERYONE, "the projector in the hall"),
    "alv/<int:pk>/kandidatenlijst/<int:list_pk>/": page(VOTERS),
    "staff/alv/<int:pk>/": page(ALV),
    "staff/alv/<int:pk>/inchecken/": page(ALV),
    "staff/alv/<int:pk>/papier/<int:poll_pk>/": page(ALV),
    "staff/alv/<int:pk>/kandidatenlijst/<int:list_pk>/": page(ALV),
    "staff/alv/<int:pk>/inchecken/<str:code>/": page(ALV),
    "staff/rapporten/maken/<str:kind>/<int:object_id>/": action(BOARD_OR_LIST_EDITOR),
    "staff/rapporten/documenten/<int:pk>/": page(BOARD_OR_LIST_EDITOR, "committee advice"),
    "staff/rapporten/documenten/<int:pk>/stand/": page(BOARD_OR_LIST_EDITOR),
    "staff/rapporten/documenten/<int:pk>/bestand": page(BOARD_OR_LIST_EDITOR),
    "staff/rapporten/commissie-advies/<int:vacancy_id>.pdf": page(BOARD_OR_LIST_EDITOR),
    "staff/rapporten/alv/<int:meeting_id>/stembiljetten/<int:poll_id>.pdf": action(ALV),
    "staff/rapporten/alv/<int:meeting_id>.pdf": page(ALV | {BOARD_MEMBER}),
    "staff/rapporten/kandidatenlijst/<int:vacancy_id>-intern.pdf": page(BOARD_OR_LIST_EDITOR),
    "staff/rapporten/kandidatenlijst/<int:vacancy_id>.pdf": page(BOARD_OR_LIST_EDITOR),
    "staff/rapporten/kandidatenlijst/<int:vacancy_id>.csv": page(BOARD_OR_LIST_EDITOR),
    "staff/rapporten/kandidatenlijst/<int:vacancy_id>.xlsx": page(BOARD_OR_LIST_EDITOR),
    "health/": page(EVERYONE),
    "favicon.ico": page(EVERYONE),
    "i18n/setlang/": page(EVERYONE),
    "account/mijn-gegevens/": page(SIGNED_IN, "one's own data"),
    "account/mijn-gegevens/download/": page(SIGNED_IN, "one's own data"),
}

# --- Accounts (allauth): sign-in pages for everyone, one's own account for the signed-in ---
ACCOUNTS = {
    "accounts/login/": page(EVERYONE),
    "accounts/logout/": page(EVERYONE),
    "accounts/inactive/": page(EVERYONE),
    "accounts/signup/": page(EVERYONE),
    "accounts/reauthenticate/": page(SIGNED_IN),
    "accounts/email/": page(SIGNED_IN),
    "accounts/confirm-email/": page(EVERYONE),
    "accounts/password/change/": page(SIGNED_IN),
    "accounts/password/set/": page(SIGNED_IN),
    "accounts/password/reset/": page(EVERYONE),
    # Steps of a sign-in in progress: with none pending, the signed-in are sent home and
    # the others to sign in.
    "accounts/login/code/confirm/": page(SIGNED_IN),
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": page(EVERYONE, "a bogus key: 'invalid'"),
    "accounts/password/reset/key/done/": page(EVERYONE),
    r"accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": page(EVERYONE),
    "accounts/password/reset/done/": page(EVERYONE),
    "accounts/2fa/": page(SIGNED_IN),
    "accounts/2fa/authenticate/": page(SIGNED_IN),
    "accounts/2fa/reauthenticate/": page(SIGNED_IN),
    "accounts/2fa/totp/activate/": page(SIGNED_IN),
    # Only for who has an authenticator app: here the staff, who must (docs/architecture.md, Roles).
    "accounts/2fa/totp/deactivate/": page(STAFF),
    # Nobody in the world generated recovery codes: nothing to show or download.
    "accounts/2fa/recovery-codes/": page(NOBODY),
    "accounts/2fa/recovery-codes/generate/": page(SIGNED_IN),
    "accounts/2fa/recovery-codes/download/": page(NOBODY),
}


# --- The admin ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AdminModel:
    """Who sees the list, adds, sees the world's object (its change page and history), and
    deletes it."""

    view: frozenset
    add: frozenset = NOBODY
    obj: frozenset | None = None  # the object's change page and history; default: view
    delete: frozenset = NOBODY


def plain(*, add=ONLY_SUPERUSER, delete=ONLY_SUPERUSER) -> AdminModel:
    """A stock ModelAdmin: Django's model permissions, which only superusers have."""
    return AdminModel(view=ONLY_SUPERUSER, add=add, delete=delete)


def boards(*, delete=BOARD_ADMINS) -> AdminModel:
    """The board's own: the board by its role, and superusers."""
    return AdminModel(view=BOARD_ADMINS, add=BOARD_ADMINS, delete=delete)


ADMIN_MODELS = {
    "auth/group": plain(),
    "account/emailaddress": plain(),
    "mfa/authenticator": plain(add=NOBODY),  # set up by their owners only
    "core/auditentry": plain(add=NOBODY, delete=NOBODY),  # evidence: read-only
    "core/workerheartbeat": plain(add=NOBODY),
    "notifications/notification": plain(add=NOBODY, delete=NOBODY),
    "members/user": plain(),
    "members/member": plain(),
    "vacancies/vacancy": boards(),
    "vacancies/milestone": boards(),
    "integrity/position": boards(),
    "integrity/incompatibilityrule": boards(),
    # The world's questionnaire is published: frozen, so it cannot be deleted.
    "integrity/questionnaire": boards(delete=NOBODY),
    "review/committee": boards(),
    # Declarations: integrity officers only (the acting chair reads one on the review page).
    "integrity/declaration": AdminModel(view=ONLY_INTEGRITY),
    # Flags: integrity officers and chairs; the flag is on A's application, the chair's own.
    "integrity/conflictflag": AdminModel(view=ONLY_INTEGRITY | CHAIR),
    "integrity/relation": AdminModel(view=ONLY_INTEGRITY),
    # The committee's pages: every seat; A's application only without a conflict.
    "applications/application": AdminModel(view=SEATS, obj=REVIEWERS_OF_A),
    "review/conceptlist": AdminModel(view=SEATS),
    "review/interviewslot": AdminModel(view=SEATS),
    "review/appeal": AdminModel(view=APPEAL_HANDLERS),
    # The ALV chair's admin (the chair and tellers), not the superuser's. Records of votes
    # are never deleted (issue #29): the world's meeting has polls, so nobody deletes it.
    "voting/meeting": AdminModel(view=ALV, add=ALV),
    "voting/poll": AdminModel(view=ALV, add=ALV),
    "voting/listvote": AdminModel(view=ALV, add=ALV),
    "voting/voter": AdminModel(view=ALV),
    "voting/proxy": AdminModel(view=ALV),
    "exports/candidatelistexport": AdminModel(view=BOARD_OR_LIST_EDITOR),
    # Board documents: the ALV chair has the page, but the world's document is the
    # committee's advice, which is not theirs to read.
    "exports/generateddocument": AdminModel(
        view=BOARD_OR_LIST_EDITOR | ALV, obj=BOARD_OR_LIST_EDITOR
    ),
}

APP_LIST_PREFIX = "admin/^(?P<app_label>"
APP_LIST = "admin/<app_label>/"  # the admin's page of one app

ADMIN_PAGES = {
    "admin/": page(STAFF),
    "admin/login/": page(NOBODY, "everyone signs in through allauth"),
    "admin/logout/": action(NOBODY, "never posted: it would end the session"),
    "admin/password_change/": page(STAFF),
    "admin/password_change/done/": page(STAFF),
    "admin/autocomplete/": page(BOARD_ADMINS, "vacancies for a committee: the board's admin"),
    "admin/jsi18n/": page(STAFF),
    "admin/r/<path:content_type_id>/<path:object_id>/": page(STAFF, "view on site: a vacancy"),
    APP_LIST: page(SEATS, "the applications app: the committee's"),
    "admin/(?P<url>.*)$": page(NOBODY, "no such page"),
    "admin/members/user/<id>/password/": page(ONLY_SUPERUSER),
    "admin/vacancies/vacancy/<int:pk>/preview/": page(BOARD_ADMINS),
    "admin/vacancies/vacancy/<int:pk>/extend/": page(BOARD_ADMINS),
    "admin/integrity/position/double-functions/": page(BOARD_ADMINS),
    "admin/applications/application/<int:pk>/relation/": page(REVIEWERS_OF_A),
    "admin/applications/application/<int:pk>/score/": page(REVIEWERS_OF_A),
    "admin/applications/application/<int:pk>/move/": page(REVIEWERS_OF_A),
    "admin/applications/application/<int:pk>/advice/": page(REVIEWERS_OF_A),
    "admin/applications/application/<int:pk>/transcribe/": page(REVIEWERS_OF_A),
    "admin/applications/application/transcripts/": page(SEATS, "searches what one may judge"),
    "admin/review/conceptlist/<int:vacancy_id>/build/": page(SEATS, "conflicted places hidden"),
    "admin/review/conceptlist/<int:vacancy_id>/dashboard/": action(CHAIR, "the list's editor"),
    "admin/review/conceptlist/<int:vacancy_id>/rank/": page(SEATS),
    "admin/review/conceptlist/<int:vacancy_id>/advice/": page(SEATS),
    "admin/review/interviewslot/<int:vacancy_id>/plan/": page(SEATS),
}

# Opening the admin's query string for the autocomplete view: vacancies, as the committee
# admin's vacancy field asks for them.
QUERY_STRINGS = {
    "admin/autocomplete/": "?app_label=review&model_name=committeevacancy&field_name=vacancy&term=",
}


def admin_model_access(route: str) -> Access | None:
    """The access to one of the stock model admin URLs (list, add, change, history, delete,
    and the short URL that redirects to the change page), or None."""
    parts = route.split("/")
    if len(parts) < 4 or parts[0] != "admin":
        return None
    model = ADMIN_MODELS.get(f"{parts[1]}/{parts[2]}")
    if model is None:
        return None
    obj = model.view if model.obj is None else model.obj
    tail = "/".join(parts[3:])
    return {
        "": page(model.view),
        "add/": page(model.add),
        "<path:object_id>/change/": page(obj),
        "<path:object_id>/history/": page(obj),
        "<path:object_id>/delete/": page(model.delete & obj),
        # Redirects any staff member to the change page, which then decides.
        "<path:object_id>/": page(STAFF),
    }.get(tail)


def table_key(route: str) -> str:
    """The table's name for a route pattern: the admin's app list is a regular expression of
    every registered app, in the order they were registered, so it goes by one fixed name."""
    return APP_LIST if route.startswith(APP_LIST_PREFIX) else route


def expected_access(route: str) -> Access | None:
    """The expected access for a route pattern, or None when the table does not know it."""
    route = table_key(route)
    for table in (SITE, ACCOUNTS, ADMIN_PAGES):
        if route in table:
            return table[route]
    return admin_model_access(route)
