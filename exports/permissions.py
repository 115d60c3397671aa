from members.permissions import in_group
from members.roles import BOARD
from review.selectors import concept_list_of, may_edit_list


def may_read_committee_advice(*, user, vacancy) -> bool:
    """The board (who receives the advice) and the committee's chair, deputy or secretary
    without a conflict with any of the candidates."""
    if not user.is_authenticated:
        return False
    if in_group(user, BOARD):
        return True
    return may_edit_list(user=user, concept_list=concept_list_of(vacancy=vacancy))
