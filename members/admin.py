from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.services import audit_log
from members.forms import MemberAdminForm
from members.grants import acting_as
from members.models import Member, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Groups, permissions and the staff and superuser flags changed here are audited
        # (members.grants) with the administrator who changed them, themself included.
        with acting_as(request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)


# The register's optional contact columns feed the conflict-of-interest checks and are shown to
# no one (README, "Importing the member register"): the import keeps them, not the admin.
MEMBER_CONTACT_FIELDS = ("place", "postal_code", "house_number", "phone")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """The member register, for the technical administrator who links rows to accounts. The
    address and phone are never on these pages; opening a member's page is logged and shown
    to that member (members.selectors.READ_ACTIONS)."""

    form = MemberAdminForm
    exclude = MEMBER_CONTACT_FIELDS
    list_display = (
        "membership_number",
        "full_name",
        "email",
        "branch",
        "joined_on",
        "status",
        "dues_paid_until",
        "user",
    )
    list_filter = ("status", "branch")
    search_fields = ("membership_number", "first_name", "last_name", "email")
    date_hierarchy = "joined_on"
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("name"), ordering="last_name")
    def name(self, member: Member) -> str:
        return member.full_name

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        member = (getattr(response, "context_data", None) or {}).get("original")
        if response.status_code == 200 and member is not None:
            audit_log(
                actor=request.user,
                action="privacy.read_member_register",
                target=member.user or member,
                data={"role": "administrator", "detail": member.membership_number},
            )
        return response


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    """Second factors are set up by their owners, never typed in for them (their data holds
    the secret): the admin lists them, and removes one for someone who lost their phone."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
