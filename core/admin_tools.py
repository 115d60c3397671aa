"""Admin building blocks every app may use."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError


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


class StrictAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, which on redisplay looks up the posted ids as they came:
    a value its model's key cannot read (":", "1e3") raised a 500 there instead of the form's
    own "select a valid choice". Unreadable ids are left out of that lookup."""

    def optgroups(self, name, value, attr=None):
        key = self.field.remote_field.model._meta.pk
        return super().optgroups(name, [v for v in value if _readable_key(key, v)], attr)


def _readable_key(key, value) -> bool:
    try:
        key.to_python(value)
    except ValidationError:
        return False
    return True


class StrictAutocompleteAdmin:
    """Mixin for ModelAdmins and inlines with ``autocomplete_fields``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = StrictAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """The raw-id widget, which names the object whose id was typed — any id, also of a row
    the user may not see (an invalid form once echoed the names of drafts). This one names
    only objects in ``scope``."""

    def __init__(self, rel, admin_site, *, scope, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.scope = scope

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            visible = self.scope.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            visible = False
        return super().label_and_url_for_value(value) if visible else ("", "")
