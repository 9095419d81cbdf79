"""The event views name what they show in a few queries a page, on both stores: records without a
title by whom they are about, read from their first events in one batch."""

from domain.accounts import account_id
from plugins.audit.words import EventWords
from tests.integration.audit_log import ledger, record_weeks  # noqa: F401 (fixture)


def test_records_without_a_title_are_named_by_whom_they_are_about_in_one_batch(
    ledger, office, staff, leader, staff_of, monkeypatch
):
    made = record_weeks(ledger, office, staff, leader, staff_of, days=4)
    ledger.catch_up()
    words = EventWords(ledger, "zh")
    accounts = [account_id(a.account) for a in (staff, leader)]
    queries = []
    query = ledger.query
    monkeypatch.setattr(ledger, "query", lambda *a, **k: queries.append(a[0]) or query(*a, **k))
    monkeypatch.setattr(type(ledger.app.recorder), "select_events", lambda *a, **k: 1 / 0)  # not record by record
    names = words.records([*accounts, made["amended_study"]])
    assert names[accounts[0].hex] == f"账户 · {staff.account}"  # an account: by the name it was opened with
    assert names[accounts[1].hex] == f"账户 · {leader.account}"
    assert names[made["amended_study"].hex].startswith("日学一时 · 党章 · ")  # by its title and date
    assert len(queries) <= 3  # the index, the accounts: never one query per record
