"""The client page's timeline: every step of the process, newest first.

The client process spans apps (the service-need assessment lives in
assessments, which imports clients, not the other way round), so each app
registers a provider here from its AppConfig.ready().  A provider takes a
client and returns its events with one query.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TimelineEvent:
    """One step as the timeline shows it."""

    on: datetime.date
    kind: str  # a CSS-safe key, e.g. "initiation"
    title: str
    by: str
    details: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""
    order: int = 0  # tie-break for steps on the same day: later steps first


Provider = Callable[[object], Iterable[TimelineEvent]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


@dataclass(frozen=True)
class StepAction:
    """A link on the client page to record a step kept by another app."""

    label: str
    url: str


ActionProvider = Callable[[object], Iterable[StepAction]]
_action_providers: list[ActionProvider] = []


def register_actions(provider: ActionProvider) -> ActionProvider:
    if provider not in _action_providers:
        _action_providers.append(provider)
    return provider


def step_actions(client) -> list[StepAction]:
    return [action for provider in _action_providers for action in provider(client)]


@dataclass(frozen=True)
class Panel:
    """A section of the client page rendered by another app's template."""

    template: str
    context: dict


PanelProvider = Callable[[object], Iterable[Panel]]
_panel_providers: list[PanelProvider] = []


def register_panels(provider: PanelProvider) -> PanelProvider:
    if provider not in _panel_providers:
        _panel_providers.append(provider)
    return provider


def client_panels(client) -> list[Panel]:
    return [panel for provider in _panel_providers for panel in provider(client)]


def client_timeline(client) -> list[TimelineEvent]:
    """All events of the client from every registered provider, newest first."""
    events = [event for provider in _providers for event in provider(client)]
    return sorted(events, key=lambda e: (e.on, e.order), reverse=True)
