from django.forms.models import model_to_dict


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
