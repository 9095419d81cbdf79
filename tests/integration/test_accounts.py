"""Accounts and roles: each role writes only what is theirs, refused writes leave the log as it
was, passwords never reach the log, and failed sign-ins lock an account for a while."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.actor import Actor
from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.accounts.credentials import TABLE as CREDENTIALS
from plugins.accounts.services import LoginRefused
from tests.conftest import OPERATOR, last_workday

PASSWORD = "Jiguan-Wenhua-2026"


def study(cadre_id, **over):
    return {
        "cadre_id": cadre_id,
        "occurred_on": last_workday(),
        "minutes": 60,
        "material": "党章",
        "mode": "self",
        **over,
    }


def activity(department_id, **over):
    return {
        "carrier": "political",
        "kind": "education_session",
        "title": "理想信念教育",
        "occurred_on": last_workday(),
        "department_id": department_id,
        "expected": 2,
        "present": 2,
        **over,
    }


@pytest.fixture
def ledger(store_url, fixture_accounts_made):
    # The built-ins, with one kind of political activity, as a carrier plugin declares it.
    from dataclasses import replace

    from pydantic import BaseModel

    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Carrier, Registry
    from tests.conftest import holding_fixture_accounts

    class Session(BaseModel):
        theme: str = ""

    plugins = [
        replace(p, carrier=Carrier(kinds={"education_session": Session})) if p.id == "political" else p
        for p in Registry.load().plugins
    ]
    led = holding_fixture_accounts(Ledger(Registry.of(plugins), url=store_url), fixture_accounts_made)
    yield led
    led.close()


# --- what each role may write --------------------------------------------------------


def test_a_staff_member_records_their_own_study_and_their_departments_activity(ledger, office, staff):
    ledger.study.record_study(study(office.wang), staff)
    ledger.activities.record(activity(office.general), staff)
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries WHERE recorded_by='clerk'") == 1
    assert ledger.scalar("SELECT COUNT(*) FROM activities WHERE recorded_by='clerk'") == 1


def forbidden_writes(office, ledger, staff, leader, auditor):
    """(who, what) pairs a page would never offer; each must be refused below the pages."""
    entry = ledger.study.record_study(study(office.li), leader)
    held = ledger.activities.record(activity(office.reform), leader)
    return [
        ("staff records another cadre's study", lambda: ledger.study.record_study(study(office.li), staff)),
        (
            "staff amends another cadre's study",
            lambda: ledger.study.amend_study(entry, {"minutes": 10, "reason": "改"}, staff),
        ),
        ("staff withdraws another cadre's study", lambda: ledger.study.withdraw_study(entry, {"reason": "撤"}, staff)),
        (
            "staff records another department's activity",
            lambda: ledger.activities.record(activity(office.reform), staff),
        ),
        ("staff withdraws another department's activity", lambda: ledger.activities.withdraw(held, "撤", staff)),
        ("staff confirms an activity", lambda: ledger.activities.confirm(held, staff)),
        ("staff registers a department", lambda: ledger.people.register_department({"name": "新科室"}, staff)),
        (
            "staff creates an account",
            lambda: ledger.accounts.create({"username": "mole", "display_name": "x", "roles": ["admin"]}, staff),
        ),
        ("staff grants themself admin", lambda: ledger.accounts.grant("clerk", "admin", staff)),
        (
            "leader registers a cadre",
            lambda: ledger.people.register_cadre(
                {"name": "某人", "department_id": office.general, "joined_on": last_workday()}, leader
            ),
        ),
        ("leader grants a role", lambda: ledger.accounts.grant("clerk", "leader", leader)),
        ("leader disables an account", lambda: ledger.accounts.disable("clerk", leader)),
        ("leader resets a password", lambda: ledger.accounts.reset_password("clerk", PASSWORD, leader)),
        ("auditor records study", lambda: ledger.study.record_study(study(office.wang), auditor)),
        ("auditor records an activity", lambda: ledger.activities.record(activity(office.general), auditor)),
        ("auditor confirms an activity", lambda: ledger.activities.confirm(held, auditor)),
        ("auditor registers a department", lambda: ledger.people.register_department({"name": "审计科"}, auditor)),
        ("auditor grants themself staff", lambda: ledger.accounts.grant("inspector", "staff", auditor)),
        (
            "someone without an account records study",
            lambda: ledger.study.record_study(study(office.wang), Actor("ghost", "admin", "form")),
        ),
        (
            "an account acts in a role it does not hold",
            lambda: ledger.study.record_study(study(office.li), Actor("clerk", "leader", "form")),
        ),
        (
            "staff imports study for someone else",
            lambda: ledger.study.record_study_batch([study(office.wang), study(office.li)], staff.via("import")),
        ),
    ]


def test_every_forbidden_write_is_refused_and_writes_nothing(ledger, office, staff, leader, auditor):
    for story, write in forbidden_writes(office, ledger, staff, leader, auditor):
        head = ledger.app.head()
        with pytest.raises(Forbidden):
            write()
        assert ledger.app.head() == head, story


def test_a_disabled_account_can_do_nothing_and_its_records_stay(ledger, office, staff, admin):
    ledger.study.record_study(study(office.wang), staff)
    ledger.accounts.disable("clerk", admin)
    head = ledger.app.head()
    for write in (
        lambda: ledger.study.record_study(study(office.wang), staff),
        lambda: ledger.activities.record(activity(office.general), staff),
        lambda: ledger.access_log.record(staff, "page:audit-log", {}),
    ):
        with pytest.raises(Forbidden) as refused:
            write()
        assert refused.value.key == "error.account_disabled"
    assert ledger.app.head() == head
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 1
    ledger.accounts.enable("clerk", admin)
    ledger.study.record_study(study(office.wang), staff)


def test_a_staff_member_transferred_to_another_department_records_for_the_new_one(ledger, office, staff, admin):
    ledger.people.transfer(office.wang, office.reform, last_workday(), admin)
    with pytest.raises(Forbidden):
        ledger.activities.record(activity(office.general), staff)
    ledger.activities.record(activity(office.reform), staff)


def test_a_staff_account_not_linked_to_a_cadre_records_nobodys_study(ledger, office, admin):
    ledger.accounts.create({"username": "newcomer", "display_name": "新同志", "roles": ["staff"]}, admin)
    with pytest.raises(Forbidden):
        ledger.study.record_study(study(office.wang), Actor("newcomer", "staff"))


def test_every_event_names_an_account_and_its_role(ledger, office, staff, admin):
    ledger.study.record_study(study(office.wang), staff)
    ledger.accounts.grant("clerk", "leader", admin)
    for page in ledger.app.pages():
        for n in page:
            by = ledger.app.mapper.to_domain_event(n).by
            assert by.account and by.role


# --- accounts and the role history ------------------------------------------------------


def test_the_auditor_sees_who_held_a_role_when(ledger, admin):
    before = datetime.now(UTC)
    ledger.accounts.grant("clerk", "leader", admin)
    during = datetime.now(UTC)
    ledger.accounts.revoke("clerk", "leader", admin)
    after = datetime.now(UTC)
    assert "clerk" not in ledger.accounts.holders("leader", before)
    assert ledger.accounts.holders("leader", during) == ["clerk", "director"]
    assert ledger.accounts.holders("leader", after) == ["director"]
    period = [r for r in ledger.accounts.role_history("clerk") if r["role"] == "leader"][0]
    assert (period["granted_by"], period["revoked_by"]) == ("admin", "admin")
    actions = [
        r["action"] for r in ledger.query("SELECT action FROM account_history WHERE username='clerk' ORDER BY position")
    ]
    assert actions == ["created", "role_granted", "role_granted", "role_revoked"]


def test_the_last_administrator_cannot_be_disabled_or_lose_the_role(ledger, admin):
    head = ledger.app.head()
    for change in (
        lambda: ledger.accounts.disable("admin", admin),
        lambda: ledger.accounts.revoke("admin", "admin", admin),
    ):
        with pytest.raises(LedgerError) as refused:
            change()
        assert refused.value.key == "error.last_admin"
    assert ledger.app.head() == head
    ledger.accounts.create({"username": "second", "display_name": "第二管理员", "roles": ["admin"]}, admin)
    ledger.accounts.disable("admin", admin)


@pytest.mark.parametrize(
    "bad, key",
    [
        ({"username": "Has Space"}, "validation.username_format"),
        ({"username": "admin"}, "validation.username_taken"),
        ({"roles": ["king"]}, "validation.unknown_role"),
        ({"password": "p4ss-x"}, "validation.password_too_short"),
    ],
)
def test_a_bad_account_is_refused_with_a_reason_and_writes_nothing(ledger, admin, bad, key):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.accounts.create({"username": "newcomer", "display_name": "新同志", "roles": ["staff"], **bad}, admin)
    assert key in [k for _, k, _ in refused.value.errors]
    assert "p4ss-x" not in str(refused.value)  # the rejected password is not repeated in the error
    assert ledger.app.head() == head


# --- passwords and signing in --------------------------------------------------------------


def test_signing_in_gives_the_account_its_highest_role(ledger, admin):
    ledger.accounts.create(
        {"username": "chief", "display_name": "主任", "roles": ["staff", "leader"], "password": PASSWORD}, admin
    )
    assert ledger.accounts.authenticate(" Chief ", PASSWORD) == Actor("chief", "leader", "form")


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(ledger, admin):
    ledger.accounts.reset_password("clerk", PASSWORD, admin)
    with pytest.raises(LoginRefused) as wrong:
        ledger.accounts.authenticate("clerk", "not-the-password")
    with pytest.raises(LoginRefused) as unknown:
        ledger.accounts.authenticate("nobody", PASSWORD)
    # Text no password can hold (a lone surrogate, as a broken client may send) is just as wrong.
    with pytest.raises(LoginRefused) as garbled:
        ledger.accounts.authenticate("clerk", "\ud800 lone surrogate")
    assert wrong.value.key == unknown.value.key == garbled.value.key == "error.login_failed"


def test_five_failed_sign_ins_lock_the_account_for_fifteen_minutes(ledger, admin):
    ledger.accounts.reset_password("clerk", PASSWORD, admin)
    now = datetime.now(UTC)
    for attempt in range(4):
        with pytest.raises(LoginRefused) as refused:
            ledger.accounts.authenticate("clerk", f"guess-{attempt}", now=now)
        assert refused.value.key == "error.login_failed"
    with pytest.raises(LoginRefused) as locked:
        ledger.accounts.authenticate("clerk", "guess-5", now=now)
    assert (locked.value.key, locked.value.params) == ("error.locked_out", {"minutes": 15})
    # Even the right password is refused while locked, and the message says how long in both languages.
    with pytest.raises(LoginRefused) as still:
        ledger.accounts.authenticate("clerk", PASSWORD, now=now + timedelta(minutes=10))
    assert still.value.params == {"minutes": 5}
    assert (
        ledger.catalog.t("zh", still.value.key, **still.value.params)
        == "登录失败次数过多，账户已锁定，请在 5 分钟后再试。"
    )
    assert "try again in 5 minutes" in ledger.catalog.t("en", still.value.key, **still.value.params)
    assert ledger.accounts.authenticate("clerk", PASSWORD, now=now + timedelta(minutes=16)).account == "clerk"


def test_a_disabled_account_cannot_sign_in(ledger, admin):
    ledger.accounts.reset_password("clerk", PASSWORD, admin)
    ledger.accounts.disable("clerk", admin)
    with pytest.raises(LoginRefused) as refused:
        ledger.accounts.authenticate("clerk", PASSWORD)
    assert refused.value.key == "error.account_disabled"


def test_an_account_without_a_role_cannot_sign_in(ledger, admin):
    ledger.accounts.create({"username": "idle", "display_name": "x", "password": PASSWORD}, admin)
    with pytest.raises(LoginRefused) as refused:
        ledger.accounts.authenticate("idle", PASSWORD)
    assert refused.value.key == "error.no_role"


def test_rebuilding_the_read_models_keeps_the_passwords(ledger, admin):
    ledger.accounts.reset_password("clerk", PASSWORD, admin)
    ledger.runner.rebuild()
    assert ledger.accounts.authenticate("clerk", PASSWORD).account == "clerk"
    assert ledger.scalar("SELECT COUNT(*) FROM accounts") == 4


def test_no_password_or_hash_reaches_the_log_or_the_read_models(ledger, office, admin, caplog):
    caplog.set_level("DEBUG")
    ledger.accounts.create(
        {"username": "chief", "display_name": "主任", "roles": ["leader"], "password": PASSWORD}, admin
    )
    ledger.accounts.reset_password("clerk", PASSWORD + "-2", admin)
    ledger.accounts.authenticate("chief", PASSWORD)
    with pytest.raises(LoginRefused):
        ledger.accounts.authenticate("chief", PASSWORD + "-wrong")
    hashes = [r["password_hash"] for r in ledger.query(f"SELECT password_hash FROM {CREDENTIALS}")]
    assert len(hashes) == 2 and all(h.startswith("$argon2id$") for h in hashes)
    secrets = [PASSWORD, "$argon2", *hashes, *(h.rsplit("$", 1)[-1] for h in hashes)]

    events = ledger.app.recorder.events_table_name  # the log's own table, as each backend names it
    stored = ledger.query(f"SELECT topic, state FROM {events}")
    assert any(r["topic"].endswith("Account.PasswordReset") for r in stored)
    for row in stored:
        state = bytes(row["state"])
        assert not any(s.encode() in state for s in secrets), row["topic"]
    tables = [
        r["name"]
        for r in ledger.query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            if ledger.readmodels.postgres
            else "SELECT name FROM sqlite_master WHERE type='table'"
        )
    ]
    assert CREDENTIALS in tables and events in tables
    for table in set(tables) - {CREDENTIALS, events}:
        text = repr(ledger.query(f"SELECT * FROM {table}"))
        assert not any(s in text for s in secrets), table
    assert not any(s in caplog.text for s in secrets)


# --- the access record ------------------------------------------------------------------------


def test_an_auditor_opening_an_audit_page_is_recorded_with_the_range(ledger, auditor):
    ledger.access_log.record(
        auditor, "page:audit-log", {"since": last_workday(), "until": last_workday(), "actor": None}
    )
    [row] = ledger.access_log.records(account="inspector")
    assert (row["role"], row["what"]) == ("auditor", "page:audit-log")
    assert f'"since": "{last_workday().isoformat()}"' in row["detail"]


def test_someone_without_an_account_leaves_no_access_record(ledger):
    with pytest.raises(Forbidden):
        ledger.access_log.record(Actor("ghost", "auditor"), "export:log", {})
    assert ledger.access_log.records() == []


def test_the_operator_creates_the_first_administrator_without_signing_in(store_url):
    from culture_ledger.ledger import Ledger

    led = Ledger(url=store_url)
    try:
        led.accounts.create(
            {"username": "first", "display_name": "首位管理员", "roles": ["admin"], "password": PASSWORD}, OPERATOR
        )
        first = led.accounts.authenticate("first", PASSWORD)
        led.people.register_department({"name": "办公室"}, first)
        with pytest.raises(Forbidden):  # a form actor without an account is not the operator
            led.people.register_department({"name": "综合科"}, Actor("pytest@cli", "admin", "form"))
    finally:
        led.close()


def test_every_accounts_message_is_there_in_chinese_and_in_english(ledger):
    from plugins.accounts.locale import EN, ZH

    assert set(ZH) == set(EN)
    keys = [k for k in ZH if k.startswith(("error.", "login.", "validation."))]
    assert all(not ledger.catalog.catalogs["zh"][k].isascii() for k in keys)  # the text itself, placeholders unfilled


def test_an_administrator_says_where_an_accounts_reminders_go_by_email(ledger, admin, staff):
    # Until one is set, an account named by its e-mail (single sign-on) is reminded there; others nowhere.
    ledger.accounts.create({"username": "li.xiuying@altay.gov.cn", "display_name": "李秀英", "roles": ["staff"]}, admin)
    assert ledger.accounts.email_of("clerk") is None
    assert ledger.accounts.email_of("li.xiuying@altay.gov.cn") == "li.xiuying@altay.gov.cn"
    ledger.accounts.set_email("clerk", " clerk@altay.gov.cn ", admin)
    assert ledger.accounts.email_of("clerk") == "clerk@altay.gov.cn"
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.accounts.set_email("clerk", "not an address", admin)
    assert refused.value.errors[0][1] == "validation.email_format"
    with pytest.raises(Forbidden):
        ledger.accounts.set_email("clerk", "mine@altay.gov.cn", staff)
    assert ledger.app.head() == head  # refused: nothing written
    ledger.accounts.set_email("clerk", "", admin)
    assert ledger.accounts.email_of("clerk") is None
    actions = [
        r["action"] for r in ledger.query("SELECT action FROM account_history WHERE username='clerk' ORDER BY position")
    ]
    assert actions[-2:] == ["email_set", "email_cleared"]  # the auditor sees who changed it, and when
