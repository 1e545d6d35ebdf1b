"""The personal home page: panels that apps provide, each answering "what needs me now?".

An app adds a panel in its ``home_panels.py``::

    from portal import home

    @home.panel("briefing", template="briefings/home/_briefing.html", order=10)
    def todays_briefing(request):
        return {"briefing": ...}  # or None to leave the panel out

The function returns the panel's context, or None when the panel has nothing to say
(a panel that still helps when empty returns a context and shows its empty state).
It must cost a fixed number of queries: the home page's query count is tested.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.utils.module_loading import autodiscover_modules

MAIN = "main"
SIDE = "side"


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    provide: Callable
    order: int
    column: str


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    template: str
    context: dict


_panels: dict[str, Panel] = {}


def panel(name, *, template, order=100, column=MAIN):
    if column not in {MAIN, SIDE}:
        raise ValueError(f"A home panel goes in {MAIN!r} or {SIDE!r}, not {column!r}.")

    def decorator(provide):
        if name in _panels:
            raise ValueError(f"A home panel called {name!r} is already registered.")
        _panels[name] = Panel(name, template, provide, order, column)
        return provide

    return decorator


@cache
def _discover():
    autodiscover_modules("home_panels")


def panels_for(request):
    """The panels with something to show, by column, in their order."""
    _discover()
    columns = {MAIN: [], SIDE: []}
    for registered in sorted(_panels.values(), key=lambda p: (p.order, p.name)):
        context = registered.provide(request)
        if context is not None:
            columns[registered.column].append(
                RenderedPanel(registered.name, registered.template, context)
            )
    return columns
