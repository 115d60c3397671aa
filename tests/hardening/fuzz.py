"""Shared strategies and checks for the fuzz tests (issue #12): every form and every JSON
endpoint gets hostile input, and each example must end in

1. no server error: no response of 500 or more, and no exception out of the view (the test
   client re-raises it);
2. no data change when the answer says the input was refused: a 4xx status, a form shown
   again with errors, a JSON error, or an error message without a success message. The
   tables the endpoint writes are fingerprinted (a hash of every row) before and after;
3. translated errors: under the default Dutch interface every error text the answer shows
   (form errors, error and warning messages, JSON errors, a plain-text 400) must be one of
   the Dutch catalog's translations, its placeholders filled in with anything. An English
   text, or a message built outside gettext, fails.

Each example runs in a savepoint that is rolled back afterwards, with the client's cookies
restored, so examples never see each other's changes. The number of examples comes from
the hypothesis profiles registered in tests/hardening/conftest.py: a few dozen per endpoint
in ``make test`` (derandomized, so the suite stays deterministic), 1,000 in ``make fuzz``
(HYPOTHESIS_PROFILE=fuzz). Only these tests use the profiles; the voting method tests keep
their own settings.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import BaseForm, BaseFormSet
from django.utils.translation import trans_real
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.applications import samples

QUICK_PROFILE, FULL_PROFILE = "bij1-fuzz-quick", "bij1-fuzz-full"

# Route names (as tests.hardening.urlpatterns gives them) that a fuzz test covers; filled
# by ``fuzzes`` when the test modules are imported, read by the completeness test.
COVERED: set[str] = set()


def fuzzes(*route_names: str):
    """Mark a test as the fuzz test of these routes."""
    COVERED.update(route_names)

    def mark(function):
        return function

    return mark


def profile() -> hypothesis_settings:
    name = FULL_PROFILE if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else QUICK_PROFILE
    return hypothesis_settings.get_profile(name)


# --- Strategies -----------------------------------------------------------------------------

# Text in every script, emoji and control characters, without lone surrogates (which no
# browser can send: they are not UTF-8).
ANY_CHARACTER = st.characters(codec="utf-8")

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\r\n",
    "\t",
    "\u202eevil",
    "\ufeff",
    "\u200b",
    "😀" * 20,
    "Z̸̡̢͈ą̷l̵g̴o̶",
    "' OR 1=1 --",
    '"; DROP TABLE members_user; --',
    "1; SELECT pg_sleep(0)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% debug %}",
    "%(name)s %s %d {0} {name}",
    "%",
    "../../../../etc/passwd",
    "C:\\Windows\\system32",
    "null",
    "None",
    "undefined",
    "true",
    "[]",
    "{}",
    "NaN",
    "-Infinity",
    "1e309",
    "-1",
    "0",
    "00",
    "+5",
    " 7 ",
    "0x1f",
    "3.14",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999999999",
    "²",
    "①",
    "٣",
    "Ⅻ",
    "0000-00-00",
    "2026-02-30",
    "9999-12-31T23:59",
    "0001-01-01",
    "31-12-2026",
    "2026-13-01 25:61",
    "yes",
    "no",
    "on",
    "off",
]


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Unicode, control characters, injections, numbers out of range, broken dates, very
    long text."""
    return st.one_of(
        st.text(ANY_CHARACTER, max_size=max_size),
        st.sampled_from(NASTY),
        st.integers(-(10**25), 10**25).map(str),
        st.builds(
            lambda piece, times: piece * times,
            st.sampled_from(["x", "é", "<b>", "\x00", "9", "ab "]),
            st.integers(300, 12_000),
        ),
    )


def numbers(*valid: int) -> st.SearchStrategy[str]:
    """Numbers as a form posts them: the given valid ones, and any other."""
    options = [st.integers(-(10**20), 10**20).map(str)]
    if valid:
        options.insert(0, st.sampled_from([str(v) for v in valid]))
    return st.one_of(*options)


def any_of(*values) -> st.SearchStrategy:
    return st.sampled_from(values)


def value(valid: st.SearchStrategy) -> st.SearchStrategy:
    """One posted field: mostly a valid value, else hostile text, or the key twice."""
    return st.one_of(
        valid,
        valid,
        hostile_text(),
        st.lists(st.one_of(valid, hostile_text()), min_size=2, max_size=3),
    )


@dataclass(frozen=True)
class Upload:
    """A file a form posts (built fresh for each send: an upload is read once)."""

    name: str
    content: bytes
    content_type: str

    def file(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.content, content_type=self.content_type)

    def __repr__(self) -> str:
        return f"Upload({self.name!r}, {len(self.content)} bytes, {self.content_type!r})"


FILE_NAMES = [
    "brief.pdf",
    "cv.docx",
    "cv.odt",
    "video.mp4",
    "video.webm",
    "stem.ogg",
    "stem.wav",
    "stem.webm",
    "noextension",
    ".pdf",
    "virus.exe",
    "page.html",
    "image.svg",
    "archive.zip",
    "../../../etc/passwd.pdf",
    "brief.pdf.exe",
    "BRIEF.PDF",
    "файл.docx",
    "a\x00b.pdf",
    "x" * 300 + ".pdf",
    "<script>.pdf",
    "con.pdf",
]
CONTENT_TYPES = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "video/mp4",
    "video/webm",
    "audio/ogg",
    "audio/wav",
    "text/html",
    "image/svg+xml",
    "application/octet-stream",
    "application/x-msdownload",
    "",
    "garbage/../type",
]
CONTENTS = [
    samples.PDF,
    samples.PDF_WITH_JAVASCRIPT,
    samples.MP4,
    samples.WEBM,
    samples.OGG,
    samples.WAV,
    samples.HTML,
    samples.SVG,
    samples.EXE,
    samples.DOCX,
    samples.ODT,
    samples.ZIP,
    b"",
    samples.PDF[:10],
    b"%PDF-" + b"\x00" * 50,
]


def uploads() -> st.SearchStrategy[Upload]:
    """Files whose names, declared types and contents agree or lie: real file headers, random
    bytes, empty files, executables named .pdf."""
    return st.builds(
        Upload,
        name=st.one_of(st.sampled_from(FILE_NAMES), st.text(ANY_CHARACTER, max_size=30)).filter(
            lambda name: os.path.basename(name) not in ("", ".", "..")
        ),
        content=st.one_of(st.sampled_from(CONTENTS), st.binary(max_size=600)),
        content_type=st.sampled_from(CONTENT_TYPES),
    )


def json_texts() -> st.SearchStrategy[str]:
    """JSON as a hidden field or a body carries it: valid structures, broken text, deep
    nesting, very large arrays."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(ANY_CHARACTER, max_size=10),
    )
    structures = st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=5),
            st.dictionaries(st.text(ANY_CHARACTER, max_size=8), inner, max_size=4),
        ),
        max_leaves=12,
    )
    return st.one_of(
        structures.map(json.dumps),
        hostile_text(),
        st.sampled_from(["[", "{", '{"a": }', "[1, 2,]", "NaN", "[Infinity]", '"\\ud800"']),
        # Deep nesting and very large arrays, made when drawn (a literal would bloat reprs).
        st.integers(1_000, 100_000).map(lambda depth: "[" * depth + "]" * depth),
        st.integers(1_000, 50_000).map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
        st.integers(10_000, 100_000).map(lambda size: json.dumps(list(range(size)))),
    )


@dataclass
class Payload:
    """What one example sends: form fields (a list value posts the key more than once) and
    files, encoded as multipart or urlencoded; or a raw body with any content type."""

    fields: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    urlencoded: bool = False
    raw: bytes | None = None
    content_type: str = ""
    headers: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    # What the URL is built from, when the path itself is fuzzed (ids, codes, uuids).
    url_args: tuple = ()


def with_url_args(payloads: st.SearchStrategy, *args: st.SearchStrategy):
    """Payloads that also carry drawn URL arguments (see ``Target.url``)."""
    return st.builds(
        lambda payload, drawn: _set(payload, url_args=drawn), payloads, st.tuples(*args)
    )


def _set(payload: Payload, **changes) -> Payload:
    for name, new in changes.items():
        setattr(payload, name, new)
    return payload


RAW_CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "application/xml",
    "multipart/form-data",
    "multipart/form-data; boundary=XyZ",
    "multipart/form-data; boundary=",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/octet-stream",
    "",
]


def raw_bodies() -> st.SearchStrategy[Payload]:
    """Bodies no form sends: random bytes, broken multipart, JSON, under any content type."""
    body = st.one_of(
        st.binary(max_size=300),
        json_texts().map(lambda text: text.encode()),
        st.sampled_from(
            [
                b'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n',
                b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n",
                b'--XyZ\r\nContent-Disposition: form-data; name="f"; filename="x.pdf"\r\n'
                b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n",
                b"a=1&a=2&%ZZ=%&b=%00",
                b"\xff\xfe\x00a\x00=\x001",
                "=".join("é" for _ in range(5)).encode("latin-1"),
            ]
        ),
        st.integers(900, 3000).map(lambda n: b"&".join(b"k%d=v" % i for i in range(n))),
    )
    return st.builds(
        lambda raw, content_type: Payload(raw=raw, content_type=content_type),
        body,
        st.sampled_from(RAW_CONTENT_TYPES),
    )


def extra_fields() -> st.SearchStrategy[dict]:
    """Fields no form has."""
    return st.dictionaries(
        st.one_of(st.text(ANY_CHARACTER, min_size=1, max_size=12), st.sampled_from(NASTY[1:])),
        hostile_text(),
        max_size=3,
    )


def forms(
    valid: dict[str, st.SearchStrategy],
    *,
    files: dict[str, st.SearchStrategy] | None = None,
    fixed: dict[str, str] | None = None,
    headers: st.SearchStrategy[dict] | None = None,
) -> st.SearchStrategy[Payload]:
    """Payloads for one form: all of it valid (so validation goes deep), each field valid,
    hostile, repeated or missing, with fields no form has, or a body that is no form at all.
    ``fixed`` fields are always sent as given (the button that says what to do)."""
    fixed = fixed or {}
    files = files or {}
    headers = headers if headers is not None else st.just({})
    all_valid = st.fixed_dictionaries(valid)
    mutated = st.fixed_dictionaries({}, optional={k: value(v) for k, v in valid.items()})
    mixed = st.builds(lambda a, b: {**a, **b}, mutated, extra_fields())
    file_parts = st.fixed_dictionaries(
        {}, optional={name: st.one_of(strategy, uploads()) for name, strategy in files.items()}
    )

    def build(fields, parts, urlencoded, sent_headers):
        fields = {**fields, **fixed}
        return Payload(
            fields=fields,
            files={} if urlencoded else parts,
            urlencoded=urlencoded and not parts,
            headers=sent_headers,
        )

    form_payloads = st.builds(
        build, st.one_of(all_valid, mixed), file_parts, st.booleans(), headers
    )
    return st.one_of(form_payloads, form_payloads, form_payloads, raw_bodies())


# --- Sending and checking -------------------------------------------------------------------


def send(client, url: str, payload: Payload, *, method: str = "post"):
    query = f"?{urlencode(payload.query, doseq=True)}" if payload.query else ""
    if payload.raw is not None:
        return client.generic(
            method.upper(),
            url + query,
            payload.raw,
            content_type=payload.content_type,
            headers=payload.headers,
        )
    if method == "get":
        return client.get(url, payload.fields, headers=payload.headers)
    if payload.urlencoded:
        return client.post(
            url + query,
            urlencode(payload.fields, doseq=True),
            content_type="application/x-www-form-urlencoded",
            headers=payload.headers,
        )
    data = {**payload.fields, **{name: up.file() for name, up in payload.files.items()}}
    return client.post(url + query, data, headers=payload.headers)


def fingerprint(models) -> dict[str, str]:
    """A hash of every row of each model's table (in key order), in one query on PostgreSQL."""
    if not models:
        return {}
    if connection.vendor != "postgresql":
        return {
            model._meta.label: hashlib.sha256(
                repr(list(model._default_manager.order_by("pk").values_list())).encode()
            ).hexdigest()
            for model in models
        }
    parts = []
    for model in models:
        table = connection.ops.quote_name(model._meta.db_table)
        key = connection.ops.quote_name(model._meta.pk.column)
        # Only quoted table and column names are formatted in.
        rows = f"string_agg(t::text, '|' ORDER BY t.{key})"
        parts.append(f"(SELECT md5(coalesce({rows}, '')) FROM {table} t)")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        hashes = cursor.fetchone()
    return {model._meta.label: digest for model, digest in zip(models, hashes, strict=True)}


@dataclass
class Outcome:
    status: int
    errors: list[str]
    successes: list[str]
    form_errors: bool

    @property
    def refused(self) -> bool:
        return self.status >= 400 or self.form_errors or (bool(self.errors) and not self.successes)


def _forms_in(response) -> list:
    found: dict[int, object] = {}
    contexts = response.context if response.context is not None else []
    if hasattr(contexts, "flatten") and not isinstance(contexts, list):
        contexts = [contexts]
    for context in contexts:
        values = context.flatten().values() if hasattr(context, "flatten") else []
        for item in values:
            for candidate in _form_like(item):
                found[id(candidate)] = candidate
    return list(found.values())


def _form_like(item):
    if isinstance(item, BaseForm | BaseFormSet):
        yield item
    elif hasattr(item, "form") and isinstance(item.form, BaseForm):  # admin's AdminForm
        yield item.form
    elif hasattr(item, "formset") and isinstance(item.formset, BaseFormSet):  # inlines
        yield item.formset
    elif isinstance(item, list | tuple) and len(item) < 50:
        for element in item:
            if isinstance(element, BaseForm | BaseFormSet):
                yield element
            elif isinstance(element, tuple):  # (subject, form) pairs on the ballot
                yield from (e for e in element if isinstance(e, BaseForm | BaseFormSet))
            elif hasattr(element, "formset") and isinstance(element.formset, BaseFormSet):
                yield element.formset


def _error_texts(form) -> list[str]:
    if not form.is_bound:
        return []
    if isinstance(form, BaseFormSet):
        texts = [str(e) for e in form.non_form_errors()]
        for member in form.forms:
            texts += _error_texts(member)
        return texts
    return [str(message) for errors in form.errors.values() for message in errors]


def outcome(response) -> Outcome:
    errors: list[str] = []
    successes: list[str] = []
    form_errors = False
    for form in _forms_in(response):
        texts = _error_texts(form)
        form_errors = form_errors or bool(texts)
        errors += texts
    storage = getattr(response.wsgi_request, "_messages", None)
    for message in getattr(storage, "_queued_messages", []):
        if message.level >= message_levels.WARNING:
            errors.append(str(message.message))
        elif message.level == message_levels.SUCCESS:
            successes.append(str(message.message))
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/json") and not response.streaming:
        errors += _json_errors(json.loads(response.content))
    elif content_type.startswith("text/html") and response.status_code == 400:
        body = response.content.decode()
        if not body.lstrip().startswith("<"):  # HttpResponseBadRequest(message)
            errors.append(body)
    return Outcome(response.status_code, errors, successes, form_errors)


def _json_errors(answer) -> list[str]:
    if not isinstance(answer, dict):
        return []
    texts = [answer["error"]] if answer.get("error") else []
    texts += [p["message"] for p in answer.get("problems", []) if p.get("message")]
    return texts


# The placeholders of Python's %-formatting and of str.format in catalog texts.
PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{\w*\}")


# A catalog text with fewer letters than this around its placeholders ("%(n)s uur",
# "%s %s") would match text in any language: it is left out.
MIN_LETTERS = 5


@functools.cache
def _dutch_catalog() -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    catalog = trans_real.translation("nl")._catalog
    plain, patterns = set(), []
    for key, text in catalog.items():
        if key == "" or not text:
            continue
        parts = PLACEHOLDER.split(text)
        if len(parts) == 1:
            plain.add(text.replace("%%", "%"))
        elif sum(c.isalpha() for c in "".join(parts)) >= MIN_LETTERS:
            regex = "(?:.*?)".join(re.escape(p.replace("%%", "%")) for p in parts)
            patterns.append(re.compile(regex, re.DOTALL))
    return frozenset(plain), tuple(patterns)


@functools.cache
def is_dutch(text: str) -> bool:
    """Whether ``text`` is a Dutch catalog translation, its placeholders filled with anything
    (a user's input, a name, a number)."""
    text = text.strip()
    plain, patterns = _dutch_catalog()
    if text in plain:
        return True
    return any(pattern.fullmatch(text) for pattern in patterns)


PROJECT_APPS = (
    "members",
    "vacancies",
    "applications",
    "integrity",
    "review",
    "voting",
    "exports",
    "notifications",
    "account",
    "mfa",
    "auth",
)
# Rows written on every page view by design: who opened what.
NOT_FINGERPRINTED = ("core.AuditEntry", "integrity.DeclarationView")


def data_tables() -> tuple:
    """Every table of the project's own data (and accounts), but the logs of who read what."""
    from django.apps import apps

    return tuple(
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label not in NOT_FINGERPRINTED and not model._meta.proxy
    )


@dataclass
class Target:
    """One endpoint under fuzz: the client that calls it, the tables its POST may write, and
    how a refusal must look."""

    name: str
    client: object
    url: str | object  # a string, or a function of the drawn payload
    models: tuple = ()  # the tables to fingerprint; all of ``data_tables()`` when empty
    method: str = "post"
    # Whether an answer that refuses some of the input may still keep the rest (the
    # application form saves every valid field of a draft); its own check then runs.
    keeps_valid_part: bool = False
    # Extra checks: ``check(payload, response, outcome, before, after)`` with the state
    # ``snapshot()`` returns before and after the request.
    check: object = None
    snapshot: object = None


def run(target: Target, payloads: st.SearchStrategy, request=None) -> int:
    """Run the profile's number of examples against ``target``; returns how many ran."""
    baseline = copy.deepcopy(target.client.cookies)
    models = target.models or data_tables()
    count = 0

    @hypothesis_settings(profile())
    @given(payloads)
    def example(payload):
        nonlocal count
        count += 1
        target.client.cookies = copy.deepcopy(baseline)
        url = target.url(payload) if callable(target.url) else target.url
        with transaction.atomic():
            before = fingerprint(models)
            state = target.snapshot() if target.snapshot else None
            response = send(target.client, url, payload, method=target.method)
            after = fingerprint(models)
            result = outcome(response)
            if target.check is not None:
                new_state = target.snapshot() if target.snapshot else None
                target.check(payload, response, result, state, new_state)
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{target.name}: {response.status_code}"
        if result.refused and not target.keeps_valid_part:
            changed = [label for label in before if before[label] != after[label]]
            assert not changed, (
                f"{target.name} refused the input ({result.status}, {result.errors}) "
                f"but changed {changed}"
            )
        untranslated = [text for text in result.errors if not is_dutch(text)]
        assert not untranslated, f"{target.name}: errors not in Dutch: {untranslated}"

    example()
    if request is not None:
        request.node.user_properties.append(("fuzz_examples", (target.name, count)))
    return count
