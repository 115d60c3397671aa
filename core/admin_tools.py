"""Admin building blocks every app may use."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nothing is added, changed or deleted through the stock forms: records that are evidence
    (audit trail, declarations), or whose every write goes through a service (custom views)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RuleBasedAdmin(ReadOnlyAdmin):
    """Seen by whoever ``may_use`` says, whatever their model permissions or superuser flag:
    access follows the party's rules (a seat on a committee, a role), not Django's tables."""

    def may_use(self, request) -> bool:
        raise NotImplementedError

    def has_module_permission(self, request):
        return self.may_use(request)

    def has_view_permission(self, request, obj=None):
        return self.may_use(request)
