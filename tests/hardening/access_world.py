"""A small but realistic world for the access matrix: one candidate-list procedure with its
committee, two applicants with their files, a conflict of interest, an appeal, an ALV with
voters and polls, a document for the board, and one account per role. And the concrete URL
each route pattern is requested at, filled with these objects.

Everything confidential about applicant A carries a marker (``World.secrets_of_a``): the
matrix also checks that no page shown to someone who may not read A's application contains
one, whatever its status code.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import (
    ApplicationFile,
    ApplicationStatus,
    FileCheck,
    FileKind,
    Transcript,
    TranscriptStatus,
)
from core.models import AuditEntry, WorkerHeartbeat
from exports.models import DocumentStatus, GeneratedDocument
from integrity.models import (
    ConflictFlag,
    Declaration,
    FlagStatus,
    IncompatibilityRule,
    RelationKind,
)
from integrity.selectors import questionnaire_current
from integrity.services import relation_declare
from members.roles import ALV_CHAIR, BOARD, DISPUTES_COMMITTEE, INTEGRITY_OFFICER
from members.totp import current_totp_code
from notifications.models import Notification
from review.models import AppealDocument, InterviewSlot, ReviewRound
from review.selectors import concept_list_of
from review.services import appeal_lodge, application_move, concept_list_save, conflict_resolve
from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    MilestoneFactory,
    PositionFactory,
    UserFactory,
    VacancyFactory,
    attached_file,
    committee_for,
    give_totp,
    seat_ready,
    submitted,
)
from tests.hardening.urlpatterns import Route
from tests.voting.conftest import make_meeting, make_poll
from vacancies.models import VacancyKind
from voting.models import ListVote, ListVoteMethod, Proxy, VoteRecord
from voting.services import ballot_cast, check_in, poll_close, poll_open, register_snapshot

ANONYMOUS = "anonymous"
APPLICANT_A = "applicant_a"
APPLICANT_B = "applicant_b"
MEMBER = "member"
COMMITTEE_MEMBER = "committee_member"
COMMITTEE_CONFLICTED = "committee_conflicted"
COMMITTEE_CHAIR = "committee_chair"
BOARD_MEMBER = "board"
ALV_CHAIR_ROLE = "alv_chair"
DISPUTES = "disputes_committee"
INTEGRITY = "integrity_officer"
SUPERUSER = "superuser"

# Anonymous first; each role is one test (one world, every route).
ROLES = (
    ANONYMOUS,
    APPLICANT_A,
    APPLICANT_B,
    MEMBER,
    COMMITTEE_MEMBER,
    COMMITTEE_CONFLICTED,
    COMMITTEE_CHAIR,
    BOARD_MEMBER,
    ALV_CHAIR_ROLE,
    DISPUTES,
    INTEGRITY,
    SUPERUSER,
)

# Party roles as a real account has them (demo/members.py): the group and the staff flag.
STAFF_GROUP_OF = {
    BOARD_MEMBER: BOARD,
    ALV_CHAIR_ROLE: ALV_CHAIR,
    DISPUTES: DISPUTES_COMMITTEE,
    INTEGRITY: INTEGRITY_OFFICER,
}

# A minimal PDF: what a letter upload looks like once its content was checked.
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> user (no entry for anonymous)
    totp_secrets: dict = field(default_factory=dict)  # role -> secret, for staff roles
    objects: dict = field(default_factory=dict)  # name -> model instance
    admin_objects: dict = field(default_factory=dict)  # "app/model" -> object for its pages
    secrets_of_a: tuple[str, ...] = ()
    secrets_of_b: tuple[str, ...] = ()

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def sign_in(self, client, role: str) -> None:
        """Sign ``client`` in as ``role``; staff also use their second factor this session."""
        if role == ANONYMOUS:
            return
        user = self.users[role]
        client.force_login(user)
        if role in self.totp_secrets:
            response = client.post(
                "/accounts/2fa/reauthenticate/",
                {"code": current_totp_code(self.totp_secrets[role])},
            )
            assert response.status_code == 302, f"{role}: the second factor was not accepted"


def _member(user):
    return MemberFactory(
        user=user,
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        joined_on=date(2020, 1, 1),
    )


def _attach(application, kind, name, content_type, content: bytes) -> ApplicationFile:
    return attached_file(
        application,
        kind=kind,
        name=name,
        content_type=content_type,
        content=content,
        check_status=FileCheck.OK,
    )


def _people(world: World) -> None:
    users = world.users
    users[APPLICANT_A] = UserFactory(first_name="Ayaan", last_name="Aanvrager")
    users[APPLICANT_B] = UserFactory(first_name="Bo", last_name="Bewerker")
    users[MEMBER] = UserFactory(first_name="Mo", last_name="Lid")
    for role in (APPLICANT_A, APPLICANT_B, MEMBER):
        world.objects[f"member_{role}"] = _member(users[role])
    for role in (COMMITTEE_MEMBER, COMMITTEE_CONFLICTED, COMMITTEE_CHAIR):
        users[role] = UserFactory(last_name=role.replace("_", " ").title())
    for role, group in STAFF_GROUP_OF.items():
        users[role] = UserFactory(is_staff=True, groups=[group], last_name=group)
    users[SUPERUSER] = UserFactory(is_staff=True, is_superuser=True, last_name="Beheer")


def _procedure(world: World) -> None:
    """The vacancy, its committee, A's and B's applications, the conflict and the appeal."""
    users, objects = world.users, world.objects
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST, title="Kandidatenlijst TK")
    committee = committee_for(vacancy)
    seat_ready(committee, users[COMMITTEE_CHAIR], role="chair")
    seat_ready(committee, users[COMMITTEE_MEMBER])
    seat_ready(committee, users[COMMITTEE_CONFLICTED])
    # Staff set up an authenticator app (their pages require it); the applicants did not.
    for role in (
        *STAFF_GROUP_OF,
        SUPERUSER,
        COMMITTEE_CHAIR,
        COMMITTEE_MEMBER,
        COMMITTEE_CONFLICTED,
    ):
        world.totp_secrets[role] = give_totp(users[role])

    secret = "VERTROUWELIJK-A-motivatie-7c1f"
    file_secret = "VERTROUWELIJK-A-opname-52ad"
    spoken = "VERTROUWELIJK-A-transcript-e90b"
    world.secrets_of_a = (secret, file_secret, spoken)
    world.secrets_of_b = ("VERTROUWELIJK-B-motivatie-3d48",)
    app_a = submitted(
        ApplicationFactory(
            vacancy=vacancy,
            applicant=users[APPLICANT_A],
            first_name="Ayaan",
            last_name="Aanvrager",
            motivation=f"Mijn motivatie: {secret}.",
        )
    )
    app_b = submitted(
        ApplicationFactory(
            vacancy=vacancy,
            applicant=users[APPLICANT_B],
            first_name="Bo",
            last_name="Bewerker",
            motivation=f"Mijn motivatie: {world.secrets_of_b[0]}.",
        )
    )
    letter = _attach(app_a, FileKind.LETTER, "brief.pdf", "application/pdf", PDF_BYTES)
    voice = _attach(
        app_a, FileKind.VOICE, "memo.webm", "audio/webm", b"\x1aE\xdf\xa3" + file_secret.encode()
    )
    heard = [{"start": 0.0, "end": 3.0, "text": f"Ik stel me voor: {spoken}."}]
    Transcript.objects.create(
        file=voice,
        status=TranscriptStatus.DONE,
        progress=100,
        language="nl",
        segments=heard,
        text=heard[0]["text"],
    )
    letter_b = _attach(app_b, FileKind.LETTER, "brief-b.pdf", "application/pdf", PDF_BYTES)

    # A confirmed conflict: the member declares a family tie with A, the chair recuses them.
    relation = relation_declare(
        person=users[COMMITTEE_CONFLICTED], other=users[APPLICANT_A], kind=RelationKind.FAMILY
    )
    flag = ConflictFlag.objects.get(person=users[COMMITTEE_CONFLICTED], application=app_a)
    conflict_resolve(
        flag=flag, status=FlagStatus.CONFIRMED, reason="Familie.", actor=users[COMMITTEE_CHAIR]
    )

    # B is on the concept list; A is not selected and appeals, with a document.
    concept_list = concept_list_of(vacancy=vacancy)
    concept_list_save(
        concept_list=concept_list,
        places=[{"application_id": app_b.pk}],
        actor=users[COMMITTEE_CHAIR],
    )
    application_move(
        application=app_a,
        to=ApplicationStatus.NOT_SELECTED,
        reason="Er waren sterkere kandidaten.",
        actor=users[COMMITTEE_CHAIR],
    )
    app_a.refresh_from_db()
    appeal = appeal_lodge(
        application=app_a, reasons="De procedure was niet eerlijk.", actor=users[APPLICANT_A]
    )
    appeal_document = AppealDocument(
        appeal=appeal,
        original_name="bezwaar.pdf",
        extension="pdf",
        content_type="application/pdf",
        uploaded_by=users[APPLICANT_A],
    )
    appeal_document.file.save("upload", ContentFile(PDF_BYTES), save=True)

    slot = InterviewSlot.objects.create(
        vacancy=vacancy,
        round=ReviewRound.ROUND_1,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=1),
        location="Partijbureau",
    )
    declaration = Declaration.objects.create(
        user=users[APPLICANT_A],
        questionnaire=questionnaire_current(),
        answers={},
        signed_name="Ayaan Aanvrager",
        signed_at=timezone.now(),
    )
    objects.update(
        vacancy=vacancy,
        committee=committee,
        app_a=app_a,
        app_b=app_b,
        letter=letter,
        voice=voice,
        letter_b=letter_b,
        relation=relation,
        flag=flag,
        concept_list=concept_list,
        appeal=appeal,
        appeal_document=appeal_document,
        slot=slot,
        declaration=declaration,
        milestone=MilestoneFactory(vacancy=vacancy),
        position=PositionFactory(user=users[APPLICANT_A], email=users[APPLICANT_A].email),
    )


def _alv(world: World) -> None:
    """An ALV where A, B and the member are checked in: an open poll, a closed one with A's
    ballot, a closed ranked poll, a proxy, and the candidate list vote with amendments."""
    users, objects = world.users, world.objects
    meeting = make_meeting(title="ALV najaar")
    register_snapshot(meeting=meeting, actor=None)
    voters = {
        role: check_in(voter=meeting.voters.get(member__user=users[role]), actor=None)
        for role in (APPLICANT_A, APPLICANT_B, MEMBER)
    }
    open_poll = make_poll(meeting, ("Ayaan",), title="Open stemming")
    closed_poll = make_poll(meeting, ("Bo",), title="Gesloten stemming")
    ranked_poll = make_poll(
        meeting, ("Anna", "Bram"), title="Voorzitter", kind="ranked", method="irv"
    )
    for poll in (open_poll, closed_poll, ranked_poll):
        poll_open(poll=poll, actor=None)
    (option,) = closed_poll.options.all()
    ballot_cast(poll=closed_poll, voter=voters[APPLICANT_A], choices={str(option.pk): "yes"})
    ranked_ids = list(ranked_poll.options.order_by("order").values_list("pk", flat=True))
    ballot_cast(poll=ranked_poll, voter=voters[APPLICANT_B], choices=ranked_ids)
    poll_close(poll=closed_poll, actor=None)
    poll_close(poll=ranked_poll, actor=None)
    proxy = Proxy.objects.create(
        meeting=meeting, principal=voters[APPLICANT_B], holder=voters[MEMBER]
    )
    list_vote = ListVote.objects.create(
        meeting=meeting, vacancy=objects["vacancy"], method=ListVoteMethod.AMENDMENTS
    )
    objects.update(
        meeting=meeting,
        voter_a=voters[APPLICANT_A],
        open_poll=open_poll,
        closed_poll=closed_poll,
        ranked_poll=ranked_poll,
        proxy=proxy,
        list_vote=list_vote,
    )


def _board_documents(world: World) -> None:
    world.objects["document"] = GeneratedDocument.objects.create(
        kind="committee_advice",
        object_id=world.objects["vacancy"].pk,
        language="nl",
        fingerprint="0" * 64,
        title="Advies van de commissie",
        status=DocumentStatus.DONE,
        progress=100,
        content=PDF_BYTES,
        filename="advies.pdf",
        content_type="application/pdf",
        requested_by=world.users[BOARD_MEMBER],
        finished_at=timezone.now(),
    )


def _admin_objects(world: World) -> None:
    """Per model admin: the object whose pages are requested, tied to A where there is one."""
    users, o = world.users, world.objects
    user_a = users[APPLICANT_A]
    heartbeat = WorkerHeartbeat.objects.create(name="worker@test", last_beat_at=timezone.now())
    world.admin_objects = {
        "auth/group": users[BOARD_MEMBER].groups.get(),
        "account/emailaddress": EmailAddress.objects.get(user=user_a),
        "mfa/authenticator": Authenticator.objects.filter(user=users[COMMITTEE_CHAIR]).first(),
        "core/auditentry": AuditEntry.objects.filter(actor=user_a).first(),
        "core/workerheartbeat": heartbeat,
        "notifications/notification": Notification.objects.filter(recipient=user_a.email).first(),
        "members/user": user_a,
        "members/member": o["member_applicant_a"],
        "vacancies/vacancy": o["vacancy"],
        "vacancies/milestone": o["milestone"],
        "integrity/position": o["position"],
        "integrity/incompatibilityrule": IncompatibilityRule.objects.first(),
        "integrity/questionnaire": questionnaire_current(),
        "integrity/declaration": o["declaration"],
        "integrity/conflictflag": o["flag"],
        "integrity/relation": o["relation"],
        "review/committee": o["committee"],
        "review/conceptlist": o["concept_list"],
        "review/interviewslot": o["slot"],
        "review/appeal": o["appeal"],
        "applications/application": o["app_a"],
        "voting/meeting": o["meeting"],
        "voting/poll": o["open_poll"],
        "voting/voter": o["voter_a"],
        "voting/proxy": o["proxy"],
        "voting/listvote": o["list_vote"],
        "exports/candidatelistexport": o["vacancy"],
        "exports/generateddocument": o["document"],
    }
    missing = [name for name, obj in world.admin_objects.items() if obj is None]
    assert not missing, f"the world has no object for the admin pages of {missing}"


def build_world() -> World:
    world = World()
    _people(world)
    _procedure(world)
    _alv(world)
    _board_documents(world)
    _admin_objects(world)
    return world


# --- Concrete URLs --------------------------------------------------------------------------

# Route patterns that are regular expressions (or catch-alls): their URL, written out.
EXPLICIT_URLS = {
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": "/accounts/confirm-email/bogus-key/",
    r"accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "/accounts/password/reset/key/1z-bogus-key/"
    ),
    r"admin/(?P<url>.*)$": "/admin/geen-pagina/",
}
APP_LIST_PATTERN = re.compile(r"^admin/\^\(\?P<app_label>")
ADMIN_MODEL_PATTERN = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")

# Which poll a voting route is about: the open one to vote in, the closed ones to read.
POLL_OF_ROUTE = {
    "voting:ballot": "open_poll",
    "voting:cast": "open_poll",
    "voting:live_count": "open_poll",
    "voting:paper_desk": "open_poll",
    "voting:results": "closed_poll",
    "voting:ballots_csv": "closed_poll",
    "voting:ballots_json": "ranked_poll",
    "exports:paper_ballots": "open_poll",
}


def _pk_of(route: Route, world: World):
    """What ``<int:pk>`` names in this route."""
    path = route.route
    if path.startswith(("alv/", "staff/alv/")):
        return world.meeting.pk
    if path.startswith("staff/rapporten/documenten/"):
        return world.document.pk
    if path.startswith("admin/vacancies/vacancy/"):
        return world.vacancy.pk
    if path.startswith(("sollicitaties/", "integriteit/sollicitaties/", "kandidaat/")):
        return world.app_a.pk
    if path.startswith("admin/applications/application/"):
        return world.app_a.pk
    return None


def _value(route: Route, name: str, world: World):
    admin_model = ADMIN_MODEL_PATTERN.match(route.route)
    values = {
        "slug": lambda: world.vacancy.slug,
        "pk": lambda: _pk_of(route, world),
        # A's voice note: it has a transcript, and the conflicted member must not reach it.
        "file_uuid": lambda: world.voice.uuid,
        "document_uuid": lambda: world.appeal_document.uuid,
        "poll_pk": lambda: world.objects[POLL_OF_ROUTE[route.name]].pk,
        "poll_id": lambda: world.objects[POLL_OF_ROUTE[route.name]].pk,
        "list_pk": lambda: world.list_vote.pk,
        "code": lambda: world.voter_a.checkin_code,
        "kind": lambda: "committee_advice",
        "object_id": lambda: (
            world.vacancy.pk
            if route.name == "exports:document_request"
            else world.admin_objects[f"{admin_model['app']}/{admin_model['model']}"].pk
        ),
        "vacancy_id": lambda: world.vacancy.pk,
        "meeting_id": lambda: world.meeting.pk,
        "id": lambda: world.users[APPLICANT_A].pk,
        "content_type_id": lambda: ContentType.objects.get_for_model(world.vacancy).pk,
    }
    if route.name == "admin:view_on_site" and name == "object_id":
        return world.vacancy.pk
    if name not in values:
        raise LookupError(name)
    value = values[name]()
    if value is None:
        raise LookupError(name)
    return value


def concrete_url(route: Route, world: World) -> str:
    """The URL that requests ``route`` about the world's objects. Raises LookupError for a
    route whose parameters this module does not know yet (the test says what to add)."""
    if route.route in EXPLICIT_URLS:
        return EXPLICIT_URLS[route.route]
    if APP_LIST_PATTERN.match(route.route):
        # The app whose admin list is the committee's: seats only.
        return "/admin/applications/"
    if "(?P<" in route.route or "^" in route.route:
        raise LookupError(route.route)
    return "/" + PARAMETER.sub(lambda m: str(_value(route, m["name"], world)), route.route)


# --- Actions whose effect is checked --------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A POST that does something: its form, and what to look at to see whether it did."""

    data: object  # world -> dict
    state: object  # world -> a value that changes when the action took effect


def _ballot_in_the_name_of_a(world: World) -> dict:
    voter, option = world.voter_a, world.open_poll.options.get()
    return {"subject": voter.pk, f"v{voter.pk}-option_{option.pk}": "yes"}


# Route name -> the action posted instead of an empty form; the matrix then counts the POST
# as ALLOW only if it took effect.
ACTIONS = {
    "voting:cast": Action(
        data=_ballot_in_the_name_of_a,
        state=lambda world: VoteRecord.objects.filter(poll=world.open_poll).count(),
    ),
}
