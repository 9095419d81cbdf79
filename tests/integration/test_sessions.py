"""Sign-in sessions beside the log: a ticket is traded once for a token, only hashes are stored,
and an expired, idle, ended or tampered session is refused; an administrator's reset, disable or
revoke ends the account's open sessions."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.actor import Actor
from plugins.accounts.sessions import TABLE, digest

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def signed_in(ledger, actor, now=NOW):
    """Sign in and trade the ticket, as the browser does: (session id, the cookie's token)."""
    started = ledger.sessions.start(actor, "password", now=now)
    token = ledger.sessions.issue(started.ticket, now=now + timedelta(seconds=1))
    assert token
    return started.id, token


def rows(ledger):
    with ledger.readmodels.transaction(commit=False) as db:
        return db.rows(f"SELECT * FROM {TABLE}")


def test_a_cookie_token_resumes_its_session_as_the_same_person_in_the_same_role(ledger, leader):
    session_id, token = signed_in(ledger, leader)
    resumed = ledger.sessions.resume(token, now=NOW + timedelta(minutes=5))
    assert (resumed.id, resumed.actor) == (session_id, leader)


def test_the_store_keeps_only_the_hashes_of_the_token_and_the_ticket(ledger, staff):
    started = ledger.sessions.start(staff, "password", now=NOW)
    [row] = rows(ledger)
    assert row["ticket_hash"] == digest(started.ticket) and started.ticket not in str(row)
    token = ledger.sessions.issue(started.ticket, now=NOW)
    [row] = rows(ledger)
    assert row["token_hash"] == digest(token)
    assert token not in str(row) and row["ticket_hash"] is None
    assert len(token) >= 40  # 32 random bytes, url-safe


def test_a_ticket_is_traded_once_and_only_while_fresh(ledger, staff):
    started = ledger.sessions.start(staff, "password", now=NOW)
    assert ledger.sessions.issue(started.ticket, now=NOW) is not None
    assert ledger.sessions.issue(started.ticket, now=NOW) is None  # a second time: refused
    late = ledger.sessions.start(staff, "password", now=NOW)
    assert ledger.sessions.issue(late.ticket, now=NOW + timedelta(minutes=3)) is None
    assert ledger.sessions.issue("", now=NOW) is None


def test_a_tampered_or_unknown_token_is_refused(ledger, staff):
    _, token = signed_in(ledger, staff)
    assert ledger.sessions.resume(token[:-1] + ("A" if token[-1] != "A" else "B"), now=NOW) is None
    assert ledger.sessions.resume(digest(token), now=NOW) is None  # the stored hash is no key either
    assert ledger.sessions.resume("", now=NOW) is None
    assert ledger.sessions.resume(None, now=NOW) is None
    assert ledger.sessions.resume(token, now=NOW) is not None


def test_a_session_idle_longer_than_the_setting_ends_and_stays_ended(ledger, staff, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_IDLE_MINUTES", "20")
    session_id, token = signed_in(ledger, staff)
    assert ledger.sessions.check(session_id, now=NOW + timedelta(minutes=19)) == staff  # and touched then
    assert ledger.sessions.resume(token, now=NOW + timedelta(minutes=38)) is not None  # 19 after the touch
    assert ledger.sessions.check(session_id, now=NOW + timedelta(minutes=59)) == "idle"
    assert ledger.sessions.resume(token, now=NOW + timedelta(minutes=60)) is None
    assert ledger.sessions.open_sessions("clerk") == 0


def test_a_session_expires_after_its_lifetime_however_busy(ledger, staff, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_SESSION_DAYS", "2")
    monkeypatch.setenv("CULTURE_LEDGER_IDLE_MINUTES", "100000")
    session_id, token = signed_in(ledger, staff)
    assert ledger.sessions.check(session_id, now=NOW + timedelta(days=1, hours=23)) == staff
    assert ledger.sessions.check(session_id, now=NOW + timedelta(days=2, minutes=1)) == "expired"
    assert ledger.sessions.resume(token, now=NOW + timedelta(days=2, minutes=2)) is None


def test_signing_out_ends_the_session_and_its_cookie_names_no_open_session_any_more(ledger, staff, leader):
    first, first_token = signed_in(ledger, staff)
    _, second_token = signed_in(ledger, leader)
    assert ledger.sessions.is_open(first_token, now=NOW)
    ledger.sessions.end(first)
    assert ledger.sessions.check(first, now=NOW) == "signed_out"
    assert ledger.sessions.resume(first_token, now=NOW) is None
    assert not ledger.sessions.is_open(first_token, now=NOW)  # so its cookie may be cleared
    assert ledger.sessions.is_open(second_token, now=NOW)  # another sign-in's may not
    assert not ledger.sessions.is_open("made-up", now=NOW)


@pytest.mark.parametrize(
    "change, why",
    [
        (lambda led, admin: led.accounts.reset_password("clerk", "Neues-Passwort-2026", admin), "password_reset"),
        (lambda led, admin: led.accounts.disable("clerk", admin), "disabled"),
        (lambda led, admin: led.accounts.revoke("clerk", "staff", admin), "role_revoked"),
    ],
    ids=["password reset", "disable", "role revoke"],
)
def test_an_administrators_change_ends_every_open_session_of_the_account(ledger, admin, staff, leader, change, why):
    phone, phone_token = signed_in(ledger, staff)
    desk, _ = signed_in(ledger, staff)
    other, _ = signed_in(ledger, leader)
    change(ledger, admin)
    assert ledger.sessions.check(phone, now=NOW) == why
    assert ledger.sessions.check(desk, now=NOW) == why
    assert ledger.sessions.resume(phone_token, now=NOW) is None
    assert ledger.sessions.check(other, now=NOW) == leader  # another account's session goes on


def test_revoking_one_role_ends_only_the_sessions_acting_in_it(ledger, admin):
    ledger.accounts.grant("director", "staff", admin)
    as_leader, _ = signed_in(ledger, Actor("director", "leader", "form"))
    as_staff, _ = signed_in(ledger, Actor("director", "staff", "form"))
    ledger.accounts.revoke("director", "staff", admin)
    assert ledger.sessions.check(as_staff, now=NOW) == "role_revoked"
    assert ledger.sessions.check(as_leader, now=NOW) == Actor("director", "leader", "form")


def test_switching_roles_is_kept_for_the_next_reload(ledger, admin):
    ledger.accounts.grant("director", "staff", admin)
    session_id, token = signed_in(ledger, Actor("director", "leader", "form"))
    ledger.sessions.act_as(session_id, "staff")
    assert ledger.sessions.resume(token, now=NOW).actor == Actor("director", "staff", "form")


def test_a_disabled_account_cannot_start_a_session(ledger, admin, staff):
    from domain.errors import Forbidden

    ledger.accounts.disable("clerk", admin)
    with pytest.raises(Forbidden):
        ledger.sessions.start(staff, "password", now=NOW)
    assert rows(ledger) == []


def test_sessions_outlive_a_server_restart_and_a_rebuild_of_the_read_models(ledger, store_url, leader):
    from culture_ledger.ledger import Ledger

    _, token = signed_in(ledger, leader, now=datetime.now(UTC))
    ledger.runner.rebuild()
    ledger.close()
    again = Ledger(url=store_url)
    try:
        resumed = again.sessions.resume(token)
        assert resumed is not None and resumed.actor == leader
    finally:
        again.close()
