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
    return {"declarations": declarations, "positions": positions}, []
