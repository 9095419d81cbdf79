"""The login page in front of everything; the signed-in sidebar, log out and idle expiry.

Signing in starts a session in the store (`ledger.sessions`): the tab keeps its id in
`st.session_state["session_id"]` beside the actor, and the browser trades the session's one-time
ticket for an HttpOnly cookie (dashboard/session_routes.py), so a reload, a new tab or a phone's
browser coming back goes on signed in. A session ends on signing out (the cookie is cleared
too), when idle longer than CULTURE_LEDGER_IDLE_MINUTES (default 30), after
CULTURE_LEDGER_SESSION_DAYS (default 14), and as soon as the account is disabled, its password
reset or the role it acts in revoked: its next action shows the login page. Where an OpenID
Connect provider is configured (`[auth]` in `.streamlit/secrets.toml`), `st.login` signs in and
the identity is mapped to the account whose username is its e-mail (or preferred username).

A tab given an actor without a session (the page tests do) keeps the tab's own idle clock
(`"last_seen"`, epoch seconds).
"""

from __future__ import annotations

import threading
import time

import streamlit as st

from culture_ledger.access import AccessNotRecorded
from dashboard.chrome import ledger, t
from dashboard.session_routes import COOKIE, END, START, script
from domain.actor import Actor
from domain.errors import LoginRefused

NOTICES = {
    "idle": "login.expired",
    "expired": "login.session_over",
    "signed_out": "login.signed_out",
    "password_reset": "login.password_reset",
}
"""Why a session ended -> what the login page says (anything else: the account changed)."""


def idle_minutes() -> int:
    """CULTURE_LEDGER_IDLE_MINUTES, as the sessions service reads it."""
    return ledger().sessions.idle_minutes()


def sso_configured() -> bool:
    """Whether Streamlit's own OpenID Connect login is switched on ([auth] in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than say no
        return False


def _identity_logged_in() -> bool:
    try:
        return bool(st.user.get("is_logged_in"))
    except Exception:
        return False


def _cookie() -> str | None:
    """The session cookie the browser sent when this tab connected."""
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # no browser behind this run (page tests)
        return None
    return token if isinstance(token, str) else None


def sign_in(actor: Actor, via: str) -> None:
    """Sign `actor` in: first the access record (a sign-in it cannot record does not happen:
    AccessNotRecorded), then the session."""
    led = ledger()
    led.access_log.record(actor, "login", {"via": via})
    started = led.sessions.start(actor, via)
    st.session_state["actor"] = actor
    st.session_state["session_id"] = started.id
    st.session_state["_session_ticket"] = started.ticket  # the sidebar hands it to the browser
    st.session_state["last_seen"] = time.time()
    st.session_state.pop("_access_seen", None)


REFUSALS = {
    "error.locked_out": "login:locked_out",
    "error.no_account_for_identity": "login:refused",
    "error.account_disabled": "login:refused",
    "error.no_role": "login:refused",
}
"""Why a sign-in was refused (its message) -> what the access record calls it (else `login:failed`)."""


def record_refusal(username: str, exc: LoginRefused, via: str) -> None:
    """Leave a refused sign-in in the access record, by the name it was tried with."""
    ledger().access_log.attempt(
        username, REFUSALS.get(exc.key, "login:failed"), via, reason=exc.key.removeprefix("error.")
    )


def sign_out(notice: str) -> None:
    """End the session here (and the identity-provider session, if any); the login page clears the cookie."""
    session_id = st.session_state.get("session_id")
    if session_id:
        ledger().sessions.end(session_id)  # already ended if it ended elsewhere: nothing changes then
    for key in ("actor", "session_id", "_session_ticket", "last_seen", "_access_seen"):
        st.session_state.pop(key, None)
    st.session_state["login_notice"] = notice
    st.session_state["identity_signed_out"] = True
    st.session_state["_clear_cookie"] = True


def _resume() -> Actor | None:
    """The session the browser's cookie names, if it may go on (a reload, a new tab)."""
    token = _cookie()
    resumed = ledger().sessions.resume(token)
    if resumed is None:
        if token and not st.session_state.get("_stale_cookie_seen"):  # an ended session's cookie: clear it
            st.session_state["_stale_cookie_seen"] = st.session_state["_clear_cookie"] = True
        return None
    st.session_state["actor"] = resumed.actor
    st.session_state["session_id"] = resumed.id
    st.session_state["last_seen"] = time.time()
    for key in ("login_notice", "login_refused", "identity_signed_out", "_clear_cookie"):
        st.session_state.pop(key, None)
    return resumed.actor


def current_actor() -> Actor | None:
    """The signed-in actor, or None when the login page must show."""
    led = ledger()
    actor = st.session_state.get("actor")
    if actor is None:
        actor = _resume()
    if actor is None and _identity_logged_in() and not st.session_state.get("identity_signed_out"):
        claims = {k: st.user.get(k) for k in ("email", "preferred_username")}
        try:
            sign_in(led.accounts.actor_for_identity(claims), via="oidc")
        except LoginRefused as exc:
            if st.session_state.get("login_refused") != exc.key:  # once, not on every rerun of the login page
                try:
                    record_refusal(str(claims.get("email") or claims.get("preferred_username") or ""), exc, "oidc")
                except AccessNotRecorded as unrecorded:
                    exc = unrecorded
            st.session_state["login_refused"] = exc.key
            return None
        except AccessNotRecorded as exc:
            st.session_state["login_refused"] = exc.key
            return None
        actor = st.session_state["actor"]
    if actor is None:
        return None
    session_id = st.session_state.get("session_id")
    if session_id:  # the store decides: idle, expired, ended elsewhere, or the account changed
        state = led.sessions.check(session_id)
        if isinstance(state, Actor):
            return actor
        sign_out(NOTICES.get(state, "login.ended"))
        return None
    now = time.time()
    if now - st.session_state.get("last_seen", now) > idle_minutes() * 60:
        sign_out("login.expired")
        return None
    st.session_state["last_seen"] = now
    if not led.accounts.session_is_valid(actor):
        sign_out("login.ended")
        return None
    return actor


_warming: list[threading.Thread] = []


def _import_tables_and_charts() -> None:
    import altair  # noqa: F401
    import pandas  # noqa: F401


def warm_up() -> None:
    """Import the table and chart libraries while someone types their password: the first page after
    signing in needs them (the navigation's badges, every table), and importing them there made that
    page wait two seconds and more. Once per server process; a page needing them before it ends waits
    for the import under Python's own import lock."""
    if not _warming:
        _warming.append(threading.Thread(target=_import_tables_and_charts, name="warm-up-imports", daemon=True))
        _warming[0].start()


def render() -> None:
    """The login page: username and password (and single sign-on where configured)."""
    led = ledger()
    warm_up()
    if st.session_state.pop("_clear_cookie", False):
        st.html(script(END), unsafe_allow_javascript=True)
    st.title(t("app.title"))
    st.subheader(t("login.title"))
    notice = st.session_state.get("login_notice")
    if notice:
        st.info(t(notice, minutes=idle_minutes()))
    refused = st.session_state.get("login_refused")
    if refused:
        st.error(t(refused))
    with st.form("login", clear_on_submit=True):
        username = st.text_input(t("field.username"), key="login_username")
        password = st.text_input(t("field.password"), type="password", key="login_password")
        if st.form_submit_button(t("login.submit"), type="primary"):
            try:
                actor = led.accounts.authenticate(username, password)
                st.session_state.pop("login_notice", None)
                st.session_state.pop("login_refused", None)
                sign_in(actor, via="password")
            except LoginRefused as exc:
                st.error(t(exc.key, **exc.params))
                try:
                    record_refusal(username, exc, "password")
                except AccessNotRecorded as unrecorded:
                    st.error(t(unrecorded.key))
            except AccessNotRecorded as unrecorded:  # not signed in: a sign-in is never left unrecorded
                st.error(t(unrecorded.key))
            else:
                st.rerun()
    if sso_configured():
        if _identity_logged_in() and refused:
            st.button(t("login.sso_logout"), on_click=st.logout, key="sso_logout")
        else:

            def start_sso() -> None:
                st.session_state.pop("identity_signed_out", None)
                st.session_state.pop("login_refused", None)
                st.login()

            st.button(t("login.sso"), on_click=start_sso, key="sso_login")


def account_sidebar(actor: Actor) -> None:
    """Who is signed in, the role they act in (when they hold several), and log out."""
    led = ledger()
    ticket = st.session_state.pop("_session_ticket", None)
    if ticket:  # just signed in: the browser trades the ticket for the session cookie
        st.sidebar.html(script(START, ticket), unsafe_allow_javascript=True)
    st.sidebar.text(f"{led.accounts.display_name(actor.account)} · {t(f'role.{actor.role}')}")
    roles = led.accounts.roles_of(actor.account)
    if len(roles) > 1:
        choice = st.sidebar.selectbox(
            t("app.acting_as"),
            roles,
            index=roles.index(actor.role),
            format_func=lambda r: t(f"role.{r}"),
            key="role_picker",
            placeholder=t("ui.choose"),
        )
        if choice != actor.role:
            st.session_state["actor"] = Actor(actor.account, choice, actor.channel)
            if st.session_state.get("session_id"):
                led.sessions.act_as(st.session_state["session_id"], choice)
            st.rerun()
    if st.sidebar.button(t("login.logout"), key="logout"):
        try:
            led.access_log.record(actor, "logout", {})
        except AccessNotRecorded as exc:  # still signed in: the sign-out is not left unrecorded
            st.sidebar.error(t(exc.key))
            return
        sign_out("login.signed_out")
        if _identity_logged_in():
            st.logout()
        st.rerun()
