"""The standards carrier's page: working rules and their editions, compliance cases from found
to resolved, the staffing ledger's signals where it exists, inspections and rule study."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.chrome import actor, form, ledger, run, t
from domain import clock
from plugins.carrier.projections import record_history
from plugins.carrier.ui import (
    activity_chart,
    activity_form,
    activity_records,
    attach_form,
    can_record,
    department_picker,
    file_field,
    files_beside,
    filters,
    format_value,
    gaps,
    history_table,
    metrics,
    page_tabs,
    record_correction,
    record_tab,
)
from plugins.overview import drill
from plugins.standards.domain import CASE_KINDS
from plugins.standards.projections import INDICATORS, cases, editions, mean_days_to_resolve, rules, staffing_signals


def _inspection_fields(key: str) -> dict:
    cols = st.columns(2)
    return {
        "institutions_checked": int(
            cols[0].number_input(t("standards.field.institutions_checked"), min_value=0, value=1, key=f"{key}_checked")
        ),
        "issues_found": int(
            cols[1].number_input(t("standards.field.issues_found"), min_value=0, value=0, key=f"{key}_issues")
        ),
    }


def _rule_study_fields(key: str) -> dict:
    titles = [r["title"] for r in rules(ledger()) if r["in_force"]]
    return {
        "rule_title": st.selectbox(
            t("standards.field.rule_title"),
            titles,
            key=f"{key}_rule",
            accept_new_options=True,
            placeholder=t("ui.choose"),
        )
        or ""
    }


def _describe(row: dict) -> str:
    d = row["details"]
    if row["kind"] == "inspection":
        return f"{d['institutions_checked']} / {d['issues_found']}"
    return d.get("rule_title", "")


def carrier_page() -> None:
    st.title(t("plugin.standards"))
    st.caption(t("standards.holds"))
    f = filters("standards")
    metrics(INDICATORS, f)
    page_tabs(
        (t("standards.tab.rules"), lambda: _rules(f)),
        (t("standards.tab.cases"), lambda: _cases(f)),
        (t("standards.tab.staffing"), _staffing),
        (
            t("carrier.ui.tab.records"),
            lambda: activity_records("standards", f, "standards_records", describe=_describe),
        ),
        record_tab(
            t("carrier.ui.tab.record"),
            lambda: activity_form(
                "standards", {"inspection": _inspection_fields, "rule_study": _rule_study_fields}, "standards_new"
            ),
        ),
        (t("carrier.ui.tab.gaps"), lambda: gaps("standards", f)),
        (t("carrier.ui.tab.charts"), lambda: _charts(f)),
    )


def _rule_status(r: dict) -> str:
    if r["withdrawn"]:
        return t("carrier.status.withdrawn")
    if r["repealed_on"] and r["repealed_on"] <= clock.today().isoformat():
        return t("standards.status.repealed")
    return t("standards.status.in_force") if r["in_force"] else t("standards.status.not_yet")


def _rules(f) -> None:
    led = ledger()
    rows = rules(led, f.department_id, f.search or None)
    if rows:
        frame = pd.DataFrame(
            [
                {
                    "title": r["title"],
                    "department": r["department"],
                    "adopted_on": r["adopted_on"],
                    "edition": r["edition"],
                    "effective_on": r["effective_on"],
                    "repealed_on": r["repealed_on"] or "",
                    "status": _rule_status(r),
                }
                for r in rows
            ]
        )
        st.dataframe(frame.rename(columns={c: t(f"standards.col.{c}") for c in frame.columns}), hide_index=True)
    else:
        st.info(t("ui.none_yet"))
    if can_record():
        with st.expander(t("standards.rule.adopt")):
            with form("standards_rule_form"):
                title = st.text_input(t("standards.col.title"), key="standards_rule_title")
                cols = st.columns(3)
                with cols[0]:
                    department = department_picker(t("field.department_id"), "standards_rule_department")
                adopted = cols[1].date_input(
                    t("standards.col.adopted_on"), value=clock.today(), key="standards_rule_adopted"
                )
                effective = cols[2].date_input(
                    t("field.effective_on"), value=clock.today(), key="standards_rule_effective"
                )
                summary = st.text_area(t("standards.col.summary"), key="standards_rule_summary", height=68)
                text = file_field("standards_rule_files", t("standards.rule.files"))
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    run(
                        lambda: led.standards.adopt_rule(
                            {
                                "title": title,
                                "department_id": department,
                                "summary": summary,
                                "occurred_on": adopted,
                                "effective_on": effective,
                            },
                            actor(),
                            uploads=text,
                        ),
                        once="standards_rule_form",
                    )
    if not rows:
        return
    labels = {r["id"]: f"{r['title']} · v{r['edition']} · {_rule_status(r)}" for r in rows}
    chosen = st.selectbox(
        t("carrier.ui.choose"),
        list(labels),
        format_func=labels.get,
        key="standards_rule_open",
        placeholder=t("ui.choose"),
    )
    rule = next(r for r in rows if r["id"] == chosen)
    st.caption(t("standards.rule.editions"))
    shown = pd.DataFrame(
        [
            {"edition": e["edition"], "effective_on": e["effective_on"], "summary": e["summary"], "note": e["note"]}
            for e in editions(led, chosen)
        ]
    )
    st.dataframe(shown.rename(columns={c: t(f"standards.col.{c}") for c in shown.columns}), hide_index=True)
    files_beside(chosen, f"standards_rule_files_{chosen}", title=t("standards.rule.files"))
    st.caption(t("carrier.ui.record_history"))
    history_table(record_history(led, "standards_history", chosen))
    if rule["withdrawn"] or rule["repealed_on"] or not can_record():
        return
    rid, version = UUID(chosen), rule["version"]
    with st.expander(t("standards.rule.add_files")):
        attach_form(
            f"standards_attach_{chosen}",
            lambda uploads: led.standards.attach_rule_files(rid, actor(), uploads=uploads, version=version),
            label=t("standards.rule.files"),
        )
    with st.expander(t("standards.rule.revise")):
        with st.form(f"standards_revise_{chosen}"):
            summary = st.text_area(
                t("standards.col.summary"), value=rule["summary"] or "", key=f"standards_rev_s_{chosen}"
            )
            effective = st.date_input(t("field.effective_on"), value=clock.today(), key=f"standards_rev_e_{chosen}")
            note = st.text_input(t("standards.col.note"), key=f"standards_rev_n_{chosen}")
            revised_text = file_field(f"standards_rev_f_{chosen}", t("standards.rule.revised_files"))
            if st.form_submit_button(t("ui.submit")):
                if run(
                    lambda: led.standards.revise_rule(
                        rid,
                        {"summary": summary, "effective_on": effective, "note": note},
                        actor(),
                        version=version,
                        uploads=revised_text,
                    )
                ):
                    st.rerun()
    with st.expander(t("standards.rule.repeal")):
        with st.form(f"standards_repeal_{chosen}"):
            repealed = st.date_input(t("field.repealed_on"), value=clock.today(), key=f"standards_rep_d_{chosen}")
            reason = st.text_input(t("ui.reason"), key=f"standards_rep_r_{chosen}")
            if st.form_submit_button(t("standards.rule.repeal")):
                if run(
                    lambda: led.standards.repeal_rule(
                        rid, {"repealed_on": repealed, "reason": reason}, actor(), version=version
                    )
                ):
                    st.rerun()
    k = f"standards_fix_{chosen}"
    record_correction(
        k,
        lambda reason: led.standards.withdraw(rid, {"reason": reason}, actor(), version=version),
        lambda reason: led.standards.amend(
            rid, {"title": st.session_state[f"{k}_title"], "reason": reason}, actor(), version=version
        ),
        lambda: st.text_input(t("standards.col.title"), value=rule["title"], key=f"{k}_title"),
        version=version,
    )


def _cases(f) -> None:
    led = ledger()
    drill.indicator(  # it opens the cases resolved in the period, each its events
        "standards_resolved_promptly",
        f.scope,
        format_value(mean_days_to_resolve(led, f.scope), "count"),
        key="standards_figure_mean_days",
        label=t("standards.metric.mean_days"),
        help=t("standards.definition.mean_days"),
        border=True,
    )
    rows = cases(led, start=f.start, end=f.end, department_id=f.department_id, search=f.search or None)
    if rows:
        frame = pd.DataFrame(
            [
                {
                    "kind": t(f"standards.case.{c['kind']}"),
                    "institution": c["institution"],
                    "department": c["department"],
                    "headcount": c["headcount"],
                    "found_on": c["found_on"],
                    "resolved_on": c["resolved_on"] or "",
                    "days_to_resolve": c["days_to_resolve"]
                    if c["days_to_resolve"] is not None
                    else (clock.today() - date.fromisoformat(c["found_on"])).days,
                    "status": t("carrier.status.withdrawn")
                    if c["withdrawn"]
                    else t("standards.status.resolved")
                    if c["resolved_on"]
                    else t("standards.status.open"),
                    "resolution": c["resolution"] or "",
                }
                for c in rows
            ]
        )
        st.dataframe(frame.rename(columns={c: t(f"standards.col.{c}") for c in frame.columns}), hide_index=True)
    else:
        st.info(t("ui.none_yet"))
    if can_record():
        with st.expander(t("standards.case.record")):
            with form("standards_case_form"):
                cols = st.columns(3)
                kind = cols[0].selectbox(
                    t("standards.col.kind"),
                    CASE_KINDS,
                    key="standards_case_kind",
                    format_func=lambda k: t(f"standards.case.{k}"),
                    placeholder=t("ui.choose"),
                )
                institution = cols[1].text_input(t("standards.col.institution"), key="standards_case_institution")
                headcount = cols[2].number_input(
                    t("standards.col.headcount"), min_value=0, value=1, key="standards_case_n"
                )
                cols = st.columns(2)
                with cols[0]:
                    department = department_picker(t("field.department_id"), "standards_case_department")
                found = cols[1].date_input(t("standards.col.found_on"), value=clock.today(), key="standards_case_found")
                description = st.text_area(t("field.description"), key="standards_case_description", height=68)
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    run(
                        lambda: led.standards.record_case(
                            {
                                "kind": kind,
                                "institution": institution,
                                "department_id": department,
                                "description": description,
                                "headcount": int(headcount),
                                "occurred_on": found,
                            },
                            actor(),
                        ),
                        once="standards_case_form",
                    )
    if not rows:
        return
    labels = {c["id"]: f"{c['found_on']} · {c['institution']} · {t('standards.case.' + c['kind'])}" for c in rows}
    chosen = st.selectbox(
        t("carrier.ui.choose"),
        list(labels),
        format_func=labels.get,
        key="standards_case_open",
        placeholder=t("ui.choose"),
    )
    case = next(c for c in rows if c["id"] == chosen)
    st.text(case["description"] or "")
    st.caption(t("carrier.ui.record_history"))
    history_table(record_history(led, "standards_history", chosen))
    if case["withdrawn"] or not can_record():
        return
    cid, version = UUID(chosen), case["version"]
    if not case["resolved_on"]:
        with st.expander(t("standards.case.resolve")):
            with st.form(f"standards_resolve_{chosen}"):
                resolved = st.date_input(t("field.resolved_on"), value=clock.today(), key=f"standards_res_d_{chosen}")
                resolution = st.text_area(t("field.resolution"), key=f"standards_res_t_{chosen}", height=68)
                if st.form_submit_button(t("ui.submit")):
                    if run(
                        lambda: led.standards.resolve_case(
                            cid, {"resolved_on": resolved, "resolution": resolution}, actor(), version=version
                        )
                    ):
                        st.rerun()
    k = f"standards_fixcase_{chosen}"

    def amend(reason: str) -> None:
        led.standards.amend(
            cid,
            {
                "institution": st.session_state[f"{k}_inst"],
                "headcount": st.session_state[f"{k}_n"],
                "description": st.session_state[f"{k}_desc"],
                "reason": reason,
            },
            actor(),
            version=version,
        )

    def inputs() -> None:
        st.text_input(t("standards.col.institution"), value=case["institution"], key=f"{k}_inst")
        st.number_input(t("standards.col.headcount"), min_value=0, value=int(case["headcount"] or 0), key=f"{k}_n")
        st.text_area(t("field.description"), value=case["description"] or "", key=f"{k}_desc", height=68)

    record_correction(
        k,
        lambda reason: led.standards.withdraw(cid, {"reason": reason}, actor(), version=version),
        amend,
        inputs,
        version=version,
    )


def _staffing() -> None:
    """编制预警: the staffing ledger's signals, every column headed and every coded value in words
    (quota and post types are labelled in the staffing plugin's catalog, which is there whenever its
    signals are)."""
    signals = staffing_signals(ledger())
    if signals is None:
        return  # no staffing ledger in this installation: nothing to show
    if not signals["over_quota"] and not signals["mixed_staffing"]:
        st.success(t("standards.staffing.none"))
    if signals["over_quota"]:
        st.subheader(t("standards.staffing.over_quota"))
        frame = pd.DataFrame(signals["over_quota"], columns=["name", "quota", "actual", "excess"])
        st.dataframe(frame.rename(columns={c: t(f"standards.col.{c}") for c in frame.columns}), hide_index=True)
    if signals["mixed_staffing"]:
        st.subheader(t("standards.staffing.mixed"))
        frame = pd.DataFrame(signals["mixed_staffing"], columns=["institution", "person", "quota_type", "post_type"])
        frame["quota_type"] = frame["quota_type"].map(lambda q: t(f"staffing.quota_type.{q}"))
        frame["post_type"] = frame["post_type"].map(lambda q: t(f"staffing.post_type.{q}"))
        st.dataframe(frame.rename(columns={c: t(f"standards.col.{c}") for c in frame.columns}), hide_index=True)


def _charts(f) -> None:
    led = ledger()
    rows = [c for c in cases(led, start=f.start, end=f.end, department_id=f.department_id) if not c["withdrawn"]]
    if rows:
        st.subheader(t("standards.chart.cases"))
        frame = pd.DataFrame(
            [
                {
                    "kind": t(f"standards.case.{c['kind']}"),
                    "status": t("standards.status.resolved") if c["resolved_on"] else t("standards.status.open"),
                }
                for c in rows
            ]
        )
        data = frame.groupby(["kind", "status"]).size().reset_index(name="n")
        st.altair_chart(
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=alt.X("n:Q", title=t("standards.chart.count")),
                y=alt.Y("kind:N", title=None),
                color=alt.Color("status:N", title=t("standards.col.status")),
            ),
            width="stretch",
        )
        resolved = pd.DataFrame(
            [
                {"case": f"{c['institution'][:16]} · {c['found_on']}", "days": c["days_to_resolve"]}
                for c in rows
                if c["resolved_on"]
            ]
        )
        if not resolved.empty:
            st.subheader(t("standards.chart.days"))
            st.altair_chart(
                alt.Chart(resolved)
                .mark_bar()
                .encode(
                    x=alt.X("days:Q", title=t("standards.col.days_to_resolve")),
                    y=alt.Y("case:N", title=None, sort="-x"),
                ),
                width="stretch",
            )
    from plugins.carrier.queries import activity_rows

    activity_chart(
        "standards",
        activity_rows(led, "standards", start=f.start, end=f.end, department_id=f.department_id, counted_only=True),
    )
