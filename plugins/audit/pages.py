"""The auditors' pages: event browser, record history, time travel, integrity.

User data (accounts, reasons, payloads) is shown as text: dataframes, st.text, st.code."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from culture_ledger import access, memo, timefmt
from culture_ledger.periods import Period
from dashboard.chrome import folded, lang, ledger, t
from domain import clock
from plugins.audit.queries import (
    EventFilter,
    browse,
    corrected_records,
    event_detail,
    facets,
    indexed,
    leader_figures,
    position_at,
    record_events,
    record_history,
    record_id,
    time_machine,
)
from plugins.audit.words import EventWords
from plugins.overview.charts import format_value

PAGE = 50
EXPORT_LIMIT = 100_000


def _record_access(kind: str, **details: Any) -> None:
    """Leave a trace for the auditors of who opened or exported what (dashboard.chrome.record_access):
    a view shown again unchanged within minutes is one access."""
    from dashboard import chrome

    chrome.record_access(kind, **details)


def _record_action(kind: str, **details: Any) -> None:
    """Leave a trace of an action asked for by a click (a verification, an export): every one is
    recorded, before its result is shown or handed over; one that cannot be recorded is not done."""
    from culture_ledger.access import AccessNotRecorded
    from dashboard.chrome import actor

    try:
        ledger().access_log.record(actor(), kind, details)
    except AccessNotRecorded as exc:
        st.error(t(exc.key))
        st.stop()


def _utc_bound(day: date | None, end: bool = False) -> str | None:
    """An office day's bound in the log's UTC terms (the end: the last microsecond of the day)."""
    if day is None:
        return None
    if not end:
        return timefmt.day_start_utc(day)
    return (datetime.fromisoformat(timefmt.day_end_utc(day)) - timedelta(microseconds=1)).isoformat()


def _words(led: Any) -> EventWords:
    """The log in the reader's words, once per run (names are read in a few queries, not per row)."""
    key = (id(led), lang(), led.app.head())  # a new event may rename what the names were read from
    held = st.session_state.get("_audit_words")
    if held is None or held[0] != key:
        held = (key, EventWords(led, lang()))
        st.session_state["_audit_words"] = held
    return held[1]


def _carrier_names(led: Any) -> dict[str, str]:
    """Each carrier's id -> the catalog key of its name (its plugin's title), in registry order."""
    return {p.id: p.title for p in led.registry.carriers}


def _carrier(carrier_id: str, names: dict[str, str]) -> str:
    """A carrier's name; one no longer installed (its activities stay in the log) by its id."""
    return t(names[carrier_id]) if carrier_id in names else carrier_id


def _events_frame(led: Any, rows: list[dict[str, Any]], words: EventWords | None = None) -> pd.DataFrame:
    """The event browser's rows in words: the event's name, the record's, who by name, role and
    channel in words (its caption, not a wider header, names the clock)."""
    words = words or _words(led)
    t = words
    records = words.records(r["originator_id"] for r in rows)
    frame = pd.DataFrame(
        [
            {
                "position": r["position"],
                "recorded_at": timefmt.shown(r["recorded_at"]),
                "account": words.person(r["account"]) if r["channel"] != "system" else t("channel.system"),
                "role": words.role(r["role"]),
                "channel": words.channel(r["channel"]),
                "event": words.event(r["topic"], r["carrier"]),
                "record": records.get(r["originator_id"], ""),
                "version": r["version"],
                "reason": words.reason(r["reason"], r["topic"], r["carrier"]),
            }
            for r in rows
        ],
        columns=["position", "recorded_at", "account", "role", "channel", "event", "record", "version", "reason"],
    )
    frame = frame.rename(columns={c: t(f"audit.col.{c}") for c in frame.columns})
    # A record appended late (补录) is flagged at its first event, with how late.
    from plugins.late.queries import flag, late_records

    late = late_records(led, [r["originator_id"] for r in rows if r["version"] == 1])
    frame[t("late.title")] = [flag(t, late.get(r["originator_id"])) if r["version"] == 1 else "" for r in rows]
    return frame


def _headers(columns: Any) -> dict[str, str]:
    """Column headers in words; the recorded time says which clock it is on."""
    headers = {c: t(f"audit.col.{c}") for c in columns}
    for moment in ("recorded_at", "appended_at"):
        if moment in headers:
            headers[moment] = timefmt.labelled(t, headers[moment])
    return headers


def _open_record(originator_id: str) -> None:
    st.session_state["audit_record_input"] = originator_id
    pages = st.session_state.get("_pages", {})
    if "audit-record" in pages:
        st.switch_page(pages["audit-record"])


# --- event browser -------------------------------------------------------------------


def _older_page(last: int) -> None:
    st.session_state["audit_trail"].append(last)


def _newer_page() -> None:
    trail = st.session_state["audit_trail"]
    if len(trail) > 1:
        trail.pop()


def _first_page() -> None:
    st.session_state["audit_trail"][:] = [None]


def events_page() -> None:
    led = ledger()
    _record_access("page:audit-events")
    words = _words(led)  # once a run (each look at whether the log moved is a query); `words(key)` is `t(key)`
    t = words  # the catalog at hand: the shell's `t` looks up the server's ledger on every call
    st.title(t("audit.events.title"))
    st.caption(t("audit.events.caption", zone=timefmt.zone_name(t)))

    cols = st.columns(3)
    since = cols[0].date_input(t("audit.filter.since"), value=None, key="audit_since")
    until = cols[1].date_input(t("audit.filter.until"), value=None, key="audit_until")
    newest = (
        cols[2].radio(
            t("audit.filter.order"),
            ("newest", "oldest"),
            horizontal=True,
            key="audit_order",
            format_func=lambda o: t(f"audit.order.{o}"),
        )
        == "newest"
    )
    cols = st.columns(4)
    accounts = facets(led, "account")
    names = {a: words.person(a) for a in accounts}
    shared = {n for n in names.values() if list(names.values()).count(n) > 1}
    account = cols[0].selectbox(
        t("audit.filter.account"),
        ["", *accounts],
        key="audit_account",
        # a person by name; two accounts of one name told apart by their sign-in names
        format_func=lambda a: (
            (f"{names[a]}（{a}）" if names.get(a) in shared else names.get(a, a)) if a else t("audit.any")
        ),
        placeholder=t("ui.choose"),
    )
    topic = cols[1].selectbox(
        t("audit.filter.topic"),
        ["", *facets(led, "topic")],
        key="audit_topic",
        format_func=lambda x: words.event(x) if x else t("audit.any"),
        placeholder=t("ui.choose"),
    )
    carrier_names = _carrier_names(led)  # (not `names`: the person picker's labels close over that one)
    carriers = [*carrier_names, *(c for c in facets(led, "carrier") if c not in carrier_names)]
    carrier = cols[2].selectbox(
        t("audit.filter.carrier"),
        ["", *carriers],
        key="audit_carrier",
        format_func=lambda c: _carrier(c, carrier_names) if c else t("audit.any"),
        placeholder=t("ui.choose"),
    )
    typed = cols[3].text_input(t("audit.filter.record"), key="audit_record_filter")
    record = record_id(typed) if typed.strip() else None
    if typed.strip() and record is None:
        st.warning(t("audit.record.invalid"))
    late_only = st.checkbox(t("late.filter"), key="audit_late", help=t("late.filter.help"))
    flt = EventFilter(
        _utc_bound(since),
        _utc_bound(until, end=True),
        account or None,
        topic or None,
        carrier or None,
        record,
        late=late_only,
    )

    # Keyset paging: the page is named by the position it starts after; the trail leads back.
    signature = (flt, newest)
    if st.session_state.get("audit_signature") != signature:
        st.session_state["audit_signature"] = signature
        st.session_state["audit_trail"] = [None]
    trail: list[int | None] = st.session_state["audit_trail"]
    jump = st.number_input(t("audit.filter.jump"), min_value=0, value=None, step=1, key="audit_jump")
    if jump is not None and st.session_state.get("audit_jumped") != jump:
        st.session_state["audit_jumped"] = jump
        trail[:] = [int(jump) + 1 if newest else max(0, int(jump) - 1)]
    cursor = trail[-1]
    rows = browse(
        led,
        flt,
        before=cursor if newest else None,
        after=cursor if not newest else None,
        newest_first=newest,
        limit=PAGE + 1,
    )
    more, rows = len(rows) > PAGE, rows[:PAGE]
    if not rows:
        st.info(t("audit.page.none"))
        if len(trail) > 1:
            st.button(t("audit.page.first"), key="audit_first", on_click=_first_page)
        return
    st.caption(t("audit.page.info", number=len(trail), first=rows[0]["position"], last=rows[-1]["position"]))
    st.dataframe(_events_frame(led, rows, words), hide_index=True)
    # The buttons move the trail before the next run (on_click), so a click draws one page, not two.
    nav = st.columns(3)
    nav[0].button(t("audit.page.newer"), key="audit_prev", disabled=len(trail) == 1, on_click=_newer_page)
    nav[1].button(
        t("audit.page.older"), key="audit_next", disabled=not more, on_click=_older_page, args=(rows[-1]["position"],)
    )
    nav[2].button(t("audit.page.first"), key="audit_first", disabled=len(trail) == 1, on_click=_first_page)

    records = words.records(r["originator_id"] for r in rows)
    labels = {
        r["position"]: " · ".join(
            x
            for x in (
                f"#{r['position']}",
                words.event(r["topic"], r["carrier"]),
                records.get(r["originator_id"], ""),
                words.person(r["account"]),
            )
            if x
        )
        for r in rows
    }
    chosen = st.selectbox(
        t("audit.event.which"), list(labels), format_func=labels.get, key="audit_event", placeholder=t("ui.choose")
    )
    if chosen is not None:
        _show_event(led, int(chosen), words)


def _show_event(led: Any, position: int, words: EventWords) -> None:
    t = words
    detail = event_detail(led, position)
    if detail is None:
        st.warning(t("audit.event.missing"))
        return
    row = detail["index"] or {}
    carrier = row.get("carrier")
    st.subheader(t("audit.event.title", position=position, event=words.event(detail["topic"], carrier)))
    cols = st.columns(3)
    cols[0].text(f"{t('audit.col.record')}: {words.record(detail['originator_id'])}")
    cols[1].text(f"{t('audit.col.version')}: {detail['version']}")
    cols[2].text(f"{t('audit.record.who')}: {words.who(row.get('account'), row.get('role'), row.get('channel'))}")
    cols = st.columns(2)
    cols[0].text(f"{timefmt.labelled(t, t('audit.col.recorded_at'))}: {timefmt.shown(row.get('recorded_at'))}")
    cols[1].text(f"{timefmt.labelled(t, t('audit.event.appended_at'))}: {timefmt.shown(detail['appended_at'])}")
    _late_note(led, detail["originator_id"] if detail["version"] == 1 else None)
    origin = words.origin(getattr(detail["event"], "by", None))
    if origin:  # a sheet's row: which file (its name may be anything: shown as text) and which row
        st.text(f"{t('audit.origin')}: {origin}")
    st.caption(t("audit.event.payload"))
    fields = words.fields(detail["event"], detail["topic"], carrier) if detail["event"] is not None else []
    st.dataframe(
        pd.DataFrame(fields, columns=[t("audit.col.field"), t("audit.col.value")]),
        hide_index=True,
    )

    def for_auditors() -> None:
        st.text(f"{t('audit.event.hash')}: {detail['hash']}")
        st.caption(t("audit.record.id"))
        st.code(detail["originator_id"], language=None)
        st.caption(t("audit.event.stored"))  # the event as the log holds it, for whoever wants the JSON
        st.code(detail["payload"], language="json")

    folded(t("audit.event.for_auditors"), "audit_event_stored", for_auditors)  # drawn once opened

    st.caption(t("audit.event.neighbours"))
    history = record_events(led, detail["originator_id"])
    mine = next((i for i, r in enumerate(history) if r["position"] == position), 0)
    around = history[max(0, mine - 2) : mine + 3]
    frame = _events_frame(led, around, words)
    frame.insert(0, t("audit.col.current"), ["▶" if r["position"] == position else "" for r in around])
    st.dataframe(frame, hide_index=True)
    if st.button(t("audit.event.open_record"), key=f"audit_open_{position}"):
        _open_record(detail["originator_id"])


def _late_note(led: Any, originator_id: str | None) -> None:
    """Which time is which (记录时间, 写入时间) and, for a record appended late, the flag and its rule."""
    from plugins.late.queries import flag, late_records, rule_text

    found = late_records(led, [originator_id]).get(originator_id) if originator_id else None
    if found is not None:
        st.warning(f"{flag(t, found)}（{rule_text(t, found)}）")
    st.caption(t("late.times"))


# --- record history --------------------------------------------------------------------


def record_page() -> None:
    led = ledger()
    _record_access("page:audit-record")
    st.title(t("audit.record.title"))
    st.caption(t("audit.record.caption"))
    if "record" in st.query_params and "audit_record_input" not in st.session_state:
        st.session_state["audit_record_input"] = st.query_params["record"]
    recent = corrected_records(led)
    words = _words(led)
    names = words.records(r["originator_id"] for r in recent)
    labels = {
        r["originator_id"]: " · ".join(
            x
            for x in (
                names.get(r["originator_id"], ""),
                words.event(r["topic"], r["carrier"]),
                words.person(r["account"]),
                timefmt.shown(r["recorded_at"], seconds=False),
            )
            if x
        )
        for r in recent
    }

    def picked() -> None:
        st.session_state["audit_record_input"] = st.session_state["audit_record_pick"]

    st.selectbox(
        t("audit.record.recent"),
        list(labels),
        format_func=labels.get,
        index=None,
        key="audit_record_pick",
        on_change=picked,
        placeholder=t("ui.choose"),
    )
    typed = st.text_input(t("audit.record.id"), key="audit_record_input")
    if not typed.strip():
        return
    oid = record_id(typed)
    if oid is None:
        st.warning(t("audit.record.invalid"))
        return
    versions = record_history(led, oid)
    if not versions:
        st.info(t("audit.record.unknown"))
        return
    _record_access("history", record=oid)  # which record's history was read
    st.subheader(t("audit.record.versions"))
    st.text(f"{t('audit.col.record')}: {words.record(oid)}")
    _late_note(led, oid)
    from plugins.late.queries import appended_at

    appended = appended_at(led, [v["position"] for v in versions])
    with st.expander(t("audit.event.for_auditors")):
        st.caption(t("audit.record.id"))
        st.code(oid, language=None)
    summary = pd.DataFrame(
        [
            {
                "version": v["version"],
                "position": v["position"],
                "event": words.event(v["topic"], v["carrier"]),
                "recorded_at": timefmt.shown(v["at"]),
                "appended_at": timefmt.shown(appended.get(v["position"])),
                "account": words.person(v["account"]) if v["channel"] != "system" else t("channel.system"),
                "role": words.role(v["role"]),
                "channel": words.channel(v["channel"]),
                "reason": words.reason(v["reason"], v["topic"], v["carrier"]),
            }
            for v in versions
        ]
    )
    st.dataframe(summary.rename(columns=_headers(summary.columns)), hide_index=True)
    for v in reversed(versions):
        with st.container(border=True):
            st.text(
                t(
                    "audit.record.version",
                    version=v["version"],
                    event=words.event(v["topic"], v["carrier"]),
                    position=v["position"],
                )
            )
            st.text(
                f"{t('audit.record.who')}: {words.who(v['account'], v['role'], v['channel'])}    "
                f"{timefmt.labelled(t, t('audit.record.when'))}: {timefmt.shown(v['at'])}"
            )
            if v.get("origin"):
                st.text(f"{t('audit.origin')}: {words.origin(v['by'])}")
            if v["reason"]:
                st.text(f"{t('audit.record.why')}: {words.reason(v['reason'], v['topic'], v['carrier'])}")
            sources = [*words.sources(v["topic"], v["carrier"]), "audit"]
            changes = pd.DataFrame(
                words.changes(v["changes"], sources, first=v["version"] == 1),
                columns=["field", "before", "after"],
            )
            st.dataframe(changes.rename(columns={c: t(f"audit.col.{c}") for c in changes.columns}), hide_index=True)


# --- time travel -----------------------------------------------------------------------


def _figures_then(led: Any, position: int, start: date, end: date, today: date) -> tuple[dict[str, Any], int]:
    cache: dict = st.session_state.setdefault("audit_tt_cache", {})
    key = (led.url, position, start, end, today)
    if key not in cache:
        bar = st.progress(0.0, text=t("audit.tt.replaying"))
        machine = time_machine(led)
        with machine.at(
            position,
            progress=lambda done, total: bar.progress(min(1.0, done / max(total, 1)), text=t("audit.tt.replaying")),
        ) as past:
            cache[key] = (leader_figures(past, start, end, today), past.started_from)
        bar.empty()
        while len(cache) > 8:
            cache.pop(next(iter(cache)))
    return cache[key]


def time_travel_page() -> None:
    led = ledger()
    _record_access("page:audit-time-travel")
    st.title(t("audit.tt.title"))
    st.caption(t("audit.tt.caption"))
    head = led.app.head()
    by = (
        st.segmented_control(
            t("audit.tt.by"),
            ("moment", "position"),
            default="moment",
            key="audit_tt_by",
            format_func=lambda b: t(f"audit.tt.by.{b}"),
        )
        or "moment"
    )
    if by == "moment":
        cols = st.columns(2)
        last_month_end = Period.containing("month", clock.today()).previous().end
        day = cols[0].date_input(t("audit.tt.date"), value=last_month_end, key="audit_tt_date")
        at_time = cols[1].time_input(timefmt.labelled(t, t("audit.tt.time")), value=time(23, 59), key="audit_tt_time")
        moment = datetime.combine(day, at_time, tzinfo=clock.office_zone()).astimezone(UTC)
        position = position_at(led, moment.isoformat())
        then_day = day
        visited = {"moment": moment.isoformat(), "position": position}
    else:
        position = int(
            st.number_input(
                t("audit.tt.position"), min_value=0, max_value=max(head, 0), value=head, step=1, key="audit_tt_position"
            )
        )
        row = indexed(led, position) if position else None
        then_day = timefmt.office_moment(row["recorded_at"]).date() if row else clock.today()
        visited = {"position": position}
    _record_access("time-travel", **visited)  # the moment or the position visited, before it is shown
    row = indexed(led, position) if position else None
    st.info(
        t(
            "audit.tt.resolved",
            position=position,
            head=head,
            at=(timefmt.shown(row["recorded_at"]) if row else "–"),
            zone=timefmt.zone_name(t),
        )
    )

    kind = (
        st.segmented_control(
            t("ui.period"),
            ("week", "month"),
            default="month",
            key="audit_tt_period",
            format_func=lambda k: t(f"ui.period.{k}"),
        )
        or "month"
    )
    period = Period.containing(kind, then_day)
    end = min(period.end, then_day)
    st.caption(t("audit.tt.span", start=period.start, end=end))
    then, started_from = _figures_then(led, position, period.start, end, then_day)
    # Today's side is the same on every visit until something is recorded (the staffing standing is much of
    # it); the access records this page and the auditor's others append do not count.
    now = memo.while_unchanged(
        led,
        ("audit.tt.now", period.start, end, then_day, clock.today()),
        lambda: leader_figures(led, period.start, end, then_day),
        ignoring=access.TOPICS,
    )
    if 0 < started_from < position:  # the checkpoints stood before this position: the events since were replayed
        st.caption(t("audit.tt.started_from", start=started_from))

    left, right = st.columns(2)
    for col, figures, title in ((left, then, t("audit.tt.then")), (right, now, t("audit.tt.now"))):
        with col:
            st.subheader(title)
            cols = st.columns(3)
            cols[0].metric(
                t("study.daily.metric.share"), f"{figures['share']:.0%}" if figures["share"] is not None else "–"
            )
            cols[1].metric(t("study.daily.metric.meeting"), f"{figures['meeting']} / {figures['cadres']}")
            cols[2].metric(t("study.daily.metric.minutes"), figures["minutes"])

    st.subheader(t("audit.tt.indicators"))
    units = {i.key: i.unit for i in led.registry.indicators}

    def shown(key: str, value: Any) -> str:  # as the overview's cards show it (2.4, not 2.35484)
        if value is None:
            return t("audit.tt.unavailable")
        if units.get(key) == "score":
            return t("audit.tt.score", value=f"{value:.1f}")
        return format_value(value, units.get(key, ""))

    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("audit.tt.indicator"): t(i.title),
                    t("audit.tt.then"): shown(i.key, then["indicators"].get(i.key)),
                    t("audit.tt.now"): shown(i.key, now["indicators"].get(i.key)),
                }
                for i in led.registry.indicators
            ]
        ),
        hide_index=True,
    )

    st.subheader(t("audit.tt.activities"))
    names = _carrier_names(led)
    carriers = [*names, *(c for c in {**then["activities"], **now["activities"]} if c not in names)]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("audit.col.carrier"): _carrier(c, names),
                    f"{t('audit.tt.then')} · {t('audit.tt.confirmed')}": then["activities"]
                    .get(c, {})
                    .get("confirmed", 0),
                    f"{t('audit.tt.then')} · {t('audit.tt.recorded')}": then["activities"]
                    .get(c, {})
                    .get("recorded", 0),
                    f"{t('audit.tt.now')} · {t('audit.tt.confirmed')}": now["activities"]
                    .get(c, {})
                    .get("confirmed", 0),
                    f"{t('audit.tt.now')} · {t('audit.tt.recorded')}": now["activities"].get(c, {}).get("recorded", 0),
                }
                for c in carriers
            ]
        ),
        hide_index=True,
    )

    st.subheader(t("audit.tt.departments"))
    departments = then["per_department"][["department", "share"]].merge(
        now["per_department"][["department", "share"]], on="department", how="outer", suffixes=("_then", "_now")
    )
    departments = departments.rename(
        columns={"department": t("ui.department"), "share_then": t("audit.tt.then"), "share_now": t("audit.tt.now")}
    )
    st.dataframe(
        departments,
        hide_index=True,
        column_config={
            t("audit.tt.then"): st.column_config.NumberColumn(format="percent"),
            t("audit.tt.now"): st.column_config.NumberColumn(format="percent"),
        },
    )
    with st.expander(t("audit.tt.per_cadre")):
        per_cadre = then["per_cadre"][["name", "department", "minutes", "target", "days_met", "rule_days", "meets"]]
        per_cadre = per_cadre.assign(
            meets=per_cadre["meets"].map(lambda met: t("study.daily.met") if met else t("study.daily.not_met"))
        )
        st.dataframe(
            per_cadre.rename(columns={c: t(f"study.daily.col.{c}") for c in per_cadre.columns}), hide_index=True
        )


# --- integrity -------------------------------------------------------------------------


def _show_report(report: Any, kept: dict[str, Any] | None) -> None:
    if report.finding:
        f = report.finding
        st.error(t("audit.integrity.failed", position=f.position, kind=t(f"audit.kind.{f.kind}")))
        st.caption(t("audit.integrity.detail"))
        st.code(f.detail, language=None)
    elif not report.evidence:
        st.success(t("audit.integrity.ok", checked=report.checked, evidence=report.evidence_checked))
    if kept is not None:
        if report.digest_ok:
            st.success(t("audit.integrity.digest_ok", position=kept["position"]))
        else:
            st.error(t("audit.integrity.digest_bad", position=kept["position"]))
    if report.evidence:
        st.error(t("audit.integrity.evidence_bad"))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("audit.col.label"): e["name"],
                        "sha256": sha,
                        t("audit.col.position"): e["position"],
                        t("audit.col.reason"): t(f"audit.integrity.evidence_state.{e['state']}"),
                    }
                    for sha, e in report.evidence.items()
                ]
            ),
            hide_index=True,
        )


def integrity_page() -> None:
    from event_store.evidence import EvidenceStore, evidence_root
    from event_store.exchange import export_package
    from event_store.integrity import digest, load_digest, verify

    led = ledger()
    _record_access("page:audit-integrity")
    st.title(t("audit.integrity.title"))
    st.caption(t("audit.integrity.caption"))
    _record_access("digest")  # first: the digest shown (and downloadable) then covers its own record
    head = digest(led.app)
    st.subheader(t("audit.integrity.digest"))
    text = json.dumps(head, ensure_ascii=False)
    st.code(text, language="json")
    st.download_button(
        t("audit.integrity.download"),
        text + "\n",
        file_name=f"digest-{head['position']}.json",
        mime="application/json",
        key="audit_digest_download",
    )

    uploaded = st.file_uploader(t("audit.integrity.upload"), type=["json"], key="audit_digest_upload")
    kept = None
    if uploaded is not None:
        try:
            kept = load_digest(uploaded.getvalue().decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            st.error(t("audit.integrity.bad_digest"))
    run = st.button(t("audit.integrity.run"), type="primary", key="audit_verify")
    if kept is not None and st.session_state.get("audit_digest_seen") != uploaded.file_id:
        st.session_state["audit_digest_seen"] = uploaded.file_id  # check a new upload once, not on every rerun
        run = True
    if run:
        bar = st.progress(0.0)
        report = verify(
            led.app,
            evidence=EvidenceStore(evidence_root(led.url)),
            digest=kept,
            progress=lambda done, total: bar.progress(min(1.0, done / max(total, 1))),
        )
        bar.empty()
        if report.ok:  # a log that failed is evidence, left exactly as found: nothing is appended to it
            _record_action("verify", checked=report.checked, ok=True, digest=kept["position"] if kept else None)
        st.session_state["audit_report"] = (report, kept)
    if "audit_report" in st.session_state:
        _show_report(*st.session_state["audit_report"])

    from plugins.audit.health import read_models_check

    read_models_check()

    with st.expander(t("audit.integrity.export")):
        st.caption(t("audit.integrity.export_limit", limit=f"{EXPORT_LIMIT:,}"))
        cols = st.columns(2)
        last = head["position"]
        first = cols[0].number_input(
            t("audit.integrity.export_from"), min_value=1, value=max(1, last - 999), step=1, key="audit_export_from"
        )
        upto = cols[1].number_input(
            t("audit.integrity.export_to"), min_value=0, value=last, step=1, key="audit_export_to"
        )
        upto = min(int(upto), int(first) + EXPORT_LIMIT - 1)
        if st.button(t("audit.integrity.export_go"), key="audit_export_go"):
            _record_action("export:log", from_position=int(first), to_position=upto)  # first: then the file
            # One file, as `culture-ledger export` writes it: the range, its digest and its evidence files.
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "export.zip"
                evidence = EvidenceStore(evidence_root(led.url))
                end = export_package(led.app, path, evidence=evidence, from_position=int(first), to_position=upto)
                data = path.read_bytes()
            st.session_state["audit_export"] = (f"ledger-{int(first)}-{end['to_position']}.zip", data)
        if "audit_export" in st.session_state:
            name, data = st.session_state["audit_export"]
            st.download_button(
                t("audit.integrity.export_download"),
                data,
                file_name=name,
                mime="application/zip",
                key="audit_export_download",
            )
