"""Issue 8: the demo office is logged as it happened, from the month before last until now, so
an auditor going back to the end of last month finds the office as it stood then: a real
ledger, smaller than today's, and exactly what the log cut there rebuilds."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from culture_ledger.demo import seed_demo
from culture_ledger.demo_history import LATE_SHEETS
from culture_ledger.ledger import Ledger
from culture_ledger.periods import Scope
from domain import clock
from event_store.evidence import EvidenceStore, evidence_root
from event_store.integrity import verify
from plugins.accounts.demo import DEMO_ACCOUNTS
from plugins.audit.queries import EventFilter, browse, leader_figures, position_at, time_machine
from plugins.calendar.queries import WorkCalendar
from plugins.late.queries import WorkingDays, gap_rows, late_entries
from tests.integration.audit_log import read_models
from tests.integration.test_audit_story import cut_at, past_tables


def end_of_last_month() -> datetime:
    """The time-travel page's default moment: 23:59 on the last day of last month, office time."""
    day = clock.today().replace(day=1) - timedelta(days=1)
    return datetime.combine(day, time(23, 59), tzinfo=clock.office_zone())


@pytest.fixture(scope="module")
def seeded(request, tmp_path_factory):
    """The demo seeded once per backend for this module's stories, which only read it: on SQLite the
    session's copy of the demo office (`demo_office_copy`), on PostgreSQL a database of its own."""
    made: dict[str, tuple[Ledger, object]] = {}
    folder = tmp_path_factory.mktemp("demo-history-postgresql")  # its evidence files and checkpoints
    dropped = []

    def on(backend: str):
        if backend not in made:
            if backend == "sqlite":
                copies = request.getfixturevalue("demo_office_copy")
                made[backend] = (Ledger(url=copies("demo-history")), copies.office())
            else:
                cluster = request.getfixturevalue("postgres")
                name = cluster.create_database(template=cluster.template)
                dropped.append(lambda: cluster.drop_database(name))
                led = Ledger(url=cluster.url(name))  # an empty store, as `culture-ledger demo` finds it
                made[backend] = (led, seed_demo(led))
        return made[backend]

    on.folder = folder
    yield on
    for led, _ in made.values():
        led.close()
    for drop in dropped:
        drop()


@pytest.fixture
def demo(backend, seeded, monkeypatch):
    if backend != "sqlite":  # a PostgreSQL store has no folder: its files go in the module's
        monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(seeded.folder / "evidence"))
        monkeypatch.setenv("CULTURE_LEDGER_CHECKPOINTS", str(seeded.folder / "checkpoints"))
    return seeded(backend)


def test_the_demo_is_logged_in_the_order_it_happened_from_the_month_before_last_until_now(demo):
    led, office = demo
    started = datetime.now(UTC)
    stamps = [
        datetime.fromisoformat(r["recorded_at"])
        for r in led.query("SELECT recorded_at FROM event_index ORDER BY position")
    ]
    assert len(stamps) == led.app.head()
    assert stamps == sorted(stamps)  # a moment maps to one log position
    last_month = (clock.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    month_before_last = (last_month - timedelta(days=1)).replace(day=1)
    assert stamps[0].astimezone(clock.office_zone()).date() == office.start <= month_before_last
    assert stamps[-1] <= started and stamps[-1].astimezone(clock.office_zone()).date() == clock.today()
    # Study is logged the evening it happened or, from the paper sheets, the next working morning
    # (after the National Day holidays, the morning after them)...
    studied = led.query("SELECT id, occurred_on, recorded_at FROM study_entries")
    days = WorkingDays(WorkCalendar.load(led))
    lags = {
        days.after(
            date.fromisoformat(r["occurred_on"]),
            datetime.fromisoformat(r["recorded_at"]).astimezone(clock.office_zone()).date(),
        )
        for r in studied
        if date.fromisoformat(r["occurred_on"]).toordinal() % LATE_SHEETS
    }
    assert lags == {0, 1}
    # ...except the sheets of a few days, brought in four working days late: flagged 补录, and only they,
    # by the store's appended-at (the chain's), which the demo set to when each would have been appended.
    late = late_entries(led)
    late_days = {r["occurred_on"] for r in late}
    assert late and {r["record_type"] for r in late} == {"StudyEntry"}
    assert all(date.fromisoformat(d).toordinal() % LATE_SHEETS == 0 for d in late_days)
    assert {r["originator_id"] for r in late} == {r["id"] for r in studied if r["occurred_on"] in late_days}
    assert all(r["delay"] > r["allowed"] == 1 for r in late) and len(late) < len(studied) / 10
    # The auditor's event browser and the leaders' gap list find the same records.
    assert [r["position"] for r in browse(led, EventFilter(late=True), limit=1000)] == sorted(
        (r["position"] for r in late), reverse=True
    )
    first = min(date.fromisoformat(d) for d in late_days)
    gap = gap_rows(led, Scope.between(first, first))
    assert {r["id"] for r in gap} == {r["originator_id"] for r in late if r["occurred_on"] == first.isoformat()}
    # A correction comes days after the entry it corrects, by the person who made it.
    amended = led.query(
        "SELECT a.recorded_at AS amended, r.recorded_at AS recorded FROM event_index a "
        "JOIN event_index r ON r.originator_id = a.originator_id AND r.version = 1 "
        "WHERE a.topic = 'plugins.study.domain:StudyEntry.Amended'"
    )
    assert amended and all(a["amended"] > a["recorded"] for a in amended)
    # What is kept beside the log went beside this store: the demo accounts sign in, the evidence files check.
    assert all(led.accounts.has_password(username, password) for username, _, _, password in DEMO_ACCOUNTS)
    report = verify(led.app, evidence=EvidenceStore(evidence_root(led.url)))
    assert report.ok and report.checked == led.app.head() and report.evidence_checked > 0


def test_at_the_end_of_last_month_the_auditor_sees_last_months_overview_as_the_log_cut_there_rebuilds_it(
    demo, tmp_path, request
):
    led, _ = demo
    position = position_at(led, end_of_last_month().astimezone(UTC).isoformat())
    assert 0 < position < led.app.head()  # something then, more since

    start = clock.today().replace(day=1) - timedelta(days=1)
    start, end = start.replace(day=1), start
    live_before = read_models(led)
    with time_machine(led, every=100_000).at(position) as past:
        then = leader_figures(past, start, end, end)
        replayed = past_tables(past, led)
    cut = cut_at(led.url, tmp_path, position, request)
    try:
        assert replayed == {table: rows for table, rows in read_models(cut).items() if table in replayed}
        rebuilt = leader_figures(cut, start, end, end)
    finally:
        cut.close()
    now = leader_figures(led, start, end, end)
    assert read_models(led) == live_before  # going back did not touch today's read models

    keys = ("cadres", "meeting", "minutes", "activities", "indicators")
    assert {k: then[k] for k in keys} == {k: rebuilt[k] for k in keys}
    # Last month's overview was already there at its end, but not all of it: the last working
    # day's study sheets and some reviews came in this month.
    assert then["cadres"] == now["cadres"] > 0
    assert 0 < then["minutes"] < now["minutes"]
    confirmed = lambda figures: sum(c["confirmed"] for c in figures["activities"].values())  # noqa: E731
    assert 0 < confirmed(then) <= confirmed(now)
