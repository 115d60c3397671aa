"""The right to access and to erasure (AVG/GDPR): every app that keeps personal data registers
what it holds about a user, and how to erase its files, in its AppConfig.ready. The account
page then exports or erases everything in one go without importing any app (DESIGN §2)."""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from core.services import audit_log

Exporter = Callable[[object], tuple[dict | list, list[tuple[str, object]]]]
Eraser = Callable[[object], None]


@dataclass(frozen=True)
class PersonalDataSource:
    name: str
    export: Exporter
    erase_files: Eraser | None = None


_sources: dict[str, PersonalDataSource] = {}
_after_purge: list[Callable[[set[int]], None]] = []


def register_personal_data(name: str, export: Exporter, erase_files: Eraser | None = None) -> None:
    _sources[name] = PersonalDataSource(name, export, erase_files)


def register_after_purge(hook: Callable[[set[int]], None]) -> None:
    """``hook(user_ids)`` runs after the retention purge deleted applications of these users,
    so apps above applications can delete what belonged only to those applications."""
    if hook not in _after_purge:
        _after_purge.append(hook)


def after_purge_hooks() -> list[Callable[[set[int]], None]]:
    return list(_after_purge)


def personal_data_zip(*, user) -> bytes:
    """A zip with data.json (everything each app holds) and the user's own files."""
    data: dict = {"exported_at": timezone.now()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for source in _sources.values():
            records, files = source.export(user)
            data[source.name] = records
            for arcname, field_file in files:
                if field_file:
                    with field_file.open("rb") as handle:
                        archive.writestr(f"files/{arcname}", handle.read())
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
    audit_log(actor=user, action="privacy.export", target=user)
    return buffer.getvalue()


@transaction.atomic
def personal_data_erase(*, user) -> None:
    """Delete the account and, through the apps' cascades and erasers, all data and files
    that belong to it. The audit trail keeps that it happened, not who it was."""
    for source in _sources.values():
        if source.erase_files:
            source.erase_files(user)
    audit_log(actor=None, action="privacy.erase_account", data={"user_id": user.pk})
    user.delete()
