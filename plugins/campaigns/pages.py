"""专项活动: the office's campaigns (自身建设年活动, 五型机关创建...), their goals and what is linked to them;
for a five-type campaign, what each department did toward each type with its score beside it."""

from __future__ import annotations

from uuid import UUID

import pandas as pd
import streamlit as st

from culture_ledger import rights
from dashboard.chrome import actor, form, ledger, preselect, run, t
from domain import clock
from domain.vocabulary import IDEAS
from plugins.campaigns.domain import FIVE_ORGAN_TYPES, GOAL_STATES, LINKABLE
from plugins.campaigns.projections import campaigns, five_types, goal_states, linkable, linked_records, progress


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns).rename(columns={c: t(f"campaigns.col.{c}") for c in columns})


def _carrier_titles() -> dict[str, str]:
    return {p.id: t(p.title) for p in ledger().registry.carriers}


def _declares() -> bool:
    return rights.change_reach("campaign", actor().role) != rights.NONE


def _links() -> bool:
    return rights.change_reach("campaign_link", actor().role) != rights.NONE


def campaigns_page() -> None:
    led = ledger()
    st.title(t("campaigns.title"))
    st.caption(t("campaigns.holds"))
    year = int(
        st.number_input(
            t("campaigns.field.year"), min_value=2000, max_value=2100, value=clock.today().year, key="campaigns_year"
        )
    )
    found = campaigns(led, year)
    if _declares():
        _declare_form(year)
    if not found:
        st.info(t("campaigns.none", year=year))
        return
    options = {c["id"]: f"{c['name']}（{c['year']}）" for c in found}
    preselect("campaigns_open", options)
    chosen = st.selectbox(
        t("campaigns.choose"), list(options), format_func=options.get, key="campaigns_open", placeholder=t("ui.choose")
    )
    if chosen is None:
        return
    c = next(c for c in found if c["id"] == chosen)
    _campaign(c)


def _campaign(c: dict) -> None:
    led = ledger()
    carriers = _carrier_titles()
    st.subheader(c["name"])
    served = "、".join(carriers.get(k, k) for k in c["carriers"]) or "—"
    ideas = "、".join(t(f"idea.{i}") for i in c["ideas"]) or "—"
    st.caption(t("campaigns.serves", carriers=served, ideas=ideas))
    p = progress(led, c["id"])
    cols = st.columns(3)
    cols[0].metric(t("campaigns.metric.records"), p["records"])
    cols[1].metric(t("campaigns.metric.goals_done"), f"{p['goals_done']} / {len(p['goals'])}")
    cols[2].metric(t("campaigns.metric.carriers"), sum(1 for n in p["per_carrier"].values() if n))

    tabs = st.tabs(
        [t("campaigns.tab.progress"), t("campaigns.tab.records")]
        + ([t("campaigns.tab.five_types")] if c["organ_types"] else [])
    )
    with tabs[0]:
        st.caption(t("campaigns.per_carrier"))
        st.dataframe(
            _frame(
                [{"carrier": carriers.get(k, k), "records": n} for k, n in p["per_carrier"].items()],
                ["carrier", "records"],
            ),
            hide_index=True,
        )
        st.caption(t("campaigns.goals"))
        states = goal_states(led, c["id"])
        st.dataframe(
            _frame(
                [
                    {
                        "goal": g,
                        "status": t(f"campaigns.state.{states.get(i, {}).get('status', 'planned')}"),
                        "note": states.get(i, {}).get("note") or "",
                        "reported_on": states.get(i, {}).get("reported_on") or "",
                    }
                    for i, g in enumerate(c["goals"])
                ],
                ["goal", "status", "note", "reported_on"],
            ),
            hide_index=True,
        )
        if _declares():
            _goal_form(c)
    with tabs[1]:
        records = linked_records(led, c["id"])
        if records:
            st.dataframe(
                _frame(
                    [
                        {
                            "kind": t(f"campaigns.kind.{r['kind']}"),
                            "title": r["title"] or t("campaigns.withdrawn_record"),
                            "carrier": carriers.get(r["carrier"], r["carrier"]),
                            "department": r["department"] or "",
                            "occurred_on": r["occurred_on"],
                            "organ_type": t(f"campaigns.organ_type.{r['organ_type']}") if r["organ_type"] else "",
                            "note": r["note"] or "",
                        }
                        for r in records
                    ],
                    ["kind", "title", "carrier", "department", "occurred_on", "organ_type", "note"],
                ),
                hide_index=True,
            )
        else:
            st.info(t("campaigns.no_records"))
        if _links():
            _link_form(c)
            if records:
                _unlink_form(c, records)
    if c["organ_types"]:
        with tabs[2]:
            _five_types(c)


def _five_types(c: dict) -> None:
    """Each department against each type: what it did (records linked) and its latest score."""
    rows = five_types(ledger(), c["id"])
    st.caption(t("campaigns.five_types.caption", year=c["year"]))
    types = [k for k in FIVE_ORGAN_TYPES if k in c["organ_types"]]
    matrix: dict[str, dict[str, str]] = {}
    for r in rows:
        score = "—" if r["score"] is None else t("campaigns.five_types.score", score=r["score"])
        matrix.setdefault(r["department"], {})[t(f"campaigns.organ_type.{r['organ_type']}")] = t(
            "campaigns.five_types.cell", n=r["records"], score=score
        )
    frame = pd.DataFrame.from_dict(matrix, orient="index", columns=[t(f"campaigns.organ_type.{k}") for k in types])
    frame.index.name = t("campaigns.col.department")
    st.dataframe(frame.reset_index(), hide_index=True)
    done = [r for r in rows if r["records"]]
    if done:
        st.caption(t("campaigns.five_types.what"))
        st.dataframe(
            _frame(
                [
                    {
                        "department": r["department"],
                        "organ_type": t(f"campaigns.organ_type.{r['organ_type']}"),
                        "titles": r["titles"],
                        "score": "—" if r["score"] is None else r["score"],
                    }
                    for r in done
                ],
                ["department", "organ_type", "titles", "score"],
            ),
            hide_index=True,
        )


def _declare_form(year: int) -> None:
    led = ledger()
    carriers = _carrier_titles()
    with st.expander(t("campaigns.declare")):
        with form("campaigns_declare"):
            name = st.text_input(t("campaigns.field.name"), key="campaigns_name")
            goals = st.text_area(t("campaigns.field.goals"), key="campaigns_goals", help=t("campaigns.goals_help"))
            served = st.multiselect(
                t("campaigns.field.carriers"),
                list(carriers),
                format_func=carriers.get,
                key="campaigns_carriers",
                placeholder=t("ui.choose"),
            )
            ideas = st.multiselect(
                t("campaigns.field.ideas"),
                list(IDEAS),
                format_func=lambda i: t(f"idea.{i}"),
                key="campaigns_ideas",
                placeholder=t("ui.choose"),
            )
            types = st.multiselect(
                t("campaigns.field.organ_types"),
                list(FIVE_ORGAN_TYPES),
                format_func=lambda k: t(f"campaigns.organ_type.{k}"),
                key="campaigns_types",
                placeholder=t("ui.choose"),
                help=t("campaigns.organ_types_help"),
            )
            declared = st.date_input(t("campaigns.field.occurred_on"), value=clock.today(), key="campaigns_on")
            if st.form_submit_button(t("ui.submit"), type="primary"):
                run(
                    lambda: led.campaigns.declare(
                        {
                            "name": name,
                            "year": year,
                            "goals": [g.strip() for g in goals.splitlines() if g.strip()],
                            "carriers": served,
                            "ideas": ideas,
                            "organ_types": types,
                            "occurred_on": declared,
                        },
                        actor(),
                    ),
                    words="campaigns",
                    once="campaigns_declare",
                )


def _link_form(c: dict) -> None:
    led = ledger()
    with st.expander(t("campaigns.link")):
        kind = st.selectbox(
            t("campaigns.field.kind"),
            LINKABLE,
            format_func=lambda k: t(f"campaigns.kind.{k}"),
            key=f"campaigns_link_kind_{c['id']}",
            placeholder=t("ui.choose"),
        )
        linked = {r["record_id"] for r in linked_records(led, c["id"])}
        options = {
            r["id"]: f"{r['occurred_on']} · {r['title']}"
            for r in linkable(led, kind, c["year"])
            if r["id"] not in linked
        }
        with form(f"campaigns_link_{c['id']}"):
            record = st.selectbox(
                t("campaigns.field.record_id"),
                list(options),
                format_func=options.get,
                key=f"campaigns_link_record_{c['id']}",
                placeholder=t("ui.choose"),
            )
            organ_type = ""
            if c["organ_types"]:
                organ_type = st.selectbox(
                    t("campaigns.field.organ_type"),
                    [k for k in FIVE_ORGAN_TYPES if k in c["organ_types"]],
                    format_func=lambda k: t(f"campaigns.organ_type.{k}"),
                    key=f"campaigns_link_type_{c['id']}",
                    placeholder=t("ui.choose"),
                )
            note = st.text_input(t("campaigns.field.note"), key=f"campaigns_link_note_{c['id']}")
            if st.form_submit_button(t("campaigns.link_submit"), type="primary"):
                run(
                    lambda: led.campaigns.link(
                        UUID(c["id"]),
                        {"kind": kind, "record_id": record, "organ_type": organ_type or "", "note": note},
                        actor(),
                    ),
                    "campaigns.linked",
                    words="campaigns",
                    once=f"campaigns_link_{c['id']}",
                )


def _unlink_form(c: dict, records: list[dict]) -> None:
    led = ledger()
    with st.expander(t("campaigns.unlink")):
        options = {r["record_id"]: r["title"] or t("campaigns.withdrawn_record") for r in records}
        with st.form(f"campaigns_unlink_{c['id']}"):
            record = st.selectbox(
                t("campaigns.field.record_id"),
                list(options),
                format_func=options.get,
                key=f"campaigns_unlink_record_{c['id']}",
                placeholder=t("ui.choose"),
            )
            reason = st.text_input(t("campaigns.field.reason"), key=f"campaigns_unlink_reason_{c['id']}")
            if st.form_submit_button(t("campaigns.unlink_submit")):
                run(
                    lambda: led.campaigns.unlink(UUID(c["id"]), {"record_id": record, "reason": reason}, actor()),
                    words="campaigns",
                )


def _goal_form(c: dict) -> None:
    led = ledger()
    with st.expander(t("campaigns.report_goal")):
        with st.form(f"campaigns_goal_{c['id']}"):
            goals = dict(enumerate(c["goals"]))
            goal = st.selectbox(
                t("campaigns.field.goal"),
                list(goals),
                format_func=goals.get,
                key=f"campaigns_goal_{c['id']}",
                placeholder=t("ui.choose"),
            )
            status = st.selectbox(
                t("campaigns.field.status"),
                GOAL_STATES,
                format_func=lambda s: t(f"campaigns.state.{s}"),
                key=f"campaigns_goal_status_{c['id']}",
                placeholder=t("ui.choose"),
            )
            note = st.text_input(t("campaigns.field.note"), key=f"campaigns_goal_note_{c['id']}")
            on = st.date_input(t("campaigns.field.on"), value=clock.today(), key=f"campaigns_goal_on_{c['id']}")
            if st.form_submit_button(t("ui.submit"), type="primary"):
                run(
                    lambda: led.campaigns.report_goal(
                        UUID(c["id"]),
                        {"goal": goal, "status": status, "note": note, "on": on},
                        actor(),
                        version=c["version"],
                    ),
                    words="campaigns",
                )
