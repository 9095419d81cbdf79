"""The login page in front of everything; the signed-in sidebar, log out and idle expiry.

A session holds `st.session_state["actor"]` (an Actor) and `"last_seen"` (epoch seconds).
It ends when idle longer than CULTURE_LEDGER_IDLE_MINUTES (default 30), or as soon as the
account is disabled or loses the role it acts in. Where an OpenID Connect provider is
configured (`[auth]` in `.streamlit/secrets.toml`), `st.login` signs in and the identity is
mapped to the account whose username is its e-mail (or preferred username).
"""

from __future__ import annotations

import os
import time

import streamlit as st

from dashboard.chrome import ledger, t
from domain.actor import Actor
from domain.errors import LoginRefused

DEFAULT_IDLE_MINUTES = 30


def idle_minutes() -> int:
    try:
        return max(1, int(os.environ.get("CULTURE_LEDGER_IDLE_MINUTES", DEFAULT_IDLE_MINUTES)))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


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


def sign_in(actor: Actor, via: str) -> None:
    st.session_state["actor"] = actor
    st.session_state["last_seen"] = time.time()
    st.session_state.pop("_access_seen", None)
    ledger().access_log.record(actor, "login", {"via": via})


def sign_out(notice: str) -> None:
    """End the session here (and the identity-provider session, if any)."""
    for key in ("actor", "last_seen", "_access_seen"):
        st.session_state.pop(key, None)
    st.session_state["login_notice"] = notice
    st.session_state["identity_signed_out"] = True


def current_actor() -> Actor | None:
    """The signed-in actor, or None when the login page must show."""
    led = ledger()
    actor = st.session_state.get("actor")
    if actor is None and _identity_logged_in() and not st.session_state.get("identity_signed_out"):
        try:
            sign_in(
                led.accounts.actor_for_identity({k: st.user.get(k) for k in ("email", "preferred_username")}),
                via="oidc",
            )
        except LoginRefused as exc:
            st.session_state["login_refused"] = exc.key
            return None
        actor = st.session_state["actor"]
    if actor is None:
        return None
    now = time.time()
    last = st.session_state.get("last_seen", now)
    if now - last > idle_minutes() * 60:
        sign_out("login.expired")
        return None
    if not led.accounts.session_is_valid(actor):
        sign_out("login.ended")
        return None
    st.session_state["last_seen"] = now
    return actor


def render() -> None:
    """The login page: username and password (and single sign-on where configured)."""
    led = ledger()
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
            except LoginRefused as exc:
                st.error(t(exc.key, **exc.params))
            else:
                st.session_state.pop("login_notice", None)
                st.session_state.pop("login_refused", None)
                sign_in(actor, via="password")
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
    st.sidebar.text(f"{led.accounts.display_name(actor.account)} · {t(f'role.{actor.role}')}")
    roles = led.accounts.roles_of(actor.account)
    if len(roles) > 1:
        choice = st.sidebar.selectbox(
            t("app.acting_as"),
            roles,
            index=roles.index(actor.role),
            format_func=lambda r: t(f"role.{r}"),
            key="role_picker",
        )
        if choice != actor.role:
            st.session_state["actor"] = Actor(actor.account, choice, actor.channel)
            st.rerun()
    if st.sidebar.button(t("login.logout"), key="logout"):
        led.access_log.record(actor, "logout", {})
        sign_out("login.signed_out")
        if _identity_logged_in():
            st.logout()
        st.rerun()
