"""The overall carrier's page: reform tasks and their milestones (overdue ones highlighted),
and the items of service to the overall work, tied to the ideas they serve."""

from __future__ import annotations

from uuid import UUID

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.chrome import actor, form, ledger, run, t
from domain import clock
from domain.vocabulary import IDEAS
from plugins.carrier.projections import record_history
from plugins.carrier.queries import activity_rows
from plugins.carrier.ui import (
    activity_form,
    activity_records,
    attach_form,
    can_record,
    department_picker,
    file_field,
    files_beside,
    filters,
    gaps,
    history_table,
    metrics,
    page_tabs,
    record_correction,
    record_tab,
)
from plugins.overall.commands import SERVICE_TYPES
from plugins.overall.domain import CATEGORIES, MILESTONE_STATES
from plugins.overall.projections import INDICATORS, milestones, overdue_milestones, tasks


def _service_fields(key: str) -> dict:
    cols = st.columns(2)
    return {
        "service_type": cols[0].selectbox(
            t("overall.field.service_type"),
            SERVICE_TYPES,
            key=f"{key}_type",
            format_func=lambda v: t(f"overall.service_type.{v}"),
            placeholder=t("ui.choose"),
        ),
        "beneficiary": cols[1].text_input(t("overall.field.beneficiary"), key=f"{key}_beneficiary"),
    }


def carrier_page() -> None:
    st.title(t("plugin.overall"))
    st.caption(t("overall.holds"))
    f = filters("overall")
    metrics(INDICATORS, f)
    page_tabs(
        (t("overall.tab.tasks"), lambda: _tasks(f)),
        (t("overall.tab.milestones"), lambda: _milestones(f)),
        (
            t("overall.tab.services"),
            lambda: activity_records(
                "overall",
                f,
                "overall_records",
                kinds=("service_item",),
                describe=lambda r: (
                    f"{t('overall.service_type.' + r['details']['service_type'])} · {r['details']['beneficiary']}"
                ),
            ),
        ),
        record_tab(
            t("overall.tab.record_service"),
            lambda: activity_form("overall", {"service_item": _service_fields}, "overall_new"),
        ),
        (t("carrier.ui.tab.gaps"), lambda: gaps("overall", f)),
        (t("carrier.ui.tab.charts"), lambda: _charts(f)),
    )


def _tasks(f) -> None:
    led = ledger()
    rows = tasks(led, f.department_id, f.search or None)
    if rows:
        frame = pd.DataFrame(
            [
                {
                    "title": r["title"],
                    "category": t(f"overall.category.{r['category']}"),
                    "department": r["department"],
                    "lead": r["lead"],
                    "occurred_on": r["occurred_on"],
                    "milestones": r["milestones"],
                    "done": r["done"] or 0,
                    "progress": (r["progress"] or 0) / 100,
                    "status": t("carrier.status.withdrawn") if r["withdrawn"] else t("overall.status.standing"),
                }
                for r in rows
            ]
        )
        st.dataframe(
            frame.rename(columns={c: t(f"overall.col.{c}") for c in frame.columns}),
            hide_index=True,
            column_config={
                t("overall.col.progress"): st.column_config.ProgressColumn(
                    t("overall.col.progress"), min_value=0.0, max_value=1.0, format="percent"
                )
            },
        )
    else:
        st.info(t("ui.none_yet"))

    if can_record():
        with st.expander(t("overall.task.new")):
            with form("overall_task_form"):
                title = st.text_input(t("overall.col.title"), key="overall_task_title")
                cols = st.columns(3)
                category = cols[0].selectbox(
                    t("overall.col.category"),
                    CATEGORIES,
                    key="overall_task_category",
                    format_func=lambda c: t(f"overall.category.{c}"),
                    placeholder=t("ui.choose"),
                )
                with cols[1]:
                    department = department_picker(t("field.department_id"), "overall_task_department")
                launched = cols[2].date_input(
                    t("overall.task.launched"), value=clock.today(), key="overall_task_launched"
                )
                lead = st.text_input(t("overall.task.lead"), key="overall_task_lead")
                goal = st.text_area(t("overall.task.goal"), key="overall_task_goal", height=68)
                ideas = st.multiselect(
                    t("field.ideas"),
                    IDEAS,
                    format_func=lambda i: t(f"idea.{i}"),
                    key="overall_task_ideas",
                    placeholder=t("ui.choose"),
                )
                plan = file_field("overall_task_files", t("overall.task.files"))
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    run(
                        lambda: led.overall.record_task(
                            {
                                "title": title,
                                "category": category,
                                "department_id": department,
                                "lead": lead,
                                "goal": goal,
                                "ideas": ideas,
                                "occurred_on": launched,
                            },
                            actor(),
                            uploads=plan,
                        ),
                        once="overall_task_form",
                    )

    standing = {r["id"]: f"{r['title']} · {r['department']}" for r in rows}
    if not standing:
        return
    chosen = st.selectbox(
        t("carrier.ui.choose"),
        list(standing),
        format_func=standing.get,
        key="overall_task_open",
        placeholder=t("ui.choose"),
    )
    task = next(r for r in rows if r["id"] == chosen)
    st.text(task["goal"] or "")
    _milestone_table(milestones(led, task_id=chosen))
    files_beside(chosen, f"overall_task_files_{chosen}", title=t("overall.task.files"))
    st.caption(t("carrier.ui.record_history"))
    history_table(record_history(led, "overall_history", chosen))
    if task["withdrawn"] or not can_record():
        return
    tid = UUID(chosen)
    with st.expander(t("overall.task.add_files")):
        attach_form(
            f"overall_attach_{chosen}",
            lambda uploads: led.overall.attach_task_files(tid, actor(), uploads=uploads, version=task["version"]),
            label=t("overall.task.files"),
        )
    with st.expander(t("overall.milestone.plan")):
        with st.form(f"overall_plan_{chosen}"):
            title = st.text_input(t("overall.milestone.title"), key=f"overall_plan_title_{chosen}")
            planned = st.date_input(
                t("overall.milestone.planned_on"), value=clock.today(), key=f"overall_plan_on_{chosen}"
            )
            if st.form_submit_button(t("ui.submit")):
                if run(
                    lambda: led.overall.plan_milestone(
                        tid, {"title": title, "planned_on": planned}, actor(), version=task["version"]
                    )
                ):
                    st.rerun()
    own = milestones(led, task_id=chosen)
    if own:
        with st.expander(t("overall.milestone.report")):
            labels = {m["milestone_id"]: f"{m['planned_on']} · {m['title']}" for m in own}
            which = st.selectbox(
                t("overall.milestone.which"),
                list(labels),
                format_func=labels.get,
                key=f"overall_report_which_{chosen}",
                placeholder=t("ui.choose"),
            )
            current = next(m for m in own if m["milestone_id"] == which)
            with st.form(f"overall_report_{chosen}_{which}"):
                cols = st.columns(3)
                status = cols[0].selectbox(
                    t("overall.milestone.status"),
                    MILESTONE_STATES,
                    index=MILESTONE_STATES.index(current["status"]),
                    format_func=lambda s: t(f"overall.status.{s}"),
                    key=f"overall_rs_{which}",
                    placeholder=t("ui.choose"),
                )
                progress = cols[1].number_input(
                    t("overall.milestone.progress"),
                    0,
                    100,
                    int(current["progress"]),
                    step=10,
                    key=f"overall_rp_{which}",
                )
                actual = cols[2].date_input(t("overall.milestone.actual_on"), value=None, key=f"overall_ra_{which}")
                note = st.text_input(t("overall.milestone.note"), key=f"overall_rn_{which}")
                if st.form_submit_button(t("ui.submit")):
                    if run(
                        lambda: led.overall.report_progress(
                            tid,
                            {
                                "milestone_id": which,
                                "status": status,
                                "progress": int(progress),
                                "actual_on": actual,
                                "note": note,
                            },
                            actor(),
                            version=task["version"],
                        )
                    ):
                        st.rerun()
    k = f"overall_fix_{chosen}"

    def amend_inputs() -> None:
        st.text_input(t("overall.col.title"), value=task["title"], key=f"{k}_title")
        st.text_input(t("overall.task.lead"), value=task["lead"] or "", key=f"{k}_lead")
        st.text_area(t("overall.task.goal"), value=task["goal"] or "", key=f"{k}_goal", height=68)

    def amend(reason: str) -> None:
        changes = {
            f: st.session_state[f"{k}_{f}"]
            for f in ("title", "lead", "goal")
            if st.session_state[f"{k}_{f}"] != (task[f] or "")
        }
        led.overall.amend_task(tid, {**changes, "reason": reason}, actor(), version=task["version"])

    record_correction(
        k,
        lambda reason: led.overall.withdraw_task(tid, {"reason": reason}, actor(), version=task["version"]),
        amend,
        amend_inputs,
        version=task["version"],
    )


def _milestone_table(rows: list[dict]) -> None:
    if not rows:
        st.info(t("overall.milestones.none"))
        return
    frame = pd.DataFrame(
        [
            {
                "task": m["task"],
                "milestone": m["title"],
                "department": m["department"],
                "planned_on": m["planned_on"],
                "actual_on": m["actual_on"] or "",
                "status": t(f"overall.status.{m['status']}"),
                "progress": m["progress"],
                "overdue": "⚠" if m["overdue"] else "",
                "late": "✓" if m["late"] else "",
                "note": m["note"] or "",
            }
            for m in rows
        ]
    )
    overdue = [m["overdue"] for m in rows]
    styled = frame.rename(columns={c: t(f"overall.col.{c}") for c in frame.columns}).style.apply(
        lambda row: ["background-color: #fde2e1; color: #8a1c1c" if overdue[row.name] else ""] * len(row), axis=1
    )
    st.dataframe(styled, hide_index=True)


def _milestones(f) -> None:
    """The period's milestones, and every overdue one the 逾期里程碑 card counts (planned earlier, still open):
    the banner counts exactly what the card counts, and the table shows each of them in red."""
    led = ledger()
    overdue = overdue_milestones(led, f.scope)
    rows = milestones(led, start=f.start, end=f.end, department_id=f.department_id)
    shown = {m["id"] for m in rows}
    rows = sorted([*rows, *(m for m in overdue if m["id"] not in shown)], key=lambda m: (m["planned_on"], m["task"]))
    (st.error if overdue else st.success)(
        t("overall.overdue.some", n=len(overdue)) if overdue else t("overall.overdue.none")
    )
    _milestone_table(rows)


def _charts(f) -> None:
    led = ledger()
    rows = milestones(led, start=f.start, end=f.end, department_id=f.department_id)
    if rows:
        st.subheader(t("overall.chart.timeline"))
        frame = pd.DataFrame(
            [
                {
                    "task": m["task"][:24],
                    "milestone": m["title"],
                    "planned": m["planned_on"],
                    "actual": m["actual_on"],
                    "state": "⚠" if m["overdue"] else t(f"overall.status.{m['status']}"),
                }
                for m in rows
            ]
        )
        planned = (
            alt.Chart(frame)
            .mark_point(shape="diamond", size=90, filled=False)
            .encode(
                x=alt.X("planned:T", title=None),
                y=alt.Y("task:N", title=None),
                color=alt.Color("state:N", title=t("overall.col.status")),
                tooltip=["task", "milestone", "planned", "actual", "state"],
            )
        )
        done = frame.dropna(subset=["actual"])
        actual = (
            alt.Chart(done)
            .mark_point(shape="circle", size=60, filled=True)
            .encode(
                x="actual:T", y="task:N", color="state:N", tooltip=["task", "milestone", "planned", "actual", "state"]
            )
        )
        st.altair_chart(planned + actual if not done.empty else planned, width="stretch")
        st.caption(t("overall.chart.legend"))
    services = activity_rows(
        led,
        "overall",
        start=f.start,
        end=f.end,
        department_id=f.department_id,
        kinds=("service_item",),
        counted_only=True,
    )
    tagged = pd.DataFrame([{"idea": t(f"idea.{i}")} for r in services for i in r["ideas"]], columns=["idea"])
    if not tagged.empty:
        st.subheader(t("overall.chart.ideas"))
        data = tagged.groupby("idea").size().reset_index(name="n")
        st.altair_chart(
            alt.Chart(data)
            .mark_bar()
            .encode(x=alt.X("n:Q", title=t("overall.chart.count")), y=alt.Y("idea:N", title=None, sort="-x")),
            width="stretch",
        )
