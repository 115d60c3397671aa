"""The attacker of the secret ballot, for tests/voting/test_ballot_secrecy.py.

The property under attack: whoever holds the database — the live server, a dump, a backup,
a replica's write-ahead log — during or after a poll, can pair a member with their receipt or
their choice no better than chance.

The attacker knows every receipt code and every ranking that exists (a member may show their
receipt; the published ballots list every ranking) and reads the database with raw SQL or as
bytes, never through the app. Nothing here knows which table holds what: a "who" row is a row
of a table with both a ``poll_id`` and a ``voter_id`` column; a receipt is found wherever its
code appears; a choice wherever its ranking appears as a list of option ids, in a table with a
``poll_id`` column (in raw bytes, anywhere). Then every way of lining the who rows up with
the receipts (or choices) is tried: by physical position (ctid, rowid, byte offset, order in a
dump), by transaction id (xmin), by the rank of every column, by equal values; each guess
pairs some voters with their own receipt.

``cast_everyone`` is the election itself: also run in a subprocess against an SQLite file.
"""

import itertools
import json
import random
import re
import shutil
import sqlite3
import subprocess
import time
from contextlib import closing
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path

from core.backup import postgres_env

RECEIPT = re.compile(r"(?=([A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}))")
# A list of option ids as JSON writes it, also with the ids quoted or escaped inside a string.
ID_LIST = re.compile(r'\[[\d\s,"\\]+\]')
CANDIDATES = ("Amal", "Bo", "Chen", "Dewi", "Eli")  # 5 options: 120 distinct rankings


# --- The election ---------------------------------------------------------------------------


def cast_everyone(*, voters: int, seed: int) -> dict:
    """A meeting with ``voters`` checked in and a secret ranked poll, opened; each voter, in a
    random order, casts a ranking no one else casts, each cast its own transaction (outside a
    transaction, as a request is). The ground truth: poll id, voter id -> receipt, voter id ->
    ranking (JSON-ready)."""
    from tests.voting.conftest import make_meeting, make_poll, make_voters
    from voting.casting import ballot_cast
    from voting.polls import poll_open

    rng = random.Random(seed)
    meeting = make_meeting(title="ALV geheime stemming")
    people = make_voters(meeting, voters)
    poll = make_poll(
        meeting, CANDIDATES, kind="ranked", method="schulze", secret=True, title="Voorzitter"
    )
    poll_open(poll=poll, actor=None)
    ids = list(poll.options.order_by("order").values_list("pk", flat=True))
    rankings = rng.sample(list(itertools.permutations(ids)), voters)
    rng.shuffle(people)
    receipts, ranked = {}, {}
    for voter, ranking in zip(people, rankings, strict=True):
        cast = ballot_cast(poll=poll, voter=voter, choices=list(ranking))
        receipts[str(voter.pk)], ranked[str(voter.pk)] = cast.receipt, list(ranking)
    return {"poll": poll.pk, "receipts": receipts, "rankings": ranked}


def sqlite_cast_main(out: str, voters: int, seed: int) -> None:
    """In ``manage.py shell`` on an SQLite file: migrate, cast, write the ground truth."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
    Path(out).write_text(json.dumps(cast_everyone(voters=voters, seed=seed)))


def sqlite_close_main(poll_id: int, backup: str) -> None:
    """In ``manage.py shell`` on the same file: close the poll, then make the backup."""
    from django.core.management import call_command

    from voting.models import Poll
    from voting.polls import poll_close

    poll_close(poll=Poll.objects.get(pk=poll_id), actor=None)
    call_command("backup", out=backup)


@dataclass
class Truth:
    poll: int
    receipts: dict[int, str]  # voter id -> receipt code
    rankings: dict[int, tuple[int, ...]]  # voter id -> ranking

    @classmethod
    def of(cls, data: dict) -> "Truth":
        return cls(
            poll=data["poll"],
            receipts={int(k): v for k, v in data["receipts"].items()},
            rankings={int(k): tuple(v) for k, v in data["rankings"].items()},
        )


# --- What the attacker holds ----------------------------------------------------------------


@dataclass
class Row:
    table: str
    values: dict[str, str | None]  # every column, as text
    where: dict[str, object]  # where the row is: @ctid, @xmin, @rowid, @line, @offset ...

    @property
    def keys(self) -> dict[str, object]:
        return {**self.where, **self.values}

    @property
    def text(self) -> str:
        return "\t".join(value for value in self.values.values() if value is not None)


@dataclass
class Copy:
    """One copy of the database as the attacker holds it. ``raw``: bytes scanned for codes
    and rankings, one row per find, without columns."""

    name: str
    rows: list[Row] = field(default_factory=list)
    raw: bool = False


def receipts_in(text: str, known) -> list[str]:
    return [m.group(1) for m in RECEIPT.finditer(text) if m.group(1) in known]


def rankings_in(text: str, known) -> list[tuple[int, ...]]:
    found = []
    for m in ID_LIST.finditer(text):
        parts = [p.strip(' "\\') for p in m.group()[1:-1].split(",")]
        if all(p.isdigit() for p in parts):
            ranking = tuple(int(p) for p in parts)
            if ranking in known:
                found.append(ranking)
    return found


def scan_bytes(name: str, data: bytes, truth: Truth, *, base: int = 0) -> list[Row]:
    """One row per receipt code or ranking found in ``data``, at its byte offset."""
    text = data.decode("latin-1")
    receipts, rankings = set(truth.receipts.values()), set(truth.rankings.values())
    rows = [
        Row(name, {"text": m.group(1)}, {"@offset": base + m.start()})
        for m in RECEIPT.finditer(text)
        if m.group(1) in receipts
    ]
    for m in ID_LIST.finditer(text):
        if rankings_in(m.group(), rankings):
            rows.append(Row(name, {"text": m.group()}, {"@offset": base + m.start()}))
    rows.sort(key=lambda row: row.where["@offset"])
    return rows


# --- PostgreSQL -----------------------------------------------------------------------------


def postgres_connect(database: dict):
    import psycopg

    return psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        password=database.get("PASSWORD") or None,
        dbname=database["NAME"],
        autocommit=True,
    )


def postgres_tables(db) -> dict[str, list[tuple[str, str]]]:
    """Every table of the public schema: its columns and their types."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in db.execute(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) "
        "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' "
        "ORDER BY c.table_name, c.ordinal_position"
    ):
        tables.setdefault(table, []).append((column, kind))
    return tables


def postgres_live(db, name: str) -> Copy:
    """Every row of every table, with its ctid and xmin, every column cast to text (bytea
    read as escaped bytes, so any text in it shows)."""
    from psycopg import sql

    copy = Copy(name)
    for table, columns in postgres_tables(db).items():
        exprs = [
            sql.SQL("encode({}, 'escape')").format(sql.Identifier(column))
            if kind == "bytea"
            else sql.SQL("{}::text").format(sql.Identifier(column))
            for column, kind in columns
        ]
        query = sql.SQL("SELECT ctid::text, xmin::text, {} FROM {}").format(
            sql.SQL(", ").join(exprs), sql.Identifier(table)
        )
        for ctid, xmin, *values in db.execute(query):
            page, item = ctid.strip("()").split(",")
            copy.rows.append(
                Row(
                    table,
                    dict(zip([c for c, _ in columns], values, strict=True)),
                    {"@ctid": (int(page), int(item)), "@xmin": int(xmin)},
                )
            )
    return copy


def _attribute_text(raw: bytes | None, length: int, kind: str) -> str | None:
    """An attribute as stored on the page: fixed-width numbers (integers, timestamps) read as
    little-endian integers, a uuid as hex, anything else as its bytes."""
    if raw is None:
        return None
    if kind == "uuid":
        return raw.hex()
    if length in (1, 2, 4, 8) and len(raw) == length:
        return str(int.from_bytes(raw, "little", signed=True))
    return raw.decode("latin-1")


def postgres_pages(db, name: str, truth: Truth) -> tuple[Copy, Copy]:
    """What the server's data files hold (pageinspect, read through the buffer cache): every
    tuple version still on a page, dead or alive, with its xmin (``Copy`` 1); and the pages'
    raw bytes, stale remnants in free space included, scanned for codes and rankings."""
    versions, raw = Copy(f"{name}, every tuple version"), Copy(f"{name}, raw pages", raw=True)
    block = int(db.execute("SELECT current_setting('block_size')").fetchone()[0])
    for table in postgres_tables(db):
        attributes = db.execute(
            "SELECT attname, attlen, atttypid::regtype::text FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 ORDER BY attnum",
            [f'"{table}"'],
        ).fetchall()
        (size,) = db.execute("SELECT pg_relation_size(%s::regclass)", [f'"{table}"']).fetchone()
        pages = size // block
        if not pages:
            continue
        data = b"".join(
            page
            for (page,) in db.execute(
                "SELECT get_raw_page(%s, b) FROM generate_series(0, %s) b ORDER BY b",
                [table, pages - 1],
            )
        )
        raw.rows += scan_bytes(f"{table} pages", data, truth)
        for page, item, xmin, xmax, attrs in db.execute(
            "SELECT b, t.lp, t.t_xmin::text, t.t_xmax::text, t.t_attrs "
            "FROM generate_series(0, %s) b, "
            "heap_page_item_attrs(get_raw_page(%s, b::int), %s::regclass) t "
            "WHERE t.t_attrs IS NOT NULL ORDER BY b, t.lp",
            [pages - 1, table, f'"{table}"'],
        ):
            values = {
                attname: _attribute_text(value, length, kind)
                for (attname, length, kind), value in zip(attributes, attrs, strict=False)
            }
            where = {"@ctid": (page, item), "@xmin": int(xmin), "@xmax": int(xmax)}
            versions.rows.append(Row(table, values, where))
    return versions, raw


def lsn_number(db, lsn: str) -> int:
    return int(db.execute("SELECT %s::pg_lsn - '0/0'::pg_lsn", [lsn]).fetchone()[0])


def postgres_wal(db, name: str, since: str, truth: Truth) -> Copy:
    """The write-ahead log written since ``since`` (what a replica or a WAL archive gets),
    scanned for codes and rankings in the order it was written."""
    (end,) = db.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()
    deadline = time.monotonic() + 10
    while not db.execute("SELECT pg_current_wal_flush_lsn() >= %s::pg_lsn", [end]).fetchone()[0]:
        assert time.monotonic() < deadline, "the WAL was not flushed"
        time.sleep(0.05)
    (segment,) = db.execute(
        "SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'"
    ).fetchone()
    start, stop = lsn_number(db, since), lsn_number(db, end)
    copy = Copy(name, raw=True)
    position = start
    while position < stop:
        first = position - position % segment
        length = min(stop, first + segment) - position
        lsn = f"{(first + 1) >> 32:X}/{(first + 1) & 0xFFFFFFFF:X}"
        (file,) = db.execute("SELECT pg_walfile_name(%s::pg_lsn)", [lsn]).fetchone()
        (data,) = db.execute(
            "SELECT pg_read_binary_file(%s, %s::bigint, %s::bigint, true)",
            [f"pg_wal/{file}", position - first, length],
        ).fetchone()
        if data:  # a segment already recycled is gone
            copy.rows += scan_bytes("wal", bytes(data), truth, base=position)
        position += length
    return copy


def postgres_tool(db, name: str) -> str:
    """pg_dump or pg_restore of the server's major version."""
    (version,) = db.execute("SHOW server_version_num").fetchone()
    major = int(version) // 10000
    candidates = glob(f"/usr/lib/postgresql/{major}/bin/{name}")
    return candidates[0] if candidates else shutil.which(name) or name


def pg_dump(db, database: dict) -> str:
    """A plain, data-only dump of the database."""
    return subprocess.run(
        [postgres_tool(db, "pg_dump"), "--data-only", "--format=plain", "--no-owner"],
        env=postgres_env(database),
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pg_restore_plain(db, archive: Path) -> str:
    """A custom-format archive (the project's backup) back as plain SQL."""
    return subprocess.run(
        [postgres_tool(db, "pg_restore"), "--data-only", "--file=-", str(archive)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


COPY_HEADER = re.compile(r"^COPY (?:[\w\"]+\.)?\"?([\w]+)\"? \((.*)\) FROM stdin;$")
ESCAPE = re.compile(r"\\(\d{1,3}|.)")
ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unescape(value: str) -> str | None:
    if value == r"\N":
        return None
    return ESCAPE.sub(
        lambda m: (
            chr(int(m.group(1), 8)) if m.group(1).isdigit() else ESCAPES.get(m.group(1), m[1])
        ),
        value,
    )


def dump_rows(name: str, dump: str) -> Copy:
    """The rows of a plain dump's COPY blocks, each with its line number in the dump."""
    copy, table, columns = Copy(name), None, []
    for number, line in enumerate(dump.splitlines()):
        if table is None:
            header = COPY_HEADER.match(line)
            if header:
                table = header.group(1)
                columns = [c.strip().strip('"') for c in header.group(2).split(",")]
        elif line == r"\.":
            table = None
        else:
            values = [_unescape(v) for v in line.split("\t")]
            row = dict(zip(columns, values, strict=False))
            copy.rows.append(Row(table, row, {"@line": number}))
    return copy


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_take(path: Path, into: Path) -> list[Path]:
    """What the attacker takes away: the database file and its write-ahead log, if any."""
    into.mkdir(parents=True)
    taken = []
    for suffix in ("", "-wal"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            taken.append(Path(shutil.copy(source, into / source.name)))
    return taken


def sqlite_live(name: str, path: Path) -> Copy:
    """Every row of every table of (a copy of) the SQLite file, with its rowid. Opening it
    replays and may remove a write-ahead log beside it: scan the bytes first."""
    copy = Copy(name)
    with closing(sqlite3.connect(path)) as db:
        db.text_factory = lambda data: data.decode("utf-8", "replace")
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            try:
                cursor = db.execute(f'SELECT rowid AS "@rowid", * FROM {quoted}')  # noqa: S608
            except sqlite3.OperationalError:  # WITHOUT ROWID
                cursor = db.execute(f"SELECT * FROM {quoted}")  # noqa: S608
            columns = [d[0] for d in cursor.description]
            for values in cursor:
                row = dict(zip(columns, values, strict=True))
                where = {"@rowid": row.pop("@rowid")} if "@rowid" in row else {}
                text = {
                    k: None
                    if v is None
                    else v.decode("latin-1")
                    if isinstance(v, bytes)
                    else str(v)
                    for k, v in row.items()
                }
                copy.rows.append(Row(table, text, where))
    return copy


def sqlite_raw(name: str, paths: list[Path], truth: Truth) -> Copy:
    """The files' bytes (free pages and the write-ahead log included), scanned."""
    copy, base = Copy(name, raw=True), 0
    for path in paths:
        data = path.read_bytes()
        copy.rows += scan_bytes(path.name, data, truth, base=base)
        base += len(data)
    return copy


# --- The attacks ----------------------------------------------------------------------------


def _sortable(value) -> tuple:
    if value is None:
        return (0, 0, "")
    if isinstance(value, int | tuple):
        return (1, value, "")
    text = str(value)
    if re.fullmatch(r"-?\d+", text):
        return (1, int(text), "")
    return (2, 0, text)


Entry = tuple[dict, object]  # (the keys of the row it is in, a voter id / receipt / ranking)


def who_entries(copy: Copy, truth: Truth) -> dict[str, list[Entry]]:
    """Per table with poll_id and voter_id: its rows of the poll, as (keys, voter id)."""
    found: dict[str, list[Entry]] = {}
    for row in copy.rows:
        if str(row.values.get("poll_id")) == str(truth.poll) and row.values.get("voter_id"):
            voter = int(row.values["voter_id"])
            found.setdefault(row.table, []).append((row.keys, voter))
    return found


def receipt_entries(copy: Copy, truth: Truth) -> dict[str, list[Entry]]:
    known = set(truth.receipts.values())
    found: dict[str, list[Entry]] = {}
    for row in copy.rows:
        for code in receipts_in(row.text, known):
            found.setdefault(row.table, []).append((row.keys, code))
    return found


def choice_entries(copy: Copy, truth: Truth) -> dict[str, list[Entry]]:
    known = set(truth.rankings.values())
    found: dict[str, list[Entry]] = {}
    for row in copy.rows:
        if copy.raw or str(row.values.get("poll_id")) == str(truth.poll):
            for ranking in rankings_in(row.text, known):
                found.setdefault(row.table, []).append((row.keys, ranking))
    return found


def _ordered(entries: list[Entry], key: str, reverse: bool = False) -> list:
    ordered = sorted(entries, key=lambda e: _sortable(e[0].get(key)), reverse=reverse)
    return list(dict.fromkeys(item for _, item in ordered))  # each item once, where first seen


def guesses(who: list[Entry], targets: list[Entry]):
    """Every pairing tried: (name, {voter id: guessed item}). Who rows in the order of each
    of their keys against the targets in the order of each of theirs, both ways (ties keep
    the scan order, i.e. physical order); and rows with equal values of two keys paired in
    scan order (same xmin, same ctid, same id ...)."""
    who_keys = list(dict.fromkeys(k for keys, _ in who for k in keys))
    target_keys = list(dict.fromkeys(k for keys, _ in targets for k in keys))
    for kw in who_keys:
        voters = _ordered(who, kw)
        groups: dict[tuple, list] = {}
        for keys, voter in who:
            if keys.get(kw) is not None:
                groups.setdefault(_sortable(keys[kw]), []).append(voter)
        for kt in target_keys:
            for reverse in (False, True):
                items = _ordered(targets, kt, reverse)
                way = "descending" if reverse else "ascending"
                yield f"{kw} order ~ {kt} {way}", dict(zip(voters, items, strict=False))
            joined: dict[tuple, list] = {}
            for keys, item in targets:
                if keys.get(kt) is not None:
                    joined.setdefault(_sortable(keys[kt]), []).append(item)
            guess = {}
            for value, group in groups.items():
                guess.update(zip(group, dict.fromkeys(joined.get(value, [])), strict=False))
            yield f"{kw} = {kt}", guess


@dataclass
class Outcome:
    attack: str
    paired: int  # voters paired with their own receipt / ranking
    also: list[str] = field(default_factory=list)  # other attacks that made the same guess

    def __str__(self) -> str:
        others = f" (also {len(self.also)} other ways, e.g. {'; '.join(self.also[:3])})"
        return self.attack + (others if self.also else "")


def attack(who: Copy, held: Copy, truth: Truth) -> list[Outcome]:
    """Every pairing of ``who``'s who rows with the receipts and the rankings in ``held``
    (often the same copy; a dump or the raw bytes come with the live who rows). Distinct
    guesses only: a pairing reached in several ways is one outcome (``also``)."""
    outcomes = []
    for kind, entries, answer in (
        ("receipt", receipt_entries(held, truth), truth.receipts),
        ("choice", choice_entries(held, truth), truth.rankings),
    ):
        for who_table, who_rows in who_entries(who, truth).items():
            for table, targets in entries.items():
                seen: dict[frozenset, Outcome] = {}
                for name, guess in guesses(who_rows, targets):
                    frozen = frozenset(guess.items())
                    if frozen in seen:
                        seen[frozen].also.append(name)
                        continue
                    paired = sum(1 for voter, item in guess.items() if answer.get(voter) == item)
                    label = f"{held.name}: {kind}, {who_table} ~ {table}: {name}"
                    seen[frozen] = Outcome(label, paired)
                outcomes += seen.values()
    return outcomes


def readable(copy: Copy, truth: Truth) -> list[str]:
    """Where receipts or rankings of the poll can be read in ``copy`` (tables and counts)."""
    return [
        f"{copy.name}: {len(entries)} {kind}s readable in {table}"
        for kind, found in (
            ("receipt", receipt_entries(copy, truth)),
            ("ranking", choice_entries(copy, truth)),
        )
        for table, entries in found.items()
    ]


def completeness(copy: Copy, truth: Truth) -> list[str]:
    """After closing: every receipt once in the copy and every ranking found, and the who
    rows there (else the attacks would pass for want of anything to pair)."""
    problems = []
    codes = [code for entries in receipt_entries(copy, truth).values() for _, code in entries]
    counts = {code: codes.count(code) for code in truth.receipts.values()}
    if any(n != 1 for n in counts.values()):
        missing = sum(1 for n in counts.values() if n == 0)
        repeated = sum(1 for n in counts.values() if n > 1)
        problems.append(
            f"{copy.name}: every receipt should be there exactly once: "
            f"{missing} missing, {repeated} more than once"
        )
    rankings = {r for entries in choice_entries(copy, truth).values() for _, r in entries}
    if missing := len(set(truth.rankings.values()) - rankings):
        problems.append(f"{copy.name}: {missing} rankings not found")
    who = sum(len(rows) for rows in who_entries(copy, truth).values())
    if who != len(truth.receipts):
        problems.append(
            f"{copy.name}: {who} who rows (poll_id, voter_id) found, not {len(truth.receipts)}"
        )
    return problems


# For a random pairing, the number of voters paired with their own receipt (or ranking) is
# about Poisson(1) distributed: P(>= 9 of 60) ≈ 1e-6. So 8 is the most chance explains.
MOST_BY_CHANCE = 8


@dataclass
class Verdict:
    """What the attacks found over the phases of one election; ``failures`` is empty when the
    ballot is secret."""

    truth: Truth
    note: str  # how to reproduce (the seed)
    problems: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    looked_at: list[str] = field(default_factory=list)

    def look(self, held: Copy, *, who: Copy | None = None, sealed=False, complete=False):
        """Attack ``held`` (with the who rows of ``who``, by default ``held``'s own).
        ``sealed``: while the poll is open no receipt and no ranking may be readable at all;
        ``complete``: after closing every receipt and ranking must be there to be found."""
        self.looked_at.append(held.name)
        self.outcomes += attack(who or held, held, self.truth)
        if sealed:
            self.problems += [
                f"while the poll is open, nothing of a ballot may be readable: {found}"
                for found in readable(held, self.truth)
            ]
        if complete:
            self.problems += completeness(held, self.truth)

    def failures(self) -> list[str]:
        voters = len(self.truth.receipts)
        over = sorted(
            (o for o in self.outcomes if o.paired > MOST_BY_CHANCE), key=lambda o: -o.paired
        )
        lines = list(self.problems)
        if over:
            lines.append(
                f"{len(over)} of {len(self.outcomes)} attacks pair more than {MOST_BY_CHANCE} of "
                f"{voters} voters with their own receipt or choice (chance pairs about 1; "
                f">= {MOST_BY_CHANCE + 1} has probability ~1e-6):"
            )
            lines += [f"  {o.paired}/{voters}  {o}" for o in over[:60]]
            if len(over) > 60:
                lines.append(f"  ... and {len(over) - 60} more")
        if lines:
            lines.append(self.note)
        return lines

    def summary(self) -> str:
        """The best attack on each copy (printed; shown with -s or on failure)."""
        voters = len(self.truth.receipts)
        lines = []
        for name in self.looked_at:
            tried = [o for o in self.outcomes if o.attack.startswith(f"{name}:")]
            if tried:
                best = max(tried, key=lambda o: o.paired)
                lines.append(f"{best.paired:>3}/{voters} best of {len(tried)} attacks: {best}")
            else:
                lines.append(f"  -/{voters} {name}: no receipt or ranking of the poll to pair")
        return "\n".join(lines)
