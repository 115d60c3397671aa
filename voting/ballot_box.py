"""The ballot box of a secret poll: ballots sealed with a key that never enters the database.

When a secret poll opens, ``box_create`` makes an X25519 key pair (PyNaCl) and writes it to
its own file in ``settings.BALLOT_KEY_DIR``; the poll keeps only the file's name. Each ballot
is sealed (``seal``, a libsodium sealed box) with the public half, read from that file, so a
ballot is only ever sealed to a key that exists at that moment. Every sealed ballot of a poll
has the same length (the plaintext is padded to ``padded_size``), so its size says nothing of
what it holds. ``unseal`` opens them at closing; ``box_destroy`` removes the key after the
opened ballots are committed. The reasons are in docs/ballot-secrecy.md.
"""

import base64
import json
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_HEADER = b"bij1-ballot-key-v1\n"
KEY_ID = re.compile(r"[0-9a-f]{32}")
# Longest stored form of one option: '"2147483647":"abstain",' (a ranking or approval id is
# shorter); on top, the receipt code and the envelope.
PER_OPTION, ENVELOPE, BLOCK = 24, 48, 64

_public_keys: dict[str, tuple[tuple[int, int], PublicKey]] = {}


class BoxUnavailable(Exception):
    """The poll's key file is missing or unreadable."""


def _key_path(key_id: str) -> Path:
    if not KEY_ID.fullmatch(key_id or ""):
        raise BoxUnavailable(key_id)
    return Path(settings.BALLOT_KEY_DIR) / f"{key_id}.key"


def box_create() -> str:
    """A new key pair on disk (written whole and flushed before this returns); its name."""
    folder = Path(settings.BALLOT_KEY_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_id = secrets.token_hex(16)
    path = _key_path(key_id)
    temporary = path.with_suffix(".tmp")
    content = KEY_HEADER + base64.b64encode(bytes(PrivateKey.generate())) + b"\n"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, content)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)
    _fsync_folder(folder)
    return key_id


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _private_key(path: Path) -> PrivateKey:
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise BoxUnavailable(path.name) from exc
    if not content.startswith(KEY_HEADER):
        raise BoxUnavailable(path.name)
    try:
        return PrivateKey(base64.b64decode(content[len(KEY_HEADER) :].strip(), validate=True))
    except (ValueError, TypeError) as exc:
        raise BoxUnavailable(path.name) from exc


def _public_key(key_id: str) -> PublicKey:
    """The public half, from the key file (kept per process while the file is unchanged)."""
    path = _key_path(key_id)
    try:
        stat = path.stat()
    except OSError as exc:
        raise BoxUnavailable(key_id) from exc
    stamp = (stat.st_ino, stat.st_mtime_ns)
    known = _public_keys.get(key_id)
    if known and known[0] == stamp:
        return known[1]
    public = _private_key(path).public_key
    _public_keys[key_id] = (stamp, public)
    return public


def padded_size(option_count: int) -> int:
    """The plaintext length every ballot of a poll with this many options is padded to."""
    needed = ENVELOPE + PER_OPTION * max(option_count, 1)
    return -(-needed // BLOCK) * BLOCK


def seal(key_id: str, *, receipt: str, choices, option_count: int) -> bytes:
    """The sealed ballot: receipt code and stored choices, padded, sealed to the poll's key."""
    plaintext = json.dumps({"r": receipt, "c": choices}, separators=(",", ":")).encode()
    size = padded_size(option_count)
    if len(plaintext) > size:
        raise ValueError("a ballot longer than its poll allows")
    return SealedBox(_public_key(key_id)).encrypt(plaintext.ljust(size))


def unseal(key_id: str, boxes: list[bytes]) -> list[dict | None]:
    """Every box opened: {"r": receipt, "c": choices}, or None for a box that does not open
    with the key or holds no ballot (counted as unreadable, never an exception)."""
    opener = SealedBox(_private_key(_key_path(key_id)))
    opened = []
    for box in boxes:
        try:
            payload = json.loads(opener.decrypt(bytes(box)))
        except (CryptoError, ValueError, TypeError):
            payload = None
        opened.append(payload if isinstance(payload, dict) and "c" in payload else None)
    return opened


def box_exists(key_id: str) -> bool:
    try:
        return _key_path(key_id).is_file()
    except BoxUnavailable:
        return False


def box_destroy(key_id: str) -> None:
    """Remove the key for good: after this, the sealed ballots in old dumps, backups and
    the WAL can no longer be opened by anyone."""
    try:
        path = _key_path(key_id)
    except BoxUnavailable:
        return
    _public_keys.pop(key_id, None)
    try:
        path.unlink()
    except FileNotFoundError:
        return
    _fsync_folder(path.parent)
