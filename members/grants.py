"""Every grant and revocation of rights is in the audit trail: a group (integrity officers, the
board, a committee …), a single permission, the staff and the superuser flag. Whatever path
makes it (the admin, a service, a command, the shell), a signal writes one row per change,
about the grantee's account, so it is also in that person's data export (core.privacy_audit).

Who made the change comes from ``acting_as``: the user admin wraps its form in it. A change
made outside it (a service that gives a committee seat and audits that itself, a management
command) is written without an actor, never left out."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from core.services import audit_log
from members.models import User

_actor: ContextVar[User | None] = ContextVar("members_grant_actor", default=None)

FLAGS = ("is_staff", "is_superuser")


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Changes to rights made inside this block are audited as made by ``user``."""
    token = _actor.set(user if getattr(user, "pk", None) else None)
    try:
        yield
    finally:
        _actor.reset(token)


def _audit(*, action: str, grantee_id: int, data: dict) -> None:
    grantee = User(pk=grantee_id)  # only its key is written
    actor = _actor.get()
    audit_log(
        actor=actor,
        action=action,
        target=grantee,
        data={**data, "self": bool(actor and actor.pk == grantee_id)},
    )


# --- the staff and superuser flags ---------------------------------------------------------


@receiver(pre_save, sender=User, dispatch_uid="members_grants_flags_before")
def _flags_before(sender, instance: User, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields is not None and not set(FLAGS) & set(update_fields)):
        instance._flags_before = None  # a save of other fields (last_login): nothing to compare
        return
    if instance._state.adding or instance.pk is None:
        instance._flags_before = dict.fromkeys(FLAGS, False)
        return
    before = User.objects.filter(pk=instance.pk).values(*FLAGS).first()
    instance._flags_before = before or dict.fromkeys(FLAGS, False)


@receiver(post_save, sender=User, dispatch_uid="members_grants_flags_after")
def _flags_after(sender, instance: User, raw=False, **kwargs) -> None:
    before = getattr(instance, "_flags_before", None)
    instance._flags_before = None
    if raw or before is None:
        return
    for flag in FLAGS:
        now = bool(getattr(instance, flag))
        if now != bool(before[flag]):
            name = flag.removeprefix("is_")
            _audit(
                action=f"members.{name}_{'granted' if now else 'revoked'}",
                grantee_id=instance.pk,
                data={"flag": flag},
            )


# --- groups and single permissions ---------------------------------------------------------


def _changed(*, instance, action: str, reverse: bool, pk_set, model, kind: str) -> None:
    """One audit row per (person, group or permission) added or removed, from either side of
    the relation (``user.groups.add(g)`` or ``group.user_set.add(u)``)."""
    if action == "pre_clear":
        # Clearing sends no ids: remember what is there now.
        related = (
            getattr(instance, "groups" if kind == "group" else "user_permissions")
            if not reverse
            else instance.user_set
        )
        instance._cleared = set(related.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_cleared", set())
        instance._cleared = set()
    verb = "added" if action == "post_add" else "removed"
    if reverse:  # instance is the group or permission, pk_set the people
        pairs = [(user_id, instance) for user_id in sorted(pk_set or ())]
    else:
        found = model.objects.filter(pk__in=pk_set or ())
        if kind == "permission":
            found = found.select_related("content_type")
        things = {thing.pk: thing for thing in found}
        pairs = [(instance.pk, things[pk]) for pk in sorted(things)]
    for user_id, thing in pairs:
        if kind == "group":
            label = thing.name
        else:
            label = f"{thing.content_type.app_label}.{thing.codename}"
        _audit(action=f"members.{kind}_{verb}", grantee_id=user_id, data={kind: label})


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="members_grants_groups")
def _groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    _changed(
        instance=instance, action=action, reverse=reverse, pk_set=pk_set, model=model, kind="group"
    )


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="members_grants_perms")
def _permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    _changed(
        instance=instance,
        action=action,
        reverse=reverse,
        pk_set=pk_set,
        model=model,
        kind="permission",
    )
