"""The access record is complete: every sign-in attempt (a wrong password, a lockout, a name no
account has, a success), every record history an auditor opens and every moment time travel
visits, and the command line's digest, verify, export, import, backup and report, each by the
operating-system user who ran it. And it is never lost quietly: when the access record cannot be
written, the action it would record is not done (or not handed over), on the page and at the
command line alike."""

from __future__ import annotations

import getpass
from contextlib import contextmanager

import pytest
from streamlit.testing.v1 import AppTest

from culture_ledger.access import kind_of
from culture_ledger.cli import main
from domain.actor import Actor
from tests.app.pages import run_page
from tests.app.test_accounts_pages import APP, _dashboard, sign_in
from tests.integration.raw_store import raw

pytestmark = pytest.mark.backends("sqlite", "postgresql")

PASSWORD = "Jiguan-Wenhua-2026"
AUDITOR = Actor("inspector", "auditor", "form")
OPERATOR = f"{getpass.getuser()}@cli"


def cli(store_url: str, *args: str) -> int:
    return main(["--store", store_url, *args])


@pytest.fixture
def dashboard(ledger, store_url, monkeypatch) -> AppTest:
    """The dashboard on the test store, at its login page."""
    monkeypatch.setenv("CULTURE_LEDGER_STORE", store_url)
    monkeypatch.setenv("CULTURE_LEDGER_LOCKOUT_FAILURES", "2")  # the second wrong password locks: a short story
    return AppTest.from_function(_dashboard, args=(APP,), default_timeout=60).run()


def accesses(ledger) -> list[tuple[str, str, str | None]]:
    """(who, what, kind) of every access recorded, oldest first."""
    ledger.catch_up()
    return [(r["account"], r["what"], kind_of(r["what"])) for r in reversed(ledger.access_log.records())]


def test_every_kind_of_access_is_recorded_with_who_did_it(
    ledger, office, admin, dashboard, store_url, tmp_path, capsys
):
    ledger.accounts.reset_password("clerk", PASSWORD, admin)
    sign_in(dashboard, "clerk", "a-guess")
    sign_in(dashboard, "clerk", "another-guess")  # the second failure locks the account
    assert "actor" not in dashboard.session_state  # (a sign-in that succeeds: tests/app/test_accounts_pages.py)

    department = ledger.query("SELECT id FROM departments ORDER BY name LIMIT 1")[0]["id"]
    at = run_page("audit-record", store_url, AUDITOR)
    at.text_input(key="audit_record_input").input(department).run()
    assert not at.exception and at.dataframe  # the history read
    at = run_page("audit-time-travel", store_url, AUDITOR)
    assert not at.exception and at.metric  # the figures at the moment visited

    assert cli(store_url, "digest") == 0
    assert cli(store_url, "verify", "--quiet") == 0
    assert cli(store_url, "export", "--out", str(tmp_path / "log.jsonl"), "--quiet") == 0
    sqlite = store_url.startswith("sqlite:///")
    if sqlite:  # PostgreSQL is backed up with pg_dump; the report reads the read models alike on both
        assert cli(store_url, "report", "--period", "month", "--out", str(tmp_path / "month.xlsx")) == 0
        assert cli(store_url, "backup", "--out", str(tmp_path / "backup.sqlite3")) == 0
    copy = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    assert cli(copy, "import", str(tmp_path / "log.jsonl"), "--quiet") == 0
    capsys.readouterr()

    found = accesses(ledger)
    assert [(who, what) for who, what, _ in found if what.startswith("login")] == [
        ("clerk", "login:failed"),
        ("clerk", "login:locked_out"),
    ]
    assert ("inspector", "history", "history") in found and ("inspector", "time-travel", "time_travel") in found
    by_operator = [kind for who, _, kind in found if who == OPERATOR]
    expected = ["digest", "verify", "export"] + (["report", "backup"] if sqlite else [])
    assert by_operator == expected
    record = {r["what"]: r for r in ledger.access_log.records()}
    assert department.replace("-", "") in record["history"]["detail"]  # which record's history
    assert '"moment"' in record["time-travel"]["detail"] and '"position"' in record["time-travel"]["detail"]
    assert '"ok": true' in record["verify"]["detail"]
    assert record["digest"]["channel"] == "cli"

    imported = [(who, what) for who, what, _ in _accesses_in(copy)]
    assert imported[-1] == (OPERATOR, "import:log")  # the import, in the store it went into


def _accesses_in(url: str) -> list[tuple[str, str, str | None]]:
    from culture_ledger.ledger import Ledger

    other = Ledger(url=url)
    try:
        return accesses(other)
    finally:
        other.close()


@contextmanager
def access_store_refusing_writes(store_url: str):
    """The access record made unwritable in the store itself (a trigger refusing its events), as a
    full disk or a revoked grant would: every other write still goes through."""
    with raw(store_url) as db:
        if store_url.startswith("sqlite:///"):
            db.execute(
                "CREATE TRIGGER refuse_access BEFORE INSERT ON stored_events WHEN NEW.topic LIKE '%AccessRecord%' "
                "BEGIN SELECT RAISE(ABORT, 'the access record is read-only'); END"
            )
        else:
            db.execute(
                "CREATE FUNCTION refuse_access() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'the access record is read-only'; END $$ LANGUAGE plpgsql"
            )
            db.execute(
                "CREATE TRIGGER refuse_access BEFORE INSERT ON stored_events FOR EACH ROW "
                "WHEN (NEW.topic LIKE '%AccessRecord%') EXECUTE FUNCTION refuse_access()"
            )
    try:
        yield
    finally:
        with raw(store_url) as db:
            if store_url.startswith("sqlite:///"):
                db.execute("DROP TRIGGER refuse_access")
            else:
                db.execute("DROP TRIGGER refuse_access ON stored_events")
                db.execute("DROP FUNCTION refuse_access()")


def test_an_access_that_cannot_be_recorded_is_not_done(ledger, office, admin, dashboard, store_url, tmp_path, capsys):
    ledger.accounts.reset_password("inspector", PASSWORD, admin)
    head = ledger.app.head()
    with access_store_refusing_writes(store_url):
        assert cli(store_url, "export", "--out", str(tmp_path / "log.jsonl"), "--quiet") == 1
        assert not (tmp_path / "log.jsonl").exists()  # no export the record does not hold
        assert cli(store_url, "digest") == 1
        assert cli(store_url, "verify", "--quiet") == 1
        said = capsys.readouterr()
        assert said.out == ""  # neither a digest nor a verdict handed over
        assert said.err.count("访问记录无法写入") == 3

        sign_in(dashboard, "inspector", PASSWORD)
        assert "actor" not in dashboard.session_state  # not signed in: the sign-in is not left unrecorded
        assert [e.value for e in dashboard.error] == ["访问记录无法写入，此次操作未执行。请联系管理员检查数据存储。"]

        at = run_page("audit-events", store_url, AUDITOR)
        assert not at.exception
        assert [e.value for e in at.error] == ["访问记录无法写入，此次操作未执行。请联系管理员检查数据存储。"]
        assert not at.dataframe  # the page stops before it shows the log

        ledger.people.register_department({"name": "信息科"}, admin)  # what is not an access is written as ever
    assert ledger.app.head() == head + 1
    assert cli(store_url, "digest") == 0  # writable again: recorded again
