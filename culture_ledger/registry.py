"""The plugin host: a plugin is a typed manifest of what it contributes; the registry
collects the built-ins and the `culture_ledger.plugins` entry points once, checks them
for clashes, and freezes them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Literal

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic
from pydantic import BaseModel

from culture_ledger.periods import Scope
from domain.vocabulary import ROLES

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor
    from event_store.projection import Projection

ENTRY_POINT_GROUP = "culture_ledger.plugins"

BUILTIN_PLUGINS = (
    "plugins.desk",
    "plugins.people",
    "plugins.review",
    "plugins.accounts",
    "plugins.calendar",
    "plugins.carrier",
    "plugins.study",
    "plugins.political",
    "plugins.overall",
    "plugins.standards",
    "plugins.innovation",
    "plugins.integrity",
    "plugins.campaigns",
    "plugins.staffing",
    "plugins.overview",
    "plugins.audit",
    "plugins.late",
    "plugins.remind",
    "plugins.sheets",
)
"""The built-ins, in navigation order; each module exposes `plugin`."""


class RegistryError(Exception):
    """Two plugins contributed the same thing, or a plugin is malformed."""


def resolve(reference: Any) -> Any:
    """What a contribution names: `"module:attribute"` is imported now; anything else is itself."""
    if not isinstance(reference, str):
        return reference
    module, _, name = reference.partition(":")
    if not module or not name:
        raise RegistryError(f'{reference!r} is not a "module:attribute" reference')
    found: Any = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    return found


@dataclass(frozen=True)
class Lazy:
    """A function named as `"module:function"`, imported on its first call.

    A manifest names what needs heavy libraries (pandas for a figure, the demo's scoring) this
    way, so that loading the registry, as every `culture-ledger` command does, imports none."""

    reference: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return resolve(self.reference)(*args, **kwargs)


def _lazy(manifest: Any, *fields: str) -> None:
    """Turn those fields of a frozen manifest that name a function into `Lazy` callables."""
    for name in fields:
        value = getattr(manifest, name)
        if isinstance(value, str):
            if ":" not in value:
                raise RegistryError(f'{type(manifest).__name__}.{name}: {value!r} is not a "module:function" reference')
            object.__setattr__(manifest, name, Lazy(value))


@dataclass(frozen=True)
class Page:
    """A page in the navigation; only `roles` see it.

    `view` is the function that draws it, or its name as `"module:function"`, imported only
    when the app shows the page: the command line never loads Streamlit through a manifest.

    `badge(ledger, actor, today)` counts what waits for the signed-in actor on the page (open
    tasks, records to review); the navigation shows a count above zero beside the title, as
    "title · N", or "title · <badge_title>" where `badge_title` is a catalog key worded with `n`
    (e.g. "待办 {n}"). The shell asks it once per run for every page the actor sees: keep it cheap.
    It may be named as `"module:function"`."""

    path: str
    title: str
    view: Callable[[], None] | str
    icon: str = ":material/article:"
    roles: tuple[str, ...] = ROLES
    section: str = "nav.section.work"
    badge: Callable[[Ledger, Actor, date], int | None] | str | None = None
    badge_title: str | None = None

    def __post_init__(self) -> None:
        _lazy(self, "badge")

    def render(self) -> None:
        """Draw the page (importing its module on first use)."""
        resolve(self.view)()

    def count(self, ledger: Ledger, actor: Actor, today: date) -> int | None:
        """What `badge` counts for `actor` on `today`; None when the page has no badge."""
        return None if self.badge is None else self.badge(ledger, actor, today)


RANK_UNITS = {
    "person": ("cadre_id", "name"),
    "department": ("department_id", "department"),
    "institution": ("institution_id", "institution"),
}
"""What an indicator may rank, and the fields of each of its rows naming that unit: its id, then its name."""

RANK_AGGREGATES = ("average", "sum", "rate", "latest", "count")
"""How a unit's rows in the period make its one ranked value (see `Ranking`)."""


@dataclass(frozen=True)
class Ranking:
    """How an indicator ranks: which unit, by what. Rankings come only from this declaration.

    `unit` is what is ranked: `"person"` (a cadre), `"department"` (a 科室 of the office) or
    `"institution"` (an institution of the staffing ledger). Each row the ranking reads names its
    unit by the fields `RANK_UNITS` gives: `cadre_id` and `name` (and the cadre's `department`),
    `department_id` and `department`, or `institution_id` and `institution`.

    `aggregate` makes one value per unit from that unit's rows in the period, over the field
    `measure`: `"average"` (their mean), `"sum"`, `"latest"` (the last row's, rows given oldest
    first), `"count"` (how many rows: no `measure`), or `"rate"`: sum of `measure` over sum of
    `out_of` when `out_of` is given (days met of working days), else the share of rows whose
    `measure` is true. A unit whose value is None (no working day, no quota) is not ranked.
    Units are ranked highest first.

    `header` is the catalog key naming the ranked value in the ranking's column (平均分, 学记篇数,
    达标率): never a field name on screen. `rows(ledger, scope)` gives the rows to rank when they
    are not the indicator's own `records` (one per attendance rather than per session); it may be
    named as `"module:function"`.

    Department rankings compare departments by the indicator's own `compute` for each: every
    indicator ranked by person or department takes part; those ranked by person also list their
    people, and those ranked by institution list their institutions (never among people).
    """

    unit: str
    aggregate: str
    measure: str | None = None
    header: str = ""
    out_of: str | None = None
    rows: Callable[[Ledger, Scope], list[dict[str, Any]]] | str | None = None

    def __post_init__(self) -> None:
        if self.unit not in RANK_UNITS:
            raise RegistryError(f"Ranking.unit: {self.unit!r} is not one of {', '.join(RANK_UNITS)}")
        if self.aggregate not in RANK_AGGREGATES:
            raise RegistryError(f"Ranking.aggregate: {self.aggregate!r} is not one of {', '.join(RANK_AGGREGATES)}")
        if (self.measure is None) != (self.aggregate == "count"):
            raise RegistryError("Ranking.measure: a count takes none, every other aggregate names the field it ranks")
        if self.out_of is not None and self.aggregate != "rate":
            raise RegistryError("Ranking.out_of: only a rate is out of another field")
        if not self.header:
            raise RegistryError("Ranking.header: the catalog key that names the ranked value")
        _lazy(self, "rows")

    @property
    def key_field(self) -> str:
        """The field of a row holding the id of its unit."""
        return RANK_UNITS[self.unit][0]

    @property
    def name_field(self) -> str:
        """The field of a row holding the name of its unit."""
        return RANK_UNITS[self.unit][1]

    def value(self, rows: list[dict[str, Any]]) -> float | int | None:
        """The ranked value of one unit from its rows in the period (oldest first)."""
        if self.aggregate == "count":
            return len(rows)
        values = [r.get(self.measure) for r in rows]
        if self.aggregate == "rate":
            if self.out_of is not None:
                base = sum(float(r.get(self.out_of) or 0) for r in rows)
                return sum(float(v or 0) for v in values) / base if base else None
            return sum(1 for v in values if v) / len(values) if values else None
        if self.aggregate == "latest":
            return values[-1] if values else None
        numbers = [float(v) for v in values if v is not None]
        if not numbers:
            return None
        return sum(numbers) if self.aggregate == "sum" else sum(numbers) / len(numbers)


LABEL_KINDS = frozenset({"person", "moment", "yesno", "ideas", "idea", "carrier"})
"""What `Indicator.labels` may name besides a catalog prefix: a username shown as the person's
name, a moment on the office's clock, a yes/no, the three ideas, a carrier."""


@dataclass(frozen=True)
class Indicator:
    """A headline figure for the leaders' overview.

    `compute(ledger, scope)` returns the number (or None when it does not apply);
    `records(ledger, scope)` returns the rows behind it, each with an `id` (provenance);
    `events(ledger, scope, id)`, where a row stands for more than one record (a cadre's month
    of study), names the records whose events are behind that row (by default the row's own).
    `title` and `definition` are catalog keys; `unit` is percent (a share, 0 to 1), score (0 to 100,
    shown as a score: 86.5 分), count, minutes or hours. A rate with nothing to be a rate of (a period
    without a working day, a year before the ledger was kept) returns None: shown as 无数据, never 0%.
    `rank` says how the overview ranks it (a `Ranking`: the unit, the aggregate and the measure,
    e.g. `Ranking(unit="person", aggregate="average", measure="average", header="...")`), or
    None: not ranked.
    Each function may be named as `"module:function"`, imported when first called.
    """

    key: str
    title: str
    definition: str
    compute: Callable[[Ledger, Scope], float | int | None] | str
    unit: str = "count"
    carrier: str | None = None
    records: Callable[[Ledger, Scope], list[dict[str, Any]]] | str | None = None
    events: Callable[[Ledger, Scope, str], list[Any]] | str | None = None
    rank: Ranking | None = None
    columns: Mapping[str, str] = field(default_factory=dict, compare=False)
    """The columns of `records` a reader sees, in order: field -> catalog key of its header. When
    given, only these are shown (the rest are the record's plumbing)."""
    labels: Mapping[str, str] = field(default_factory=dict, compare=False)
    """How a column's coded values read: field -> a catalog prefix (`reflection` under
    `"study.notebook.kind"` reads `study.notebook.kind.reflection`), or one of `LABEL_KINDS`."""

    def __post_init__(self) -> None:
        _lazy(self, "compute", "records", "events")
        if self.rank is not None and self.rank.rows is None and self.records is None:
            raise RegistryError(f"Indicator {self.key!r}: a ranking reads rows: give it `records` or `Ranking.rows`")

    def ranked_rows(self, ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
        """The rows its ranking reads for the scope (its `Ranking.rows`, else its own records)."""
        if self.rank is None:
            return []
        rows = self.rank.rows or self.records
        return list(rows(ledger, scope)) if rows is not None else []


@dataclass(frozen=True)
class Gap:
    """A list of what is missing, for the leaders' overview (e.g. who has not studied this week).

    `compute(ledger, scope)` returns the rows that make the gap (each with an `id` where a
    record stands behind it). `period` (a kind in `culture_ledger.periods.KINDS`) asks the overview to
    call it with the period of that kind holding the end of its scope; None uses the scope.
    `compute` may be named as `"module:function"`, imported when first called.
    """

    key: str
    title: str
    compute: Callable[[Ledger, Scope], list[dict[str, Any]]] | str
    period: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict, compare=False)
    """As `Indicator.columns`: the columns a reader sees, field -> catalog key of its header."""
    labels: Mapping[str, str] = field(default_factory=dict, compare=False)
    """As `Indicator.labels`: how a column's coded values read."""

    def __post_init__(self) -> None:
        _lazy(self, "compute")


ColumnKind = Literal["text", "integer", "number", "date", "choice", "names"]
"""How a sheet column's cells are read: text; a whole number (60, 60.0, "６０"); a number; a date
(a date cell, 2026-11-03, 2026.11.3, 2026年11月3日, an Excel serial day); one of `choices` (by its
label in any language, or its stored value); several names separated by 、，; or spaces."""


@dataclass(frozen=True)
class Column:
    """One column of a sheet kind. `field` is the field of the row's values it fills (the command's
    field, or what the kind's `prepare` makes one of: a cadre's name becomes `cadre_id`); `header`
    and `help` are catalog keys (the header cell and its explanation); `choices(ledger)` gives the
    (stored value, catalog key or label) pairs of a choice column, a drop-down in the template
    (on a text column, a drop-down of suggestions that takes any text: a roster's new department);
    `example` fills the template's example row. `choices` may be named as `"module:function"`."""

    field: str
    header: str
    kind: ColumnKind = "text"
    required: bool = True
    help: str | None = None
    choices: Callable[[Ledger], Sequence[tuple[Any, str]]] | str | None = None
    example: Any = None

    def __post_init__(self) -> None:
        _lazy(self, "choices")


@dataclass(frozen=True)
class Sheet:
    """A kind of sheet an office keeps in Excel and may import (干部花名册, 日学一时签到表…).

    Each data row is read by `columns`, turned into command data by `prepare(ledger, values, by)`
    (names made ids; raise `InvalidCommand` naming the field for a name that matches nobody or
    two people), checked by the plugin's `command` model exactly as its form is, then every
    accepted row is written at once by `write(ledger, commands, by, each)` (the plugin's batch path,
    which authorizes and applies its rules; `by` is the importer through the import channel with
    the file, `each` one actor per command naming also its row: its records are recorded by it). `known(ledger, commands)` says, for each command,
    whether the office already recorded it (so a sheet imported again adds nothing).
    `title` is a catalog key; `roles` may import it. Functions may be named as `"module:function"`.
    The machinery is `culture_ledger.sheets` (the command line `culture-ledger sheets`)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    command: type
    write: Callable[[Ledger, list[Any], Actor, Sequence[Actor]], Sequence[Any]] | str
    prepare: Callable[[Ledger, dict[str, Any], Actor], dict[str, Any]] | str | None = None
    known: Callable[[Ledger, list[Any]], Sequence[bool]] | str | None = None
    roles: tuple[str, ...] = ("admin",)
    check: Callable[[Ledger, list[Any], Actor], Sequence[tuple[int, str | None, str, dict[str, Any]]]] | str | None = (
        None
    )
    """A rule over the whole sheet, checked before anything is written (and in a preview): given
    the rows' commands in order, `(index of the command, field or None, catalog key, params)` for
    each row it refuses (e.g. the hire that would go beyond an institution's quota)."""

    def __post_init__(self) -> None:
        _lazy(self, "write", "prepare", "known", "check")


TaskState = Literal["due", "overdue", "done", "returned", "review"]
"""Where a task stands: still due, past its due date, done, returned by a leader for correction,
or awaiting a leader's review (an item of the 审核 inbox)."""


@dataclass(frozen=True)
class Task:
    """One item of a person's day: on their to-do list (我的待办), in a leader's review inbox
    (待审核), in a reminder digest (`culture-ledger remind`).

    `title` is a catalog key and `params` its parameters (the consumer words it in the reader's
    language); `due` the day it is due (None when it has no deadline); `page` the path of the page
    that opens it and `record` the id of the record it is about (to open it there for correction
    or review); `note` the user's own text that goes with it (a leader's reason for returning it),
    always shown as text; `who` the name of the person it concerns, in a leader's inbox.

    Opening a task: the to-do list and the inbox go to `page` with `?record=<record>` in the URL
    (`dashboard.chrome.open_record`); the page's record picker preselects it (`chrome.preselect`)."""

    title: str
    state: TaskState
    params: Mapping[str, Any] = field(default_factory=dict)
    due: date | None = None
    page: str | None = None
    record: str | None = None
    note: str | None = None
    who: str | None = None

    def is_open(self) -> bool:
        """Whether it still asks something of its reader (everything but `done`)."""
        return self.state != "done"

    @staticmethod
    def state_of(done: bool, due: date | None, today: date) -> TaskState:
        """A task's own state: done, else overdue once `today` is past `due`, else due."""
        if done:
            return "done"
        return "overdue" if due is not None and today > due else "due"


def open_tasks(tasks: Mapping[str, list[Task]]) -> int:
    """How many of the tasks (as `Registry.tasks` gives them) still ask something of their reader."""
    return sum(task.is_open() for found in tasks.values() for task in found)


@dataclass(frozen=True)
class Todo:
    """A plugin's part of people's day: `compute(ledger, actor, today)` returns the tasks of the
    signed-in `actor` (their own records for staff, what awaits review for leaders, what the office
    has not set up for admins); only `roles` are asked.

    An inbox source (`decide` set) is one whose items a leader confirms or returns in the 审核 inbox,
    one by one or in a batch: `decide(ledger, actor, decisions)` takes `(record, "confirm" | "return",
    reason)` triples and applies them all or none. Both may be named as `"module:function"`."""

    key: str
    title: str
    compute: Callable[[Ledger, Actor, date], list[Task]] | str
    roles: tuple[str, ...] = ROLES
    decide: Callable[[Ledger, Actor, list[tuple[str, str, str]]], None] | str | None = None

    def __post_init__(self) -> None:
        _lazy(self, "compute", "decide")


DEADLINE_PERIODS = ("month", "quarter", "half", "year")
"""The calendar periods a deadline recurs in."""


@dataclass(frozen=True)
class Deadline:
    """A date a plugin's records are due by, once in every calendar `period` (a year's paper, a
    quarter's assessments): day `day` of the `month`-th month of the period (a day past that
    month's end means its last day), open from `opens_days` days before it (0: no window).

    These are the defaults; an office sets its own dates as versioned data, through the plugin that
    keeps the schedule, and the plugins ask that schedule (never these numbers) when they compute
    their to-do items and gaps. `title` is a catalog key naming the deadline."""

    key: str
    title: str
    period: str
    month: int
    day: int
    opens_days: int = 0

    def __post_init__(self) -> None:
        if self.period not in DEADLINE_PERIODS:
            raise RegistryError(f"deadline {self.key!r}: period {self.period!r} is not one of {DEADLINE_PERIODS}")
        months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.period]
        if not (1 <= self.month <= months and 1 <= self.day <= 31 and self.opens_days >= 0):
            raise RegistryError(f"deadline {self.key!r}: no day {self.day} of month {self.month} in a {self.period}")

    @staticmethod
    def day_in(start: date, month: int, day: int) -> date:
        """Day `day` of the `month`-th month from `start` (a period's first day), clipped to that month's end."""
        import calendar

        year, m = divmod(start.month - 1 + month - 1, 12)
        year, m = start.year + year, m + 1
        return date(year, m, min(day, calendar.monthrange(year, m)[1]))


@dataclass(frozen=True)
class Carrier:
    """What makes a plugin one of the carriers (载体): the kinds of activity it holds.

    Each kind maps to the pydantic model of the carrier's own fields of that kind (an activity's
    `details`); a model with `requires_ideas = True` must name the ideas it serves. The carrier's
    name is its plugin's `title`; its catalog words each kind as `<id>.kind.<kind>` and each field
    as `<id>.field.<field>`. The carrier kit records its activities (`ledger.activities`), the
    overview counts them on its heatmaps and filters, and the audit filters the log by carrier.
    """

    kinds: Mapping[str, type[BaseModel]]


@dataclass(frozen=True)
class Plugin:
    """What one plugin contributes. Reading its package tells everything about its area.

    Every hook (`demo`, `demo_at_scale`, `banner`, `cli`) may be named as `"module:function"`,
    imported when first called: loading the manifest must stay cheap, since every
    `culture-ledger` command loads them all."""

    id: str
    title: str
    aggregates: tuple[type[Aggregate], ...] = ()
    commands: tuple[type, ...] = ()
    projections: tuple[type[Projection], ...] = ()
    services: Mapping[str, Callable[[Ledger], Any]] = field(default_factory=dict)
    pages: tuple[Page, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    demo: Callable[..., None] | str | None = None
    carrier: Carrier | None = None
    """Declared by a carrier (载体) plugin: the kinds of activity it holds."""
    gaps: tuple[Gap, ...] = ()
    """Lists of what is missing, shown on the overview and in its reports."""
    todos: tuple[Todo, ...] = ()
    """What is due for each person: their to-do list, the leaders' 审核 inbox, reminders."""
    deadlines: tuple[Deadline, ...] = ()
    """The kinds of deadline the plugin's records keep (with their default dates)."""
    demo_at_scale: Callable[..., None] | str | None = None
    """`(ledger, office, events, *, batch, progress)`: what the plugin adds to a demo at scale
    (`culture-ledger demo --events N`), after every plugin's `demo`."""
    banner: Callable[[Ledger], str | None] | str | None = None
    """What `culture-ledger serve` and `demo` print once the store is ready (the demo accounts)."""
    cli: Callable[[Any], None] | str | None = None
    """`(subparsers)`: adds the plugin's own `culture-ledger` subcommands (argparse), each setting
    `func(args) -> int`. Import heavy modules inside `func`, not here."""
    sheets: tuple[Sheet, ...] | Callable[[Registry], Sequence[Sheet]] | str = ()
    """The sheets an office may import (`culture-ledger sheets`, the 导入表格 page); or a function
    of the registry that gives them (`"module:function"`), for a kit that declares one kind for
    each plugin it serves (the carrier kit: one activity ledger per carrier)."""

    def __post_init__(self) -> None:
        _lazy(self, "demo", "demo_at_scale", "banner", "cli", "sheets")

    def event_topics(self) -> set[str]:
        """Every event type of the plugin's aggregates (the stored topic of each)."""
        topics = set()
        for aggregate in self.aggregates:
            for klass in aggregate.__mro__:
                for value in vars(klass).values():
                    if isinstance(value, type) and issubclass(value, Aggregate.Event) and value.__name__ != "Event":
                        # Event classes defined on a base aggregate are re-made on each subclass.
                        own = getattr(aggregate, value.__name__, value)
                        topics.add(get_topic(own))
        return topics


ACTIVITY_NAME_LENGTH = 40
"""How long a carrier's id and its kinds may be (what an activity's `carrier` and `kind` hold)."""


def _check_carrier(plugin: Plugin) -> None:
    carrier = plugin.carrier
    if not isinstance(carrier, Carrier):
        raise RegistryError(f"plugin {plugin.id!r}: carrier must be a Carrier, not {carrier!r}")
    if len(plugin.id) > ACTIVITY_NAME_LENGTH:
        raise RegistryError(f"carrier {plugin.id!r}: an id of at most {ACTIVITY_NAME_LENGTH} characters")
    if not carrier.kinds:
        raise RegistryError(f"carrier {plugin.id!r} declares no kind of activity")
    for kind, model in carrier.kinds.items():
        if not isinstance(kind, str) or not kind or len(kind) > ACTIVITY_NAME_LENGTH:
            raise RegistryError(
                f"carrier {plugin.id!r}: kind {kind!r} is not a name of 1 to {ACTIVITY_NAME_LENGTH} characters"
            )
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise RegistryError(
                f"carrier {plugin.id!r}: kind {kind!r} needs a pydantic model of its fields, not {model!r}"
            )


@dataclass(frozen=True)
class Registry:
    """The frozen set of plugins and everything they contribute."""

    plugins: tuple[Plugin, ...]

    @classmethod
    def load(cls, extra: Iterable[Plugin] = (), entry_point_group: str | None = ENTRY_POINT_GROUP) -> Registry:
        found = [importlib.import_module(name).plugin for name in BUILTIN_PLUGINS]
        if entry_point_group:
            found += [ep.load() for ep in entry_points(group=entry_point_group)]
        found += list(extra)
        return cls.of(found)

    @classmethod
    def of(cls, plugins: Iterable[Plugin]) -> Registry:
        plugins = tuple(plugins)
        for plugin in plugins:
            if isinstance(plugin, Plugin) and plugin.carrier is not None:
                _check_carrier(plugin)
        for kind, key in (
            ("plugin id", lambda p: [p.id]),
            ("event type", lambda p: sorted(p.event_topics())),
            ("page path", lambda p: [pg.path for pg in p.pages]),
            ("projection name", lambda p: [pr.name for pr in p.projections]),
            ("service name", lambda p: list(p.services)),
            ("indicator key", lambda p: [i.key for i in p.indicators]),
            ("gap key", lambda p: [g.key for g in p.gaps]),
            ("to-do key", lambda p: [d.key for d in p.todos]),
            ("deadline key", lambda p: [d.key for d in p.deadlines]),
            ("translation key", lambda p: sorted(set().union(*(c.keys() for c in p.translations.values())))),
        ):
            owner: dict[str, str] = {}
            if kind == "translation key":
                # A plugin's words never overwrite the framework's or another plugin's.
                from culture_ledger.locale import TRANSLATIONS as FRAMEWORK

                owner = {k: "the framework" for catalog in FRAMEWORK.values() for k in catalog}
            for plugin in plugins:
                if not isinstance(plugin, Plugin):
                    raise RegistryError(f"{plugin!r} is not a Plugin manifest")
                for value in key(plugin):
                    if value in owner:
                        raise RegistryError(
                            f"duplicate {kind} {value!r}: contributed by both {owner[value]!r} and {plugin.id!r}"
                        )
                    owner[value] = plugin.id
        return cls(plugins)

    def plugin(self, plugin_id: str) -> Plugin:
        for p in self.plugins:
            if p.id == plugin_id:
                return p
        raise KeyError(plugin_id)

    @property
    def event_topics(self) -> frozenset[str]:
        """The framework's own event types (a form submission's claim), then every plugin's."""
        from domain.submissions import Submission

        own = Plugin(id="culture_ledger", title="culture_ledger", aggregates=(Submission,)).event_topics()
        return frozenset(own).union(*(p.event_topics() for p in self.plugins))

    @property
    def pages(self) -> tuple[Page, ...]:
        return tuple(pg for p in self.plugins for pg in p.pages)

    def pages_for(self, role: str) -> tuple[Page, ...]:
        return tuple(pg for pg in self.pages if role in pg.roles)

    @property
    def carriers(self) -> tuple[Plugin, ...]:
        """The carrier plugins (those declaring `carrier`), in registry order: the order of the
        navigation, the overview's heatmaps and filters, the audit filters and the reports."""
        return tuple(p for p in self.plugins if p.carrier is not None)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for p in self.plugins for i in p.indicators)

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(g for p in self.plugins for g in p.gaps)

    @property
    def todos(self) -> tuple[Todo, ...]:
        return tuple(d for p in self.plugins for d in p.todos)

    @property
    def sheets(self) -> tuple[Sheet, ...]:
        return tuple(s for p in self.plugins for s in (p.sheets(self) if callable(p.sheets) else p.sheets))

    def sheet(self, key: str) -> Sheet:
        for s in self.sheets:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def deadlines(self) -> tuple[Deadline, ...]:
        return tuple(d for p in self.plugins for d in p.deadlines)

    def deadline(self, key: str) -> Deadline:
        for d in self.deadlines:
            if d.key == key:
                return d
        raise KeyError(key)

    def tasks(self, ledger: Ledger, actor: Actor, today: date) -> dict[str, list[Task]]:
        """Every task of `actor` on `today`, by the key of the to-do source it came from (only the
        sources the actor's role is asked by; a source with nothing to say is left out).

        Kept while the log and the read models stand still (`memo.while_unchanged`): the navigation
        counts them on every page a person opens, and nothing but a recording changes them (an access
        record appended, as an auditor's visit to an audit page, does not)."""
        from culture_ledger import access, memo

        kept = memo.while_unchanged(
            ledger,
            ("tasks", id(self), actor, today),
            lambda: self._tasks(ledger, actor, today),
            ignoring=access.TOPICS,
        )
        return {key: list(tasks) for key, tasks in kept.items()}

    def _tasks(self, ledger: Ledger, actor: Actor, today: date) -> dict[str, list[Task]]:
        found: dict[str, list[Task]] = {}
        for todo in self.todos:
            if actor.role in todo.roles:
                tasks = list(todo.compute(ledger, actor, today))
                if tasks:
                    found[todo.key] = tasks
        return found

    def projections(self) -> list[Projection]:
        return [projection() for p in self.plugins for projection in p.projections]

    def translations(self) -> dict[str, dict[str, str]]:
        """The framework's own messages, then every plugin's catalog."""
        from culture_ledger.locale import TRANSLATIONS as FRAMEWORK

        merged: dict[str, dict[str, str]] = {lang: dict(catalog) for lang, catalog in FRAMEWORK.items()}
        for p in self.plugins:
            for lang, catalog in p.translations.items():
                merged.setdefault(lang, {}).update(catalog)
        return merged
