from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from core.privacy import Kept
from members.models import Member, User

# What this app holds about a person, all of it in the export (tests/core/test_access_export).
EXPORTED_MODELS = (User, Member)


def export_account(user):
    account = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
    }
    member = getattr(user, "member", None)
    if member is not None:
        account["member_register"] = model_to_dict(member, exclude=["id", "user"])
    return account, []


def kept_member_entry(user) -> list[Kept]:
    """The member register is the party's membership administration, imported here: erasing
    the account unlinks the entry but does not end the membership."""
    if not Member.objects.filter(user=user).exists():
        return []
    return [
        Kept(
            what=_("Your entry in the member register (a copy of the party's administration)"),
            ground=_("your membership of the party; to end it, write to the party's secretary"),
        )
    ]
