"""Every event type by name, in the reader's language: `政治坚定·活动已登记`, never `Activity.Recorded`.

The log stores an event's type as its topic, `module:Aggregate.Event` (the class's place in the
code). Each plugin names the event types of its aggregates in its catalog under
`event.<Aggregate>.<Event>` (the framework names its own, a form submission's claim). An event of
an aggregate every carrier shares (the carrier kit's activity) carries its carrier's name before
its own: `event.carried` says how the two join."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.utils import get_topic

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


def event_key(topic: str | type) -> str:
    """The catalog key naming an event type: `plugins.study.domain:StudyEntry.Amended` (or the class
    itself) -> `event.StudyEntry.Amended`."""
    if isinstance(topic, type):
        topic = get_topic(topic)
    qualname = topic.partition(":")[2] or topic
    return f"event.{qualname}"


def event_name(ledger: Ledger, lang: str, topic: str | type, carrier: str | None = None) -> str:
    """What a person calls an event type in `lang` (`zh`, `en`); with the carrier's name before it
    when the event is one carrier's activity (`carrier`: the carrier's id, as the event holds it).

    An event type no plugin names any more (its plugin was removed, its events stay in the log)
    keeps its class's name, so the log still reads whole."""
    catalog = ledger.catalog
    key = event_key(topic)
    name = catalog.t(lang, key) if catalog.has(lang, key) else key.removeprefix("event.")
    if not carrier:
        return name
    titles = {p.id: p.title for p in ledger.registry.carriers}
    if carrier not in titles:
        return name
    return catalog.t(lang, "event.carried", carrier=catalog.t(lang, titles[carrier]), event=name)
