"""Late entries (补录): how many working days after the day it describes a record went into the
log, and whether its kind's rule counts that as late."""

from datetime import date

from culture_ledger.i18n import Catalog
from plugins.calendar.queries import WorkCalendar
from plugins.late.locale import TRANSLATIONS
from plugins.late.queries import WorkingDays, flag, lateness, rule_text

DAYS = WorkingDays(WorkCalendar({}))  # the national calendar, nothing marked


def at(day: str, hour: int = 9) -> str:
    """An appended-at (UTC text) at `hour` o'clock Beijing time on `day`."""
    return f"{day}T{hour - 8:02d}:00:00.000000+00:00"


def test_a_study_entry_recorded_that_evening_or_imported_the_next_working_morning_is_on_time():
    assert lateness(DAYS, "StudyEntry", "2026-11-12", at("2026-11-12", 17), None).delay == 0
    friday_sheet_on_monday = lateness(DAYS, "StudyEntry", "2026-11-13", at("2026-11-16"), None)
    assert (friday_sheet_on_monday.delay, friday_sheet_on_monday.late) == (1, False)


def test_a_study_entry_two_working_days_after_its_day_is_late_and_a_make_up_saturday_counts():
    # Friday 9 October 2026, brought in on Monday: Saturday the 10th was a working day (调休).
    found = lateness(DAYS, "StudyEntry", "2026-10-09", at("2026-10-12"), None)
    assert (found.delay, found.late) == (2, True)
    # The National Day holidays do not count: the sheet of 30 September brought in on 8 October, the
    # morning after them, is one working day after its day, on time.
    after_holidays = lateness(DAYS, "StudyEntry", "2026-09-30", at("2026-10-08"), None)
    assert (after_holidays.delay, after_holidays.late) == (1, False)


def test_each_kind_has_its_own_rule_and_a_record_from_before_the_ledger_opened_is_not_late():
    assert not lateness(DAYS, "Activity", "2026-11-02", at("2026-11-06"), None).late  # within the week
    assert lateness(DAYS, "Activity", "2026-11-02", at("2026-11-10"), None).late
    assert not lateness(DAYS, "StudyTour", "2026-11-02", at("2026-11-13"), None).late  # two weeks for a tour
    # Brought over from the paper ledgers when the office began: it could not have been on time.
    assert lateness(DAYS, "StudyEntry", "2026-09-01", at("2026-11-02"), date(2026, 11, 2)) is None
    assert lateness(DAYS, "StudyEntry", "2026-09-01", None, None) is None


def test_a_late_entry_is_flagged_with_its_delay_and_its_rule_in_words():
    catalog = Catalog(TRANSLATIONS, strict=True)
    found = lateness(DAYS, "StudyEntry", "2026-11-02", at("2026-11-06"), None)
    for lang, flagged, rule in (
        ("zh", "补录 · 迟 4 个工作日", "日学一时应在所述日期后 1 个工作日内写入"),
        ("en", "Late entry · 4 working days late", "Daily study is due within 1 working days of the day it describes"),
    ):
        t = lambda key, lang=lang, **kw: catalog.t(lang, key, **kw)  # noqa: E731
        assert (flag(t, found), rule_text(t, found)) == (flagged, rule)
        assert flag(t, lateness(DAYS, "StudyEntry", "2026-11-02", at("2026-11-03"), None)) == ""
