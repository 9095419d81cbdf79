"""The administrators' accounts page and the auditors' access record (访问记录)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pandas as pd
import streamlit as st

from culture_ledger import timefmt
from culture_ledger.access import AccessNotRecorded
from dashboard.chrome import actor, form, lang, ledger, record_access, run, show_error, t
from domain import clock
from domain.errors import InvalidCommand
from domain.vocabulary import ROLES

MOMENTS = frozenset({"at", "created_at", "password_reset_at", "granted_at", "revoked_at"})
"""Columns holding a moment: shown on the office's clock, their headers saying which."""


def _headers(prefix: str, columns) -> dict[str, str]:
    return {c: timefmt.labelled(t, t(f"{prefix}.{c}")) if c in MOMENTS else t(f"{prefix}.{c}") for c in columns}


def _name(led, username: str | None) -> str:
    """A person by name: the account's display name (its username only where it has none)."""
    return led.accounts.display_name(username) if username else ""


def _word(prefix: str, code: str) -> str:
    """A stored code in words, when the catalog has it (a code some later version wrote stays as it is)."""
    key = f"{prefix}.{code}"
    return t(key) if ledger().catalog.has(lang(), key) else code


def _what(led, what: str) -> str:
    """What was opened or exported, in words: 打开页面：访问记录, 导出台账, 登录."""
    kind, _, rest = what.partition(":")
    if kind == "page":
        page = next((p for p in led.registry.pages if p.path == rest), None)
        return t("access.what.page", page=t(page.title) if page else rest)
    return _word("access.what", what.replace(":", "_").replace("-", "_"))


def _detail(led, detail: dict[str, Any]) -> str:
    """The range or filters of an access, in words: 起始日期 2026-11-07；截止日期 2026-12-07; the record
    whose history was opened by its name, the moment time travel visited on the office clock."""
    parts = []
    for key, value in detail.items():
        if value is None or key == "known":
            continue
        if key == "account":
            value = _name(led, value)
        elif key == "via":
            value = _word("access.via", value)
        elif key == "reason":
            value = _word("access.reason", value)
        elif key == "department":
            value = led.scalar("SELECT name FROM departments WHERE id = ?", (str(value),)) or value
        elif key == "carrier":
            value = _word("plugin", value)
        elif key == "idea":
            value = _word("idea", value)
        elif key == "record":
            value = _record_name(led, str(value))
        elif key == "moment":
            value = timefmt.shown(value)
        elif key == "kind":
            value = _word("access.kind", value)
        elif isinstance(value, bool):
            value = t("access.yes") if value else t("access.no")
        label = _word("access.detail", key)
        parts.append(f"{timefmt.labelled(t, label) if key == 'moment' else label} {value}")
    return t("access.detail.separator").join(parts)


def _record_name(led, record: str) -> str:
    """A record by its name (what it is, its title, its date), as the event views call it."""
    try:
        from plugins.audit.words import EventWords
    except ImportError:  # no audit plugin: the record's own label in the event index, if any
        return t("access.record")
    return EventWords(led, lang()).record(record) or t("access.record")


def _who(led, username: str, detail: dict[str, Any]) -> str:
    """Who: the account's name; a sign-in tried with a name no account has, as it was typed."""
    if detail.get("known") is False:
        return t("access.unknown_account", name=username)
    return _name(led, username)


def accounts_page() -> None:
    led = ledger()
    st.title(t("page.accounts"))
    st.caption(t("accounts.caption"))
    accounts = led.accounts.accounts()
    frame = pd.DataFrame(
        accounts,
        columns=[
            "username",
            "display_name",
            "roles",
            "cadre",
            "department",
            "email",
            "disabled",
            "created_at",
            "password_reset_at",
        ],
    )
    for moment in ("created_at", "password_reset_at"):
        frame[moment] = frame[moment].map(timefmt.shown)
    if not frame.empty:
        frame["email"] = frame["email"].fillna("")
        frame["roles"] = frame["roles"].map(lambda roles: "、".join(t(f"role.{r}") for r in roles))
        frame["disabled"] = frame["disabled"].map(
            lambda d: t("accounts.status.disabled") if d else t("accounts.status.active")
        )
    st.dataframe(frame.rename(columns=_headers("accounts.col", frame.columns)), hide_index=True)
    usernames = [a["username"] for a in accounts]
    names = {a["username"]: a["display_name"] for a in accounts}

    def named(username: str) -> str:
        """A username in a picker with its person's name beside it: 何俊（demo-admin）."""
        return t("accounts.named", name=names.get(username) or username, username=username)

    with st.expander(t("accounts.create")):
        with form("create_account", clear_on_submit=True):
            cols = st.columns(2)
            username = cols[0].text_input(t("field.username"), key="account_username")
            display_name = cols[1].text_input(t("field.display_name"), key="account_display_name")
            roles = st.multiselect(
                t("field.roles"),
                ROLES,
                format_func=lambda r: t(f"role.{r}"),
                key="account_roles",
                placeholder=t("ui.choose"),
            )
            cadres = {
                r["id"]: f"{r['name']}（{r['department']}）"
                for r in led.query(
                    "SELECT c.id, c.name, d.name AS department FROM cadres c JOIN departments d ON d.id = c.department_id "
                    "WHERE c.retired_on IS NULL ORDER BY d.name, c.name"
                )
            }
            cadre = st.selectbox(
                t("field.cadre_id"),
                [None, *cadres],
                key="account_cadre",
                format_func=lambda c: t("accounts.no_cadre") if c is None else cadres[c],
                placeholder=t("ui.choose"),
            )
            cols = st.columns(2)
            password = cols[0].text_input(t("field.password"), type="password", key="account_password")
            again = cols[1].text_input(t("accounts.password_again"), type="password", key="account_password_again")
            if st.form_submit_button(t("ui.submit"), type="primary"):
                if password != again:
                    show_error(InvalidCommand([("password", "validation.password_mismatch", {})]))
                else:
                    run(
                        lambda: led.accounts.create(
                            {
                                "username": username,
                                "display_name": display_name,
                                "roles": roles,
                                "cadre_id": cadre,
                                "password": password or None,
                            },
                            actor(),
                        ),
                        once="create_account",
                    )

    if not usernames:
        return
    with st.expander(t("accounts.change")):
        who = st.selectbox(
            t("field.username"), usernames, key="account_change_who", format_func=named, placeholder=t("ui.choose")
        )
        role = st.selectbox(
            t("field.role"),
            ROLES,
            format_func=lambda r: t(f"role.{r}"),
            key="account_change_role",
            placeholder=t("ui.choose"),
        )
        cols = st.columns(4)
        if cols[0].button(t("accounts.grant"), key="account_grant"):
            run(lambda: led.accounts.grant(who, role, actor()))
        if cols[1].button(t("accounts.revoke"), key="account_revoke"):
            run(lambda: led.accounts.revoke(who, role, actor()))
        if cols[2].button(t("accounts.disable"), key="account_disable"):
            run(lambda: led.accounts.disable(who, actor()))
        if cols[3].button(t("accounts.enable"), key="account_enable"):
            run(lambda: led.accounts.enable(who, actor()))

    with st.expander(t("accounts.reset_password")):
        with st.form("reset_password", clear_on_submit=True):
            who = st.selectbox(
                t("field.username"), usernames, key="account_reset_who", format_func=named, placeholder=t("ui.choose")
            )
            cols = st.columns(2)
            password = cols[0].text_input(t("field.password"), type="password", key="account_reset_password")
            again = cols[1].text_input(t("accounts.password_again"), type="password", key="account_reset_again")
            if st.form_submit_button(t("accounts.reset_password"), type="primary"):
                if password != again:
                    show_error(InvalidCommand([("password", "validation.password_mismatch", {})]))
                else:
                    run(lambda: led.accounts.reset_password(who, password, actor()))

    with st.expander(t("accounts.email")):
        with st.form("account_email", clear_on_submit=True):
            who = st.selectbox(
                t("field.username"), usernames, key="account_email_who", format_func=named, placeholder=t("ui.choose")
            )
            email = st.text_input(t("field.email"), key="account_email_address", help=t("accounts.email_help"))
            if st.form_submit_button(t("accounts.email"), type="primary"):
                run(lambda: led.accounts.set_email(who, email, actor()))

    st.subheader(t("accounts.role_history"))
    history = pd.DataFrame(
        led.accounts.role_history(),
        columns=["username", "role", "granted_at", "granted_by", "revoked_at", "revoked_by"],
    )
    history["role"] = history["role"].map(lambda r: t(f"role.{r}"))
    for who in ("granted_by", "revoked_by"):  # who did it, by name (the account column keeps usernames)
        history[who] = history[who].map(lambda u: _name(led, u))
    for moment in ("granted_at", "revoked_at"):
        history[moment] = history[moment].map(timefmt.shown)
    st.dataframe(history.rename(columns=_headers("accounts.col", history.columns)), hide_index=True)


ACCESS_COLUMNS = ["position", "at", "account", "role", "channel", "kind", "what", "detail"]


def _access_frame(led, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The access record in words: who by name, kinds and channels in words, times on the office clock."""
    from culture_ledger.access import kind_of

    frame = pd.DataFrame(
        [
            {
                "position": r["position"],
                "at": timefmt.shown(r["at"]),
                "account": _who(led, r["account"], detail),
                "role": "" if detail.get("known") is False else t(f"role.{r['role']}"),
                "channel": _word("access.channel", r["channel"]),
                "kind": t(f"access.kind.{kind_of(r['what'])}") if kind_of(r["what"]) else "",
                "what": _what(led, r["what"]),
                "detail": _detail(led, detail),
            }
            for r in rows
            for detail in [json.loads(r["detail"])]
        ],
        columns=ACCESS_COLUMNS,
    )
    return frame.rename(columns=_headers("access.col", frame.columns))


def access_log_page() -> None:
    from culture_ledger.access import KINDS

    led = ledger()
    st.title(t("page.access_log"))
    st.caption(t("access.caption"))
    accounts = [
        r["username"] for r in led.query("SELECT DISTINCT account AS username FROM access_records ORDER BY account")
    ]
    cols = st.columns(4)
    who = cols[0].selectbox(
        t("access.col.account"),
        [None, *accounts],
        key="access_who",
        format_func=lambda a: t("ui.all") if a is None else _name(led, a),
        placeholder=t("ui.choose"),
    )
    kind = cols[1].selectbox(
        t("access.col.kind"),
        [None, *KINDS],
        key="access_kind",
        format_func=lambda k: t("ui.all") if k is None else t(f"access.kind.{k}"),
        placeholder=t("ui.choose"),
    )
    since = cols[2].date_input(t("access.since"), value=clock.today() - timedelta(days=30), key="access_since")
    until = cols[3].date_input(t("access.until"), value=clock.today(), key="access_until")
    record_access("page:access-log", account=who, kind=kind, since=since, until=until)
    rows = led.access_log.records(account=who, kind=kind, since=since, until=until)
    if not rows:
        st.info(t("ui.none_yet"))
        return
    frame = _access_frame(led, rows)
    st.dataframe(frame, hide_index=True)
    _access_export(frame, who=who, kind=kind, since=since, until=until)


def _access_export(frame: pd.DataFrame, **shown: Any) -> None:
    """The access record as shown, in Excel and CSV: made on a click, recorded before it is handed over."""
    made_for = json.dumps(shown, default=str, sort_keys=True)
    if st.button(t("access.export"), key="access_export"):
        try:  # every export, each click (not once in a while as a page view): before it is handed over
            ledger().access_log.record(actor(), "export:access-log", {"rows": len(frame), **shown})
        except AccessNotRecorded as exc:
            st.error(t(exc.key))
            return
        st.session_state["access_export_made"] = (made_for, _xlsx(frame), frame.to_csv(index=False).encode("utf-8-sig"))
    made = st.session_state.get("access_export_made")
    if not made or made[0] != made_for:
        return
    stem = f"{t('page.access_log')}-{clock.today().isoformat()}"
    cols = st.columns(2)
    cols[0].download_button(
        t("access.export.xlsx"),
        made[1],
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="access_export_xlsx",
    )
    cols[1].download_button(
        t("access.export.csv"), made[2], file_name=f"{stem}.csv", mime="text/csv", key="access_export_csv"
    )


def _xlsx(frame: pd.DataFrame) -> bytes:
    import io

    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as book:
        frame.to_excel(book, index=False, sheet_name=t("page.access_log")[:31])
    return out.getvalue()
