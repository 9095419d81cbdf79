"""日学一时 on a long log: each cadre's study minutes are kept per week beside the entries (what the
overview's trend reads: a quarter's eighteen months in a few week rows per cadre instead of every
entry), and they follow every entry recorded, amended, moved to another week or withdrawn, in the
same transaction; a rebuild replays without them and adds them up in one pass at its end, and a read
model made before the weeks were kept has them added up once when the store is next opened."""

from datetime import date, timedelta
from uuid import UUID

import pytest

from culture_ledger.ledger import Ledger
from plugins.study.daily import queries
from plugins.study.daily.projections import EPOCH, _sqlite_fold
from tests.conftest import last_workday

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel

DAYS = ", ".join(f"d{n}" for n in range(7))


def weeks_from_entries(ledger) -> dict[tuple[int, str], list[int]]:
    """Each cadre's minutes per day of each week, added up here from the entries not withdrawn."""
    weeks: dict[tuple[int, str], list[int]] = {}
    for r in ledger.query("SELECT cadre_id, occurred_on, minutes FROM study_entries WHERE withdrawn = 0"):
        day = date.fromisoformat(r["occurred_on"])
        monday = (day - EPOCH).days - day.weekday()
        weeks.setdefault((monday, r["cadre_id"]), [0] * 7)[day.weekday()] += r["minutes"]
    return weeks


def weeks_kept(ledger) -> dict[tuple[int, str], list[int]]:
    """The weeks as the read model keeps them (a week whose minutes were all withdrawn holds zeros)."""
    rows = ledger.query(f"SELECT week, cadre_id, {DAYS} FROM study_weeks")
    kept = {(int(r["week"]), r["cadre_id"]): [int(r[f"d{n}"]) for n in range(7)] for r in rows}
    return {key: days for key, days in kept.items() if any(days)}


def days_met_from_entries(ledger, start: date, end: date, target: int = 60) -> dict[str, int]:
    """Each cadre's days on target between start and end as `_days_met`'s bit masks, from the entries."""
    minutes: dict[tuple[str, date], int] = {}
    for r in ledger.query("SELECT cadre_id, occurred_on, minutes FROM study_entries WHERE withdrawn = 0"):
        key = (r["cadre_id"], date.fromisoformat(r["occurred_on"]))
        minutes[key] = minutes.get(key, 0) + r["minutes"]
    masks: dict[str, int] = {}
    for (cadre, day), total in minutes.items():
        if start <= day <= end and total >= target:
            masks[cadre] = masks.get(cadre, 0) | (1 << (day - start).days)
    return masks


def drop_the_week_triggers(db) -> None:
    """The entries' table without the triggers that keep the weeks (as a day's version in time travel,
    or a read model made before the weeks were kept)."""
    if db.postgres:
        for name in ("study_weeks_added", "study_weeks_changed", "study_weeks_removed"):
            db.execute(f"DROP TRIGGER {name} ON study_entries")
    else:
        for r in db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'study_entries'"):
            db.execute(f"DROP TRIGGER {r['name']}")


def study_projection(ledger):
    return next(p for p in ledger.runner.projections if p.name == "study")


def test_the_weeks_follow_every_entry_recorded_amended_moved_and_withdrawn_and_are_added_up_again_after_a_rebuild(
    ledger, store_url, office, admin, staff_of
):
    last = last_workday()
    monday = last - timedelta(days=last.weekday())
    days = [monday - timedelta(days=7) + timedelta(days=n) for n in range(7)] + [
        d for d in (monday + timedelta(days=n) for n in range(7)) if d <= last
    ]
    by = admin.via("import")
    ledger.study.record_study_batch(
        [
            {"cadre_id": c, "occurred_on": d, "minutes": 60, "material": "党章", "mode": "self"}
            for c in (office.wang, office.li)
            for d in days
        ]
        + [{"cadre_id": office.li, "occurred_on": days[2], "minutes": 30, "material": "党章", "mode": "group"}],
        by,
    )
    wang = staff_of(office.wang)
    shortened = ledger.study.record_study(
        {"cadre_id": office.zhang, "occurred_on": days[1], "minutes": 90, "material": "党章", "mode": "self"},
        staff_of(office.zhang),
    )
    moved = ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": days[-1], "minutes": 45, "material": "改革方案", "mode": "self"}, wang
    )
    withdrawn = ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": days[3], "minutes": 120, "material": "改革方案", "mode": "self"}, wang
    )
    ledger.study.amend_study(shortened, {"minutes": 40, "reason": "误填为90分钟"}, staff_of(office.zhang))
    ledger.study.amend_study(moved, {"occurred_on": days[0], "minutes": 50, "reason": "日期填错"}, wang)  # a week back
    ledger.study.withdraw_study(withdrawn, {"reason": "重复填报"}, wang)

    expected = weeks_from_entries(ledger)
    assert weeks_kept(ledger) == expected
    assert expected[((days[0] - EPOCH).days, office.wang.hex)][0] == 60 + 50  # moved into the week before
    assert expected[((days[1] - EPOCH).days - 1, office.zhang.hex)][1] == 40  # shortened
    # The days on target, read from the weeks, are the entries' (a sitting of 30 adds to an hour; 40 is short).
    start, end = days[1], days[-1]
    assert queries._days_met(ledger, start, end) == days_met_from_entries(ledger, start, end)
    assert office.zhang.hex not in queries._days_met(ledger, start, end)

    # A rebuild replays the entries alone and adds their weeks up in one pass as its new tables take over.
    ledger.runner.rebuild(["study"])
    assert weeks_kept(ledger) == expected
    assert queries._days_met(ledger, start, end) == days_met_from_entries(ledger, start, end)
    # Tables without the weeks kept (a day's version in time travel): the trend reads the entries.
    with ledger.readmodels.transaction() as db:
        drop_the_week_triggers(db)
        db.execute("DELETE FROM study_weeks")
    assert queries._days_met(ledger, start, end) == days_met_from_entries(ledger, start, end)
    Ledger(url=store_url, worker=False).close()  # the next process to open the store adds the weeks up
    assert weeks_kept(ledger) == expected
    ledger.study.withdraw_study(moved, {"reason": "并未学习"}, wang)  # and they are kept from then on
    expected = weeks_from_entries(ledger)
    assert weeks_kept(ledger) == expected

    # A read model made before the weeks were kept: they are added up once from its entries, then kept.
    with ledger.readmodels.transaction() as db:
        db.execute("DROP TABLE study_weeks")
        drop_the_week_triggers(db)
        study_projection(ledger).create(db)
    assert weeks_kept(ledger) == expected
    ledger.study.record_study(
        {"cadre_id": office.zhang, "occurred_on": days[1], "minutes": 20, "material": "党章", "mode": "self"},
        staff_of(office.zhang),
    )
    assert weeks_kept(ledger) == weeks_from_entries(ledger)
    assert office.zhang.hex in queries._days_met(ledger, start, end)  # 40 and 20 make the hour


def test_entries_recorded_amended_and_withdrawn_while_the_read_model_was_behind_reach_their_weeks_in_one_catch_up(
    ledger, office, staff_of
):
    # The study read model made again from nothing and caught up in one page: each entry is written as
    # the log has it at that point (recorded, then moved to another week, then withdrawn), in the order
    # the log has them, and its weeks follow.
    last = last_workday()
    wang = staff_of(office.wang)
    kept = ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last, "minutes": 60, "material": "党章", "mode": "self"}, wang
    )
    moved = ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last, "minutes": 45, "material": "改革方案", "mode": "self"}, wang
    )
    gone = ledger.study.record_study(
        {
            "cadre_id": office.wang,
            "occurred_on": last - timedelta(days=1),
            "minutes": 30,
            "material": "党章",
            "mode": "self",
        },
        wang,
    )
    ledger.study.amend_study(moved, {"occurred_on": last - timedelta(days=9), "reason": "日期填错"}, wang)
    ledger.study.withdraw_study(gone, {"reason": "重复填报"}, wang)
    expected = weeks_from_entries(ledger)
    assert weeks_kept(ledger) == expected

    study = study_projection(ledger)
    with ledger.readmodels.transaction() as db:
        study.drop(db)
        ledger.readmodels.forget(db, "study")
        study.create(db)
    assert weeks_kept(ledger) == {}
    ledger.runner.catch_up(only=[study])
    assert weeks_kept(ledger) == expected
    this_week = (last - EPOCH).days - last.weekday()
    assert expected[(this_week, office.wang.hex)][last.weekday()] == 60  # the 45 moved out, the 30 withdrawn
    assert kept in {UUID(r["id"]) for r in ledger.query("SELECT id FROM study_entries WHERE withdrawn = 0")}


@pytest.mark.backends("sqlite")
def test_a_store_whose_weeks_a_row_trigger_kept_counts_each_new_entry_once(ledger, store_url, office, staff_of):
    # Stores made before this version kept new entries' weeks with a row trigger on insert; today the
    # store adds each group of new entries at once. Opened again, the old trigger goes: no entry counts twice.
    wang = staff_of(office.wang)
    last = last_workday()
    ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last, "minutes": 60, "material": "党章", "mode": "self"}, wang
    )
    with ledger.readmodels.transaction() as db:
        db.execute(
            f"CREATE TRIGGER study_weeks_added_0ld AFTER INSERT ON study_entries BEGIN {_sqlite_fold('NEW', '')} END"
        )
    Ledger(url=store_url, worker=False).close()
    ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last, "minutes": 20, "material": "党章", "mode": "self"}, wang
    )
    assert weeks_kept(ledger) == weeks_from_entries(ledger)
    this_week = (last - EPOCH).days - last.weekday()
    assert weeks_kept(ledger)[(this_week, office.wang.hex)][last.weekday()] == 80
