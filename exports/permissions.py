from review.selectors import board_or_list_editor, concept_list_of


def may_read_committee_advice(*, user, vacancy) -> bool:
    """The board (who receives the advice) and the committee's chair, deputy or secretary
    without a conflict with any of the candidates."""
    return board_or_list_editor(user=user, concept_list=concept_list_of(vacancy=vacancy))


def may_export_candidate_list(*, user, vacancy) -> bool:
    """The people who receive the advice also prepare the list's documents: the board, and the
    committee's chair, deputy or secretary without a conflict with any of the candidates."""
    return may_read_committee_advice(user=user, vacancy=vacancy)
