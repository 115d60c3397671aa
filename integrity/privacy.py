from django.utils.translation import gettext_lazy as _

from integrity.models import Declaration, DeclarationView, Position, Relation
from members.roles import INTEGRITY_OFFICER
from members.selectors import DataRead, data_reads_of, reader_name, reader_role

# What this app's exporter gives the person (tests/core/test_access_export.py checks that
# every model holding personal data is exported or withheld with a reason).
EXPORTED_MODELS = (Declaration, DeclarationView, Position, Relation)


def _declaration_views(user):
    return (
        DeclarationView.objects.filter(declaration__user=user)
        .exclude(viewer=user)
        .select_related("viewer", "declaration__questionnaire")
        .prefetch_related("viewer__groups")
    )


def _viewer_role_key(view) -> str:
    """In which role the view was made: as written at the time. Views from before the role
    was kept fall back to the viewer's groups now (integrity officers, or else the acting
    chair of a committee judging the person: integrity.permissions.can_view_declaration)."""
    if view.viewer_role:
        return view.viewer_role
    viewer = view.viewer
    if viewer is None:
        return ""
    if any(g.name == INTEGRITY_OFFICER for g in viewer.groups.all()):
        return "integrity_officer"
    return "acting_chair"


def _viewer(view) -> dict:
    key = _viewer_role_key(view)
    return {"reader": reader_name(view.viewer, role=key), "role": reader_role(key)}


def declaration_views_shown(user) -> list[dict]:
    """The last views of the person's declarations by others, for their declaration page:
    who in the same words as the read log (committee readers by role only, an erased reader
    by the role they read in), never failing on a reader who is gone."""
    return [
        {"at": view.viewed_at, **_viewer(view)}
        for view in _declaration_views(user).order_by("-viewed_at")[:20]
    ]


def declaration_reads(user) -> list[DataRead]:
    """The views of the person's integrity declarations by others, for their read log."""
    return [
        DataRead(
            at=view.viewed_at,
            **_viewer(view),
            what=str(_("Your integrity declaration, with the side positions in it")),
            detail=str(
                _("version %(version)d") % {"version": view.declaration.questionnaire.version}
            ),
        )
        for view in _declaration_views(user)
    ]


def export_integrity(user):
    declarations = [
        {
            "version": d.questionnaire.version,
            "signed_name": d.signed_name,
            "signed_at": d.signed_at,
            "current": d.is_current,
            "answers": d.answers,
            "viewed_by_others": [
                {"at": v.viewed_at, **_viewer(v)} for v in d.views.all() if v.viewer_id != user.pk
            ],
        }
        for d in user.declarations.select_related("questionnaire").prefetch_related(
            "views__viewer__groups"
        )
    ]
    positions = list(
        user.positions.values("kind", "body", "branch", "level", "role", "starts_on", "ends_on")
    )
    relations = [
        {"with": str(r.other), "kind": r.kind, "note": r.note, "declared_at": r.created_at}
        for r in user.relations_declared.select_related("other")
    ]
    return {"declarations": declarations, "positions": positions, "relations": relations}, []


def export_read_log(user):
    """Who read the person's confidential data, with the reader's name and role: the same
    list as on *Mijn gegevens*."""
    return [read.as_export() for read in data_reads_of(user=user)], []


def delete_declarations_without_applications(user_ids: set[int]) -> None:
    """After the retention purge: a declaration made for applications that are all gone goes
    too (with the side positions mirrored from it)."""
    Declaration.objects.filter(user_id__in=user_ids, user__applications__isnull=True).delete()
