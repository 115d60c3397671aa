"""Every URL pattern of the project, read from the resolver: a URL added tomorrow is part of
the hardening tests (access matrix, CSP sweep, fuzzing) without anyone listing it."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full route (``alv/<int:pk>/``), its namespaced name (``voting:
    ballot``, or the view's dotted path when it has no name) and its keyword arguments."""

    route: str
    name: str
    kwargs: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), joined)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name or pattern.lookup_str
            kwargs = tuple(
                sorted(
                    set(pattern.pattern.regex.groupindex)
                    | set(getattr(pattern.pattern, "converters", {}))
                )
            )
            full_name = f"{namespace}:{name}" if namespace and pattern.name else name
            yield Route(route=route, name=full_name, kwargs=kwargs)


def all_routes() -> list[Route]:
    """Every URL pattern the project answers, admin and allauth included."""
    return list(_walk(get_resolver().url_patterns))
