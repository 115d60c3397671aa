"""An application's life as a Hypothesis state machine: the applicant opens the form, saves,
autosaves, adds and removes files, sends and withdraws; the media check judges recordings;
the committee moves it through the procedure; the procedure ends and the retention purge
runs — in any order, and through copies of the application read at any earlier moment (what
a request holds while another one commits: the race, played one step at a time).

After every step the database must agree with a plain model of what should have happened,
and these must hold: a sent application is never a draft again; it has one receipt number,
which never changes, one audit row and one confirmation e-mail that carries that number;
what the applicant sent (answers and files) is still there while it is kept; only what the
retention rules allow is purged.

A few short runs in ``make test`` (the same ones every time); many more, longer and new ones
in ``make fuzz`` (HYPOTHESIS_PROFILE=fuzz)."""

import os
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from applications.media import MediaVerdict, media_check
from applications.models import (
    IN_PROCEDURE,
    Application,
    ApplicationFile,
    ApplicationStatus,
    FileCheck,
    FileKind,
)
from applications.retention import KEPT_STATUSES, purge_expired
from applications.rules import MOTIVATION_FILES
from applications.services import (
    application_attach_file,
    application_for_form,
    application_remove_file,
    application_save_draft,
    application_set_status,
    application_start,
    application_submit,
    application_withdraw,
)
from core.errors import ServiceError
from core.models import AuditEntry
from notifications.models import Notification
from tests.applications import samples
from tests.factories import UserFactory, VacancyFactory
from vacancies.models import VacancyStatus

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
S = ApplicationStatus
UPLOADS = {
    FileKind.LETTER: ("brief.pdf", samples.PDF),
    FileKind.CV: ("cv.pdf", samples.PDF),
    FileKind.VIDEO: ("film.mp4", samples.MP4),
    FileKind.VOICE: ("memo.ogg", samples.OGG),
}
ANSWERS = {
    "initials": "N.",
    "first_name": "Noor",
    "last_name": "Voorbeeld",
    "date_of_birth": date(1990, 5, 17),
    "place_of_residence": "Utrecht",
    "consent_political_data": True,
}
# Hypothesis picks rules evenly: the steps that end a life wait a little, so that most runs
# also reach a sent application and the committee's steps.
WITHDRAW_AFTER, END_AFTER = 8, 12
MOTIVATIONS = st.sampled_from(["", "Ik wil bijdragen.", "Een nieuwe versie van mijn verhaal."])


class ApplicationLife(RuleBasedStateMachine):
    """One applicant, one vacancy. The model: ``status``, ``receipt``, ``motivation``,
    ``files`` (kind -> (file id, check status)), and what was sent."""

    copies = Bundle("copies")

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.vacancy = VacancyFactory()
        self.applicant = UserFactory()
        self.browser = Client()
        self.browser.force_login(self.applicant)
        self.pk = None
        self.exists = False
        self.status = None
        self.receipt = None
        self.motivation = ""
        self.files: dict[str, tuple[int, str]] = {}
        self.answered = False  # the personal answers sending requires are stored
        self.sent_answers = None
        self.sent_kinds: set[str] = set()
        self.withdrawals = self.moves = self.file_removals = 0
        self.procedure_ended = False
        self.steps = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    # --- What the model expects -------------------------------------------------------------

    @property
    def open(self) -> bool:
        return not self.procedure_ended

    @property
    def editable(self) -> bool:
        return self.exists and self.status == S.DRAFT and self.open

    @property
    def takes_files(self) -> bool:
        return self.exists and self.status in (S.DRAFT, S.SUBMITTED) and self.open

    @property
    def complete(self) -> bool:
        counted = {kind for kind, (_pk, check) in self.files.items() if check != FileCheck.REJECTED}
        return self.answered and bool(self.motivation.strip() or counted & set(MOTIVATION_FILES))

    def expect(self, allowed: bool, call):
        """Run ``call``; it must succeed when ``allowed`` and be refused otherwise."""
        try:
            result = call()
        except ServiceError:
            assert not allowed, "refused what the model allows"
            return None
        assert allowed, "allowed what the model refuses"
        return result

    # --- The applicant ----------------------------------------------------------------------

    @rule()
    def open_the_form(self):
        """What the page shows (the page itself is tested in test_application_life.py)."""
        before = Application.objects.count()
        try:
            shown = application_for_form(vacancy=self.vacancy, applicant=self.applicant)
        except ServiceError:
            assert not self.exists and not self.open
        else:
            assert (shown.pk is not None) == self.exists
        assert Application.objects.count() == before  # opening writes nothing

    @initialize(target=copies, motivation=MOTIVATIONS)
    def start_with_a_draft(self, motivation):
        self.first_save()
        copy = Application.objects.get(pk=self.pk)
        self.autosave(copy, motivation, with_answers=True)
        return copy

    @precondition(lambda self: not self.exists)
    @rule()
    def first_save(self):
        application = self.expect(
            self.exists or self.open,
            lambda: application_start(vacancy=self.vacancy, applicant=self.applicant),
        )
        if application is not None and not self.exists:
            self.pk, self.exists, self.status = application.pk, True, S.DRAFT
            self.receipt, self.motivation, self.files = None, "", {}
            self.sent_answers, self.sent_kinds, self.answered = None, set(), False
            self.withdrawals = self.moves = self.file_removals = 0

    @precondition(lambda self: self.exists)
    @rule(target=copies)
    def read_a_copy(self):
        """What a request reads at its start; it may act on it after later steps committed."""
        return Application.objects.get(pk=self.pk)

    @rule(copy=copies, motivation=MOTIVATIONS, with_answers=st.booleans())
    def autosave(self, copy, motivation, with_answers):
        data = {"motivation": motivation, **(ANSWERS if with_answers else {})}
        saved = self.expect(
            self._current(copy) and self.editable,
            lambda: application_save_draft(application=copy, data=data),
        )
        if saved is not None:
            self.motivation = motivation
            self.answered = self.answered or with_answers

    @precondition(lambda self: self.exists)
    @rule(motivation=MOTIVATIONS)
    def autosave_from_the_page(self, motivation):
        answer = self.browser.post(
            f"/sollicitaties/solliciteren/{self.vacancy.slug}/",
            {"autosave": "1", "motivation": motivation, "country": "NL", "retention": "procedure"},
        )
        if self.editable:
            assert answer.status_code == 200
            self.motivation = motivation
            self.answered = False  # the page posts every field, and these were left empty
            return
        assert answer.status_code == 409
        assert answer.json()["ok"] is False

    @rule(copy=copies, kind=st.sampled_from(list(UPLOADS)))
    def attach(self, copy, kind):
        name, content = UPLOADS[kind]
        attached = self.expect(
            self._current(copy) and self.takes_files,
            lambda: application_attach_file(
                application=copy, kind=kind, uploaded=SimpleUploadedFile(name, content)
            ),
        )
        if attached is not None:
            self.files[kind] = (attached.pk, FileCheck.PENDING)

    @precondition(lambda self: self.files)
    @rule(copy=copies, kind=st.sampled_from(list(UPLOADS)))
    def remove(self, copy, kind):
        if kind not in self.files:
            return
        attached = ApplicationFile(pk=self.files[kind][0])
        removed = self.expect(
            self._current(copy) and self.editable,
            lambda: application_remove_file(application=copy, attached=attached) or True,
        )
        if removed:
            del self.files[kind]
            self.file_removals += 1

    @rule(copy=copies)
    def send(self, copy):
        already_sent = self.receipt is not None and self.status != S.WITHDRAWN
        sent = self.expect(
            self._current(copy) and (already_sent or (self.editable and self.complete)),
            lambda: application_submit(application=copy, actor=self.applicant),
        )
        if sent is None:
            return
        if already_sent:
            assert sent.receipt_number == self.receipt
            return
        self.status, self.receipt = S.SUBMITTED, sent.receipt_number
        self.sent_answers = self._answers()
        self.sent_kinds = set(self.files)

    @precondition(lambda self: self.steps >= WITHDRAW_AFTER)
    @rule(copy=copies)
    def withdraw(self, copy):
        allowed = self._current(copy) and self.status not in (S.ACCEPTED, S.NOT_SELECTED)
        withdrawn = self.expect(
            allowed, lambda: application_withdraw(application=copy, actor=self.applicant)
        )
        if withdrawn is not None and self.status != S.WITHDRAWN:
            self.status = S.WITHDRAWN
            self.withdrawals += 1

    # --- The media check, the committee and the end of the procedure -------------------------

    @precondition(lambda self: self.files)
    @rule(kind=st.sampled_from(list(UPLOADS)), ok=st.booleans())
    def media_checked(self, kind, ok):
        if kind not in self.files:
            return
        file_id, check = self.files[kind]
        verdict = MediaVerdict(ok=ok, message="" if ok else "Geen geluid.", duration=2.0)
        with mock.patch("applications.media.judge_media", return_value=verdict):
            result = media_check(file_id=file_id)
        if check != FileCheck.PENDING:
            assert result == check
            return
        recording = kind in (FileKind.VIDEO, FileKind.VOICE)
        expected = FileCheck.OK if ok or not recording else FileCheck.REJECTED
        assert result == expected
        self.files[kind] = (file_id, expected)

    @rule(copy=copies, to=st.sampled_from(S.values))
    def committee_moves(self, copy, to):
        allowed = (
            self._current(copy)
            and self.status not in (S.DRAFT, S.WITHDRAWN)
            and to not in (S.DRAFT, S.WITHDRAWN)
        )
        moved = self.expect(
            allowed, lambda: application_set_status(application=copy, status=to, actor=None)
        )
        if moved is not None and to != self.status:
            self.status = to
            self.moves += 1

    @precondition(lambda self: not self.procedure_ended and self.steps >= END_AFTER)
    @rule()
    def procedure_ends(self):
        self.vacancy.status = VacancyStatus.FINISHED
        self.vacancy.deadline = timezone.now() - timedelta(weeks=6)
        self.vacancy.ended_at = timezone.now() - timedelta(weeks=5)
        self.vacancy.save()
        self.procedure_ended = True

    @precondition(lambda self: self.procedure_ended)
    @rule()
    def retention_purge(self):
        purge_expired()
        # Every application that did not lead to an appointment goes (#27).
        if self.exists and self.procedure_ended and self.status not in KEPT_STATUSES:
            self.exists, self.files = False, {}

    # --- Invariants -------------------------------------------------------------------------
    # One invariant reads the database once after every step; each check below is one promise.

    @invariant()
    def the_database_agrees_with_the_model(self):
        self.steps += 1
        if self.pk is None:
            return
        stored = Application.objects.filter(pk=self.pk).values().first()
        assert (stored is not None) == self.exists
        files = {
            kind: (pk, check)
            for pk, kind, check in ApplicationFile.objects.filter(
                application_id=self.pk
            ).values_list("pk", "kind", "check_status")
        }
        actions = list(
            AuditEntry.objects.filter(object_id=str(self.pk)).values_list("action", flat=True)
        )
        e_mails = list(
            Notification.objects.filter(
                kind="applications.confirmation", object_id=str(self.pk)
            ).values_list("body_text", flat=True)
        )
        if stored is not None:
            self.check_stored(stored, files)
            self.check_a_sent_application_stays_sent(stored)
            self.check_what_was_sent_is_kept(stored, files)
        self.check_one_audit_row_and_one_e_mail_per_step(actions, e_mails)

    def check_stored(self, stored: dict, files: dict):
        assert stored["status"] == self.status
        assert stored["receipt_number"] == self.receipt  # one receipt, and it never changes
        assert stored["motivation"] == self.motivation
        assert files == self.files

    def check_a_sent_application_stays_sent(self, stored: dict):
        if self.receipt is not None:
            assert stored["status"] != S.DRAFT
            assert stored["submitted_at"] is not None
        if stored["status"] in IN_PROCEDURE:
            assert stored["receipt_number"] is not None

    def check_what_was_sent_is_kept(self, stored: dict, files: dict):
        if self.sent_answers is not None:
            assert {name: stored[name] for name in self.sent_answers} == self.sent_answers
            assert self.sent_kinds <= set(files)

    def check_one_audit_row_and_one_e_mail_per_step(self, actions: list, e_mails: list):
        sent = 1 if self.receipt is not None else 0
        assert actions.count("applications.start") == 1
        assert actions.count("applications.submit") == sent
        assert actions.count("applications.withdraw") == self.withdrawals
        assert actions.count("applications.status") == self.moves
        assert actions.count("applications.remove_file") == self.file_removals
        assert len(e_mails) == sent
        if sent:
            assert self.receipt in e_mails[0]

    # --- Helpers ----------------------------------------------------------------------------

    def _current(self, copy) -> bool:
        """Whether the copy's row still exists (the purge deletes it; a new draft after a
        purge is another row)."""
        return self.exists and copy.pk == self.pk

    def _answers(self) -> dict:
        """What the applicant answered, as stored."""
        return Application.objects.filter(pk=self.pk).values("motivation", *ANSWERS).first()


def life_settings() -> settings:
    """A few lives of 25 steps in ``make test``; in ``make fuzz`` a quarter of FUZZ_EXAMPLES
    (250 by default) of up to 60 steps each, new ones every run."""
    lives = int(os.environ.get("FUZZ_EXAMPLES", "1000")) // 4
    return settings(
        max_examples=max(lives, 1) if FUZZ else 10,
        stateful_step_count=60 if FUZZ else 25,
        derandomize=not FUZZ,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def test_the_life_of_an_application(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TRANSCRIBE_ENABLED = False
    run_state_machine_as_test(ApplicationLife, settings=life_settings())
