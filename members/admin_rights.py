"""Admin rights that follow a party role rather than Django's permission tables (which
nobody at the party keeps): see also voting.admin.ChairRights for the ALV chair."""

from members.permissions import in_group
from members.roles import BOARD


class BoardRights:
    """Mixed into a ModelAdmin or an inline, before it in the bases: the board (group
    Bestuur) holds every model permission here; anyone else needs Django's permissions, as
    usual (superusers hold them). An admin's own narrower rule — a frozen record, an inline
    that is read-only — still applies, because it is checked first and asks ``super()``."""

    def _board(self, request) -> bool:
        return in_group(request.user, BOARD)

    def has_module_permission(self, request):
        return self._board(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._board(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):  # an inline's takes the parent object
        return self._board(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._board(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._board(request) or super().has_delete_permission(request, obj)
