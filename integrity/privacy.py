def export_integrity(user):
    declarations = [
        {
            "version": d.questionnaire.version,
            "signed_name": d.signed_name,
            "signed_at": d.signed_at,
            "current": d.is_current,
            "answers": d.answers,
            "viewed_by_others_at": [v.viewed_at for v in d.views.all()],
        }
        for d in user.declarations.select_related("questionnaire").prefetch_related("views")
    ]
    positions = list(
        user.positions.values("kind", "body", "branch", "level", "role", "starts_on", "ends_on")
    )
    relations = [
        {"with": str(r.other), "kind": r.kind, "note": r.note, "declared_at": r.created_at}
        for r in user.relations_declared.select_related("other")
    ]
    return {"declarations": declarations, "positions": positions, "relations": relations}, []


def delete_declarations_without_applications(user_ids: set[int]) -> None:
    """After the retention purge: a declaration made for applications that are all gone goes
    too (with the side positions mirrored from it)."""
    from integrity.models import Declaration

    Declaration.objects.filter(user_id__in=user_ids, user__applications__isnull=True).delete()
