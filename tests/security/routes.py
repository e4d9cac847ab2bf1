"""Every URL pattern of the project, walked from the root resolver (pages, API, DRF actions)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # namespaced: "api:account-detail", "admin:index", "account-list"
    pattern: str  # the full pattern, for messages
    kwargs: tuple[str, ...]  # the URL's named groups / converters
    actions: dict | None  # a DRF viewset route's {method: action}

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def has_format_suffix(self) -> bool:
        return "format" in self.kwargs


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            regex = entry.pattern.regex
            yield Route(
                name=name,
                pattern=prefix + str(entry.pattern),
                kwargs=tuple(
                    dict.fromkeys([*regex.groupindex, *getattr(entry.pattern, "converters", {})])
                ),
                actions=getattr(entry.callback, "actions", None),
            )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
