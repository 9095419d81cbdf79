"""Every moment shown to a person is on the office's clock and says which clock that is."""

from datetime import UTC, date, datetime

from culture_ledger.i18n import Catalog
from culture_ledger.locale import TRANSLATIONS
from culture_ledger.timefmt import day_end_utc, day_start_utc, labelled, shown, zone_name


def words(lang: str):
    catalog = Catalog(TRANSLATIONS, strict=True)
    return lambda key, **params: catalog.t(lang, key, **params)


def test_a_moment_stored_in_utc_is_shown_on_beijing_time_by_default(monkeypatch):
    monkeypatch.delenv("CULTURE_LEDGER_TZ", raising=False)
    assert shown("2026-10-22T16:30:00+00:00") == "2026-10-23 00:30:00"
    assert shown(datetime(2026, 10, 22, 16, 30, tzinfo=UTC), seconds=False) == "2026-10-23 00:30"
    assert shown("2026-10-22T16:30:00") == "2026-10-23 00:30:00"  # a naive stored moment is UTC
    assert shown(None) == "" and shown(float("nan")) == ""


def test_a_header_says_beijing_time_in_chinese_and_in_english(monkeypatch):
    monkeypatch.delenv("CULTURE_LEDGER_TZ", raising=False)
    assert labelled(words("zh"), "记录时间") == "记录时间（北京时间）"
    assert labelled(words("en"), "Recorded at") == "Recorded at (Beijing time)"


def test_another_office_zone_is_shown_and_named_by_its_utc_offset(monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_TZ", "Asia/Urumqi")
    assert shown("2026-10-22T16:30:00+00:00") == "2026-10-22 22:30:00"
    assert zone_name(words("en")) == "UTC+06:00"
    assert labelled(words("zh"), "记录时间") == "记录时间（UTC+06:00 时间）"


def test_an_office_day_starts_and_ends_at_beijing_midnight_in_the_logs_utc_terms(monkeypatch):
    monkeypatch.delenv("CULTURE_LEDGER_TZ", raising=False)
    assert day_start_utc(date(2026, 10, 23)) == "2026-10-22T16:00:00+00:00"
    assert day_end_utc(date(2026, 10, 23)) == "2026-10-23T16:00:00+00:00"
