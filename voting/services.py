"""The voting services' old address, kept for the code outside ``voting`` (other apps, the demo
data, management commands, scripts): each name lives in the module of its sub-domain now.

- ``voting.register``: the voter register and check-in;
- ``voting.proxies``: giving a proxy;
- ``voting.casting``: the rules of casting and the writing of ballots;
- ``voting.polls``: a poll's life cycle (candidates, open, close and count, new round, lots);
- ``voting.invitations``: the invitations to a meeting;
- ``voting.selectors``: ``ballot_count``.

New code imports from those modules.
"""

from voting.casting import (
    BOX_UNAVAILABLE_TEXT,
    MAX_ID,
    POLL_LOCK_SPACE,
    Cast,
    CastFacts,
    ballot_cast,
    ballot_refusal,
    ballot_store,
    ballots_cast,
    may_vote_for,
)
from voting.invitations import invitations_send
from voting.polls import (
    ADVISED_STATUSES,
    UNREADABLE,
    poll_add_candidates,
    poll_close,
    poll_draw_lots,
    poll_new_round,
    poll_open,
    quorum_snapshot,
    ranked_labels_problem,
)
from voting.proxies import proxy_give
from voting.register import check_in, check_out, entitled_members, register_snapshot
from voting.selectors import ballot_count

__all__ = [
    "ADVISED_STATUSES",
    "BOX_UNAVAILABLE_TEXT",
    "MAX_ID",
    "POLL_LOCK_SPACE",
    "UNREADABLE",
    "Cast",
    "CastFacts",
    "ballot_cast",
    "ballot_count",
    "ballot_refusal",
    "ballot_store",
    "ballots_cast",
    "check_in",
    "check_out",
    "entitled_members",
    "invitations_send",
    "may_vote_for",
    "poll_add_candidates",
    "poll_close",
    "poll_draw_lots",
    "poll_new_round",
    "poll_open",
    "proxy_give",
    "quorum_snapshot",
    "ranked_labels_problem",
    "register_snapshot",
]
