"""The one extension point of ``vacancies``: what the apps above it tell it at start-up (in
their ``AppConfig.ready``), so that vacancies never imports or links to them
(docs/architecture.md).

- ``register_apply_url``: where a vacancy's *Apply* button leads (applications: its form).
"""

from collections.abc import Callable

ApplyUrl = Callable[..., str]

_apply_urls: list[ApplyUrl] = []


def register_apply_url(url_of: ApplyUrl) -> ApplyUrl:
    """``url_of(vacancy)``: the address of the vacancy's application route, or "" for none."""
    if url_of not in _apply_urls:
        _apply_urls.append(url_of)
    return url_of


def apply_url(vacancy) -> str:
    """Where the vacancy's *Apply* button leads: the first registered route that has one."""
    for url_of in _apply_urls:
        if url := url_of(vacancy):
            return url
    return ""
