"""How the read models stand: which are current, which stopped at an event they could not apply,
and why, in the reader's language (the health page, a page's notice, `culture-ledger status`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from culture_ledger.events import event_name
from domain.actor import Actor
from event_store.projection import Stop

if TYPE_CHECKING:
    from culture_ledger.i18n import Catalog
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Registry
    from event_store.compare import Difference


@dataclass(frozen=True)
class Standing:
    """One read model: its name (for `culture-ledger rebuild NAME`), the catalog key of its title,
    the position it reached, and its stop (None while it keeps up)."""

    name: str
    title: str
    position: int
    stop: Stop | None


def standings(ledger: Ledger) -> list[Standing]:
    """Every read model, in the registry's order, with where it stands now."""
    names = [p.name for p in ledger.runner.projections]
    stops = ledger.stops()
    reached = ledger.readmodels.positions(names)
    return [Standing(n, ledger.readmodel_title(n), reached[n], stops.get(n)) for n in names]


def why(ledger: Ledger, lang: str, stop: Stop) -> str:
    """Where a read model stopped and why, in one sentence of `lang` (no code words)."""
    t = ledger.catalog.t
    reason = t(lang, f"readmodel.kind.{stop.kind}")
    if stop.kind == "tracking":
        return reason
    event = event_name(ledger, lang, stop.topic) if stop.topic else t(lang, "readmodel.an_event")
    return t(lang, "readmodel.stopped_at", position=stop.position, event=event, reason=reason)


def notice(ledger: Ledger, lang: str, name: str) -> str:
    """What a page that reads a stopped read model says about it."""
    stop = ledger.runner.stopped.get(name) or ledger.stops().get(name)
    title = ledger.catalog.t(lang, ledger.readmodel_title(name))
    if stop is None:
        return ""
    return ledger.catalog.t(lang, "readmodel.behind", title=title, why=why(ledger, lang, stop))


def may_rebuild(role: str) -> bool:
    """Whether a role may rebuild a read model from the dashboard (administrators only)."""
    from culture_ledger import rights

    return rights.may(role, "admin")


def rebuild(ledger: Ledger, name: str, by: Actor) -> bool:
    """Rebuild one read model from position 0 for an administrator (Forbidden otherwise, nothing
    done); True when it reached the head, False when it stopped again (what stopped it is not fixed)."""
    from domain.errors import Forbidden

    if not may_rebuild(by.role):
        raise Forbidden(f"{by.role} may not rebuild read models", role=by.role, action="admin")
    ledger.runner.rebuild([name])
    return name not in ledger.stops()


def title_of(registry: Registry, name: str) -> str:
    """The catalog key naming a read model to a person: its own title, else its plugin's."""
    for plugin in registry.plugins:
        for projection in plugin.projections:
            if projection.name == name:
                return projection.title or plugin.title
    return name


def difference_said(registry: Registry, catalog: Catalog, lang: str, found: Difference) -> str:
    """The first difference between a live read model and its rebuild, in `lang`: which read model,
    table, row and column, and both values (what `verify --read-models` and the integrity page say)."""
    t = catalog.t
    title = t(lang, title_of(registry, found.readmodel))
    row = "、".join(str(v) for v in found.row)
    if found.column is None:
        side = "readmodel.diff.only_live" if found.rebuilt in (None, 0) else "readmodel.diff.only_rebuilt"
        if found.live not in (None, 0) and found.rebuilt not in (None, 0):
            side = "readmodel.diff.count"
        return t(
            lang,
            side,
            title=title,
            name=found.readmodel,
            table=found.table,
            row=row,
            live=found.live,
            rebuilt=found.rebuilt,
        )
    return t(
        lang,
        "readmodel.diff.value",
        title=title,
        name=found.readmodel,
        table=found.table,
        row=row,
        column=found.column,
        live=repr(found.live),
        rebuilt=repr(found.rebuilt),
    )
