"""Staffing pages: the leaders' dashboard, the decision forms, staff changes, and the talent plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from culture_ledger import memo
from culture_ledger.periods import Scope
from dashboard.chrome import actor, announce, as_text, drawn_tabs, form, lang, ledger, preselect, run, t
from domain import clock
from domain.vocabulary import IDEAS
from event_store.evidence import MAX_EVIDENCE_MB, Upload
from plugins.carrier import files
from plugins.overview import drill
from plugins.staffing.livelihood_pages import livelihood_section, subfield_form
from plugins.staffing.projections import (
    decisions,
    flagged_hires,
    hires_by_recruitment,
    institutions,
    jurisdiction,
    key_share_over_time,
    mixed_staffing,
    over_quota_by_type,
    people,
    professional_ratio_over_time,
    proposal_subject,
    proposals,
    quota_by_field_over_time,
    summary,
    talent_progress,
    vacancies,
)
from plugins.staffing.rules import (
    DEPARTURE_REASONS,
    FIELDS,
    KEY_FIELDS,
    KINDS,
    LEVELS,
    OVER_QUOTA_POLICIES,
    POST_CATEGORIES,
    QUOTA_TYPES,
    RECRUITMENT_METHODS,
)

STRUCTURAL = ("established", "abolished", "merged")
SPANS = (56, 365, 0)
"""What the charts over time cover: eight weeks, a year, or everything (0)."""


# --- shared bits ---------------------------------------------------------------------------


def _institution_picker(label: str, key: str, rows: list[dict[str, Any]], multi: bool = False) -> Any:
    names = {r["id"]: f"{r['name']}（{_field(r['field'])}）" for r in rows}
    if multi:
        return st.multiselect(label, list(names), format_func=names.get, key=key, placeholder=t("staffing.choose"))
    return st.selectbox(
        label, list(names), format_func=names.get, key=key, index=0 if names else None, placeholder=t("ui.choose")
    )


def _decision_inputs(key: str) -> dict[str, Any]:
    cols = st.columns(2)
    doc_no = cols[0].text_input(t("staffing.field.doc_no"), key=f"{key}_doc", placeholder=t("staffing.doc_no.hint"))
    decided_on = cols[1].date_input(t("staffing.field.decided_on"), value=clock.today(), key=f"{key}_date")
    reason = st.text_area(t("staffing.field.reason"), key=f"{key}_reason", height=80)
    ideas = st.multiselect(
        t("field.ideas"),
        IDEAS,
        format_func=lambda i: t(f"idea.{i}"),
        key=f"{key}_ideas",
        placeholder=t("staffing.choose"),
    )
    return {"doc_no": doc_no, "decided_on": decided_on, "reason": reason, "ideas": ideas}


def _grounds_inputs(key: str) -> dict[str, Any]:
    """What a proposal gives: its reason and the ideas it serves (the document comes with the approval)."""
    reason = st.text_area(t("staffing.field.reason"), key=f"{key}_reason", height=80)
    ideas = st.multiselect(
        t("field.ideas"),
        IDEAS,
        format_func=lambda i: t(f"idea.{i}"),
        key=f"{key}_ideas",
        placeholder=t("staffing.choose"),
    )
    return {"reason": reason, "ideas": ideas}


def _category_input(where: Any, key: str) -> str | None:
    """The post category (岗位类别) of the quota places a decision moves; none when not classed."""
    options = ["", *POST_CATEGORIES]
    chosen = where.selectbox(
        t("staffing.field.post_category"),
        options,
        format_func=lambda c: t(f"staffing.post_category.{c}") if c else t("staffing.post_category.none"),
        key=key,
        placeholder=t("ui.choose"),
    )
    return chosen or None


def _propose(kind: str, command: dict[str, Any], once: str) -> None:
    led = ledger()
    run(lambda: led.staffing.propose(kind, command, actor()), done="staffing.done.proposed", once=once)


def _frame(
    rows: list[dict[str, Any]], columns: list[str], labels: dict[str, Callable[[Any], str]] | None = None
) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column, fn in (labels or {}).items():
        frame[column] = frame[column].map(fn)
    return frame.rename(columns={c: t(f"staffing.col.{c}") for c in columns})


def _type(v: str) -> str:
    return t(f"staffing.quota_type.{v}")


def _post(v: str) -> str:
    return t(f"staffing.post_type.{v}")


def _coded(prefix: str) -> Callable[[Any], str]:
    """A coded column's value in words; a missing one (an old hire recorded without it) stays empty."""
    return lambda v: t(f"{prefix}.{v}") if isinstance(v, str) and v else ""


def _field(v: str) -> str:
    return t(f"staffing.field_name.{v}")


def _names(led, usernames) -> dict[Any, str]:
    """Who recorded: each account's name (a username is for signing in, not for reading)."""
    return {u: led.accounts.display_name(u) if u else "" for u in set(usernames)}


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.1%}"


# --- the dashboard --------------------------------------------------------------------------


def dashboard_page() -> None:
    with memo.computation():  # the charts ask the same dated changes several times: each is read once
        _dashboard()


def _dashboard() -> None:
    led = ledger()
    st.title(t("staffing.dashboard.title"))
    j = jurisdiction(led)
    if j is None:
        st.info(t("staffing.no_jurisdiction"))
        return
    st.caption(t("staffing.dashboard.caption", name=as_text(j["name"])))
    top = st.columns(2)
    as_of = top[0].date_input(t("staffing.as_of"), value=clock.today(), max_value=clock.today(), key="stf_dash_as_of")
    span = (
        top[1].segmented_control(
            t("staffing.span"), SPANS, default=365, key="stf_dash_span", format_func=lambda d: t(f"staffing.span.{d}")
        )
        or 0
    )
    s = summary(led, as_of if as_of < clock.today() else None)
    scope = Scope.between(as_of, as_of)  # each figure opens the institutions it counts, each its events
    cols = st.columns(4)
    drill.indicator(
        "staffing_quota_use",
        scope,
        s["total"],
        key="stf_figure_total",
        where=cols[0],
        label=t("staffing.metric.total"),
        border=True,
    )
    drill.indicator(
        "staffing_quota_use",
        scope,
        s["allocated"],
        key="stf_figure_allocated",
        where=cols[1],
        label=t("staffing.metric.allocated"),
        help=t("staffing.metric.headroom_help", headroom=s["headroom"]),
        border=True,
    )
    drill.indicator(
        "staffing_quota_use",
        scope,
        s["actual"],
        key="stf_figure_actual",
        where=cols[2],
        label=t("staffing.metric.actual"),
        help=t("staffing.definition.use"),
        border=True,
    )
    drill.indicator("staffing_quota_use", scope, _pct(s["use"]), key="stf_figure_use", where=cols[3], border=True)
    cols = st.columns(4)
    drill.indicator(
        "staffing_quota_use",
        scope,
        s["headroom"],
        key="stf_figure_headroom",
        where=cols[0],
        label=t("staffing.metric.headroom"),
        border=True,
    )
    drill.indicator("staffing_vacancies", scope, s["vacant"], key="stf_figure_vacant", where=cols[1], border=True)
    drill.indicator(
        "staffing_over_quota", scope, s["over_quota"], key="stf_figure_over_quota", where=cols[2], border=True
    )
    since = clock.today() - timedelta(days=span) if span else None
    share = key_share_over_time(led, since)
    moved = None
    if len(share) > 1:
        moved = f"{(share['share'].iloc[-1] - share['share'].iloc[0]) * 100:+.1f} pt"
    drill.indicator(
        "staffing_key_field_share",
        scope,
        _pct(s["key_share"]),
        key="stf_figure_key_share",
        where=cols[3],
        delta=moved,
        help=t("staffing.definition.key_share_moved", span=t(f"staffing.span.{span}")),
        border=True,
    )

    _alerts(led)
    drawn_tabs(  # only the open section is drawn: all seven charts at once took most of a visit in the browser
        [
            (t("staffing.by_field"), lambda: _structure(led, since, share)),
            (t("staffing.livelihood"), lambda: livelihood_section(led, as_of, since)),
            (t("staffing.professional"), lambda: _professional(led, since)),
            (t("staffing.timeline"), lambda: _timeline(led, since)),
            (t("staffing.institutions"), lambda: _institutions(led)),
        ],
        DASHBOARD_TABS,
    )


DASHBOARD_TABS = "stf_dash_tab"
"""The session-state key of 机构编制 · 总览's open section (its label)."""


def _structure(led, since: date | None, share: pd.DataFrame) -> None:
    """Quota by field, and the key and livelihood fields' share, over time."""
    st.subheader(t("staffing.by_field"))
    by_field = quota_by_field_over_time(led, since)
    if by_field.empty:
        st.info(t("ui.none_yet"))
    else:
        by_field["field_label"] = by_field["field"].map(_field)
        st.altair_chart(
            alt.Chart(by_field)
            .mark_area(interpolate="step-after")
            .encode(
                x=alt.X("day:T", title=None, axis=alt.Axis(format="%Y-%m-%d")),
                y=alt.Y("quota:Q", stack=True, title=t("staffing.col.quota")),
                color=alt.Color("field_label:N", title=t("staffing.col.field")),
                tooltip=[
                    alt.Tooltip("day:T", title=t("staffing.col.decided_on")),
                    alt.Tooltip("field_label:N", title=t("staffing.col.field")),
                    alt.Tooltip("quota:Q", title=t("staffing.col.quota")),
                ],
            ),
            width="stretch",
        )

    st.subheader(t("staffing.key_share"))
    st.caption(t("staffing.key_share.caption", fields="、".join(_field(f) for f in KEY_FIELDS)))
    if not share.empty:
        st.altair_chart(
            alt.Chart(share)
            .mark_line(interpolate="step-after", point=True)
            .encode(
                x=alt.X("day:T", title=None, axis=alt.Axis(format="%Y-%m-%d")),
                y=alt.Y("share:Q", title=t("staffing.metric.key_share"), axis=alt.Axis(format="%")),
                tooltip=[
                    alt.Tooltip("day:T", title=t("staffing.col.decided_on")),
                    alt.Tooltip("share:Q", format=".1%", title=t("staffing.metric.key_share")),
                    alt.Tooltip("key_quota:Q", title=t("staffing.col.key_quota")),
                    alt.Tooltip("allocated:Q", title=t("staffing.metric.allocated")),
                ],
            ),
            width="stretch",
        )


def _professional(led, since: date | None) -> None:
    st.subheader(t("staffing.professional"))
    st.caption(t("staffing.professional.caption"))
    ratio = professional_ratio_over_time(led, since)
    if ratio.empty or not ratio["professional"].any():
        st.info(t("staffing.professional.none"))
    else:
        ratio = ratio[ratio["field"].isin(ratio.loc[ratio["professional"] > 0, "field"].unique())].copy()
        ratio["field_label"] = ratio["field"].map(_field)
        st.altair_chart(
            alt.Chart(ratio)
            .mark_line(interpolate="step-after", point=True)
            .encode(
                x=alt.X("day:T", title=None, axis=alt.Axis(format="%Y-%m-%d")),
                y=alt.Y("ratio:Q", title=t("staffing.professional.ratio"), axis=alt.Axis(format="%")),
                color=alt.Color("field_label:N", title=t("staffing.col.field")),
                tooltip=[
                    alt.Tooltip("day:T", title=t("staffing.col.decided_on")),
                    alt.Tooltip("field_label:N", title=t("staffing.col.field")),
                    alt.Tooltip("ratio:Q", format=".1%", title=t("staffing.professional.ratio")),
                    alt.Tooltip("professional:Q", title=t("staffing.col.professional")),
                    alt.Tooltip("quota:Q", title=t("staffing.col.quota")),
                ],
            ),
            width="stretch",
        )


def _timeline(led, since: date | None) -> None:
    st.subheader(t("staffing.timeline"))
    timeline = [d for d in decisions(led, STRUCTURAL) if since is None or d["decided_on"] >= since.isoformat()]
    if not timeline:
        st.info(t("ui.none_yet"))
    else:
        frame = pd.DataFrame(timeline)
        frame["day"] = pd.to_datetime(frame["decided_on"])
        frame["kind_label"] = frame["kind"].map(lambda k: t(f"staffing.kind.{k}"))
        st.altair_chart(
            alt.Chart(frame)
            .mark_point(filled=True, size=120)
            .encode(
                x=alt.X("day:T", title=None, axis=alt.Axis(format="%Y-%m-%d")),
                y=alt.Y("kind_label:N", title=None),
                color=alt.Color("kind_label:N", legend=None),
                tooltip=[
                    alt.Tooltip("day:T", title=t("staffing.col.decided_on")),
                    alt.Tooltip("institution:N", title=t("staffing.col.institution")),
                    alt.Tooltip("doc_no:N", title=t("staffing.col.doc_no")),
                    alt.Tooltip("reason:N", title=t("staffing.col.reason")),
                ],
            ),
            width="stretch",
        )
        _decision_table(timeline)


def _institutions(led) -> None:
    st.subheader(t("staffing.institutions"))
    rows = institutions(led)
    st.dataframe(
        _frame(
            rows,
            [
                "name",
                "kind",
                "field",
                "quota",
                "actual",
                "vacant",
                "excess",
                *(f"quota_{q}" for q in QUOTA_TYPES),
                *(f"actual_{q}" for q in QUOTA_TYPES),
            ],
            {"kind": lambda k: t(f"staffing.kind_name.{k}"), "field": _field},
        ),
        hide_index=True,
    )


def _alerts(led) -> None:
    st.subheader(t("staffing.alerts"))
    over, flagged, mixed = over_quota_by_type(led), flagged_hires(led), mixed_staffing(led)
    if over:
        st.error(t("staffing.alert.over_quota", n=len({o["id"] for o in over})))
        st.dataframe(
            _frame(over, ["name", "quota_type", "quota", "actual", "excess"], {"quota_type": _type}), hide_index=True
        )
    else:
        st.success(t("staffing.alert.none_over"))
    if flagged:
        st.warning(t("staffing.alert.flagged", n=len(flagged)))
        st.dataframe(
            _frame(
                flagged, ["hired_on", "institution", "quota_type", "people", "doc_no", "note"], {"quota_type": _type}
            ),
            hide_index=True,
        )
    if mixed:
        st.warning(t("staffing.alert.mixed", n=len(mixed)))
        st.dataframe(
            _frame(
                mixed, ["institution", "person", "quota_type", "post_type"], {"quota_type": _type, "post_type": _post}
            ),
            hide_index=True,
        )
    vacant = vacancies(led)
    with st.expander(t("staffing.vacancies", n=sum(v["vacant"] for v in vacant))):
        st.dataframe(
            _frame(
                vacant,
                ["name", "field", "quota_type", "quota", "actual", "vacant"],
                {"field": _field, "quota_type": _type},
            ),
            hide_index=True,
        )


def _decision_table(rows: list[dict[str, Any]]) -> None:
    frame = pd.DataFrame(rows)
    frame["kind"] = frame["kind"].map(lambda k: t(f"staffing.kind.{k}"))
    frame["ideas"] = frame["ideas"].map(lambda ideas: "、".join(t(f"idea.{i}") for i in ideas))
    frame["summary"] = [_summary(r) for r in rows]
    frame["recorded_by"] = frame["recorded_by"].map(_names(ledger(), frame["recorded_by"]))
    shown = frame[["decided_on", "kind", "doc_no", "institution", "summary", "reason", "ideas", "recorded_by"]]
    st.dataframe(shown.rename(columns={c: t(f"staffing.col.{c}") for c in shown.columns}), hide_index=True)


def _summary(row: dict[str, Any]) -> str:
    d = row["detail"]
    kind = row["kind"]
    if kind == "established":
        return t("staffing.summary.established", quota=sum(d["quota"].values()))
    if kind == "abolished":
        return t("staffing.summary.abolished", quota=sum(d["quota"].values()))
    if kind == "merged":
        return t(
            "staffing.summary.merged", merged="、".join(d["merged"]), quota=sum(d["quota"].values()), people=d["people"]
        )
    if kind == "reallocated":
        return t(
            "staffing.summary.reallocated", source=d["from"], amount=d["amount"], quota_type=_type(d["quota_type"])
        )
    if kind == "quota_adjusted":
        return t("staffing.summary.quota_adjusted", delta=f"{d['delta']:+d}", quota_type=_type(d["quota_type"]))
    if kind == "renamed":
        return t("staffing.summary.renamed", previous=d["previous"])
    if kind in ("total_adjusted", "registered"):
        return t("staffing.summary.total", total=d["total_quota"])
    return ""


# --- decisions ------------------------------------------------------------------------------


DECISION_TABS = "stf_decisions_tab"
"""The session-state key of 设撤合与调整's open tab (its label)."""


def decisions_page() -> None:
    led = ledger()
    st.title(t("staffing.decisions.title"))
    j = jurisdiction(led)
    if j is None:
        _register_form(led)
        return
    s = summary(led)
    st.caption(
        t(
            "staffing.decisions.caption",
            name=as_text(j["name"]),
            total=s["total"],
            allocated=s["allocated"],
            headroom=s["headroom"],
        )
    )
    rows = institutions(led)
    pending = proposals(led, "pending")
    st.caption(t("staffing.proposals.how"))
    drawn_tabs(
        [
            (t("staffing.tab.pending", n=len(pending)), lambda: _pending(led, pending)),
            (t("staffing.tab.proposals"), lambda: _proposal_record(led)),
            (t("staffing.tab.establish"), lambda: _establish_form(led)),
            (t("staffing.tab.reallocate"), lambda: _reallocate_form(led, rows)),
            (t("staffing.tab.adjust"), lambda: _adjust_form(led, rows)),
            (t("staffing.tab.merge"), lambda: _merge_form(led, rows)),
            (t("staffing.tab.abolish"), lambda: _abolish_form(led, rows)),
            (t("staffing.tab.rename"), lambda: _rename_form(led, rows)),
            (t("staffing.tab.settings"), lambda: _settings_forms(led, j)),
        ],
        DECISION_TABS,
    )  # only the open tab is drawn
    st.subheader(t("staffing.recent_decisions"))
    recent = decisions(led, limit=30)
    if recent:
        _decision_table(recent)
    else:
        st.info(t("ui.none_yet"))


def _proposal_rows(led, rows: list[dict[str, Any]]) -> pd.DataFrame:
    names = _names(led, [r["proposed_by"] for r in rows] + [r["decided_by"] for r in rows])
    frame = pd.DataFrame(
        [
            {
                "proposed_on": r["proposed_at"][:10],
                "kind_label": t(f"staffing.proposal.{r['kind']}"),
                "institution": proposal_subject(led, r),
                "summary": _proposal_summary(r),
                "department": r["department"] or "",
                "proposed_by": names.get(r["proposed_by"], ""),
                "reason": r["details"].get("reason", ""),
                "status": t(f"staffing.status.{r['status']}"),
                "decided_by": names.get(r["decided_by"], ""),
                "doc_no": r["doc_no"] or "",
                "approval_file": "、".join(e["name"] for e in r["evidence"]),
                "return_reason": r["return_reason"] or "",
            }
            for r in rows
        ],
        columns=[
            "proposed_on",
            "kind_label",
            "institution",
            "summary",
            "department",
            "proposed_by",
            "reason",
            "status",
            "decided_by",
            "doc_no",
            "approval_file",
            "return_reason",
        ],
    )
    return frame.rename(columns={c: t(f"staffing.col.{c}") for c in frame.columns})


def _proposal_summary(row: dict[str, Any]) -> str:
    d, kind = row["details"], row["kind"]
    if kind == "establish":
        posts = [
            t("staffing.summary.posts", category=t(f"staffing.post_category.{c}"), n=d.get(f"{c}_posts"))
            for c in POST_CATEGORIES
            if d.get(f"{c}_posts")
        ]
        quota = sum(d.get(f"{q}_quota") or 0 for q in QUOTA_TYPES)
        return "；".join([t("staffing.summary.established", quota=quota), *posts])
    if kind == "reallocate":
        return t("staffing.summary.moves", amount=d["amount"], quota_type=_type(d["quota_type"]))
    if kind == "adjust_quota":
        return t("staffing.summary.quota_adjusted", delta=f"{d['delta']:+d}", quota_type=_type(d["quota_type"]))
    if kind == "hire":
        how = [t(f"staffing.recruitment.{d['recruitment']}")] if d.get("recruitment") else []
        where = [t(f"staffing.level.{d['level']}")] if d.get("level") else []
        return "；".join(
            [t("staffing.summary.hire", names="、".join(d["names"]), quota_type=_type(d["quota_type"])), *how, *where]
        )
    if kind == "rename":
        return t("staffing.summary.rename", name=d["name"])
    if kind == "merge":
        return t("staffing.summary.merge")
    return t("staffing.summary.abolish")


def _pending(led, pending: list[dict[str, Any]]) -> None:
    """What awaits approval; a leader (never on their own proposal) approves with the document or returns it."""
    if not pending:
        st.info(t("staffing.pending.none"))
        return
    st.dataframe(_proposal_rows(led, pending), hide_index=True)
    me = actor()
    if not led.staffing.may_judge_proposals(me.role):
        st.caption(t("staffing.pending.leaders"))
        return
    theirs = {r["id"]: r for r in pending if r["proposed_by"] != me.account}
    if not theirs:
        st.caption(t("staffing.pending.only_own"))
        return
    labels = {
        i: " · ".join([t(f"staffing.proposal.{r['kind']}"), proposal_subject(led, r), r["department"] or ""])
        for i, r in theirs.items()
    }
    preselect("stf_pending_pick", list(labels))
    chosen = st.selectbox(
        t("staffing.pending.pick"),
        list(labels),
        format_func=labels.get,
        key="stf_pending_pick",
        placeholder=t("ui.choose"),
    )
    if chosen is None:
        return
    approve, give_back = st.columns(2)
    with approve, form("staffing_approve"):
        st.markdown(f"**{t('staffing.pending.approve')}**")
        doc_no = st.text_input(t("staffing.field.doc_no"), key="stf_apr_doc", placeholder=t("staffing.doc_no.hint"))
        decided_on = st.date_input(
            t("staffing.field.approved_on"), value=clock.today(), max_value=clock.today(), key="stf_apr_date"
        )
        files = st.file_uploader(
            t("staffing.field.approval_file"),
            accept_multiple_files=True,
            max_upload_size=MAX_EVIDENCE_MB,
            key="stf_apr_files",
        )
        if st.form_submit_button(t("staffing.pending.approve"), type="primary"):
            uploads = [Upload(f.name, f.getvalue()) for f in files or []]
            run(
                lambda: led.staffing.approve(
                    {"proposal_id": chosen, "doc_no": doc_no, "decided_on": decided_on}, actor(), uploads=uploads
                ),
                done="staffing.done.approved",
                once="staffing_approve",
                then=lambda outcome: outcome.get("over_quota") and announce("staffing.hire.flagged", kind="warning"),
            )
    with give_back, form("staffing_return"):
        st.markdown(f"**{t('staffing.pending.return')}**")
        reason = st.text_area(t("staffing.field.return_reason"), key="stf_ret_reason", height=120)
        if st.form_submit_button(t("staffing.pending.return")):
            run(
                lambda: led.staffing.return_proposal({"proposal_id": chosen, "reason": reason}, actor()),
                done="staffing.done.returned",
                once="staffing_return",
            )


def _proposal_record(led) -> None:
    """Every proposal and what became of it; one's own first, a returned one with the leader's reason."""
    me = actor()
    mine = proposals(led, proposed_by=me.account)
    returned = [r for r in mine if r["status"] == "returned"]
    if returned:
        st.warning(t("staffing.proposals.returned_to_you", n=len(returned)))
        for r in returned:
            st.text(
                t(
                    "staffing.proposals.returned_line",
                    kind=t(f"staffing.proposal.{r['kind']}"),
                    subject=proposal_subject(led, r),
                    reason=r["return_reason"] or "",
                )
            )
    only_mine = st.toggle(t("staffing.proposals.only_mine"), value=bool(mine), key="stf_prop_mine")
    rows = mine if only_mine else proposals(led)
    if rows:
        st.dataframe(_proposal_rows(led, rows), hide_index=True)
    else:
        st.info(t("ui.none_yet"))
    _approval_files(led, rows)


def _approval_files(led, rows: list[dict[str, Any]]) -> None:
    """Each approved proposal's 批复文件, beside its record: opened from the evidence store by its SHA-256."""
    filed = [(r, e) for r in rows if r["status"] == "approved" for e in r["evidence"]]
    if not filed:
        return
    with st.expander(t("staffing.proposals.files", n=len(filed))):
        for i, (r, e) in enumerate(filed):
            cols = st.columns([4, 2, 1])
            cols[0].text(f"{r['doc_no']} · {e['name']}")
            cols[1].caption(t("staffing.proposals.file_digest", digest=e["sha256"][:12] + "…"))
            store = files.store(led)
            if store.check(e["sha256"]) == "ok":
                cols[2].download_button(
                    t("staffing.proposals.open_file"),
                    store.read(e["sha256"]),
                    file_name=e["name"],
                    mime=e.get("media_type"),
                    key=f"stf_file_{r['id']}_{i}",
                )
            else:
                cols[2].caption(t("staffing.proposals.file_missing"))


def _register_form(led) -> None:
    st.info(t("staffing.no_jurisdiction"))
    with form("staffing_register"):
        name = st.text_input(t("staffing.field.jurisdiction"), value="阿勒泰地区", key="stf_reg_name")
        total = st.number_input(t("staffing.field.total_quota"), min_value=0, value=1000, step=10, key="stf_reg_total")
        cols = st.columns(2)
        doc_no = cols[0].text_input(t("staffing.field.doc_no"), key="stf_reg_doc")
        decided_on = cols[1].date_input(t("staffing.field.decided_on"), value=clock.today(), key="stf_reg_date")
        if st.form_submit_button(t("ui.submit"), type="primary"):
            if run(
                lambda: led.staffing.register_jurisdiction(
                    {"name": name, "total_quota": total, "doc_no": doc_no, "decided_on": decided_on}, actor()
                ),
                once="staffing_register",
            ):
                st.rerun()


def _establish_form(led) -> None:
    st.caption(t("staffing.establish.caption"))
    with form("staffing_establish"):
        name = st.text_input(t("staffing.field.name"), key="stf_est_name")
        cols = st.columns(2)
        kind = cols[0].selectbox(
            t("staffing.field.kind"),
            KINDS,
            format_func=lambda k: t(f"staffing.kind_name.{k}"),
            key="stf_est_kind",
            placeholder=t("ui.choose"),
        )
        field = cols[1].selectbox(
            t("staffing.field.field"), FIELDS, format_func=_field, key="stf_est_field", placeholder=t("ui.choose")
        )
        cols = st.columns(3)
        quota = {
            q: cols[i].number_input(t(f"staffing.quota_type.{q}"), min_value=0, value=0, step=1, key=f"stf_est_q_{q}")
            for i, q in enumerate(QUOTA_TYPES)
        }
        cols = st.columns(3)
        posts = {
            c: cols[i].number_input(
                t(f"staffing.posts.{c}"),
                min_value=0,
                value=0,
                step=1,
                key=f"stf_est_p_{c}",
                help=t("staffing.posts.help"),
            )
            for i, c in enumerate(POST_CATEGORIES)
        }
        decision = _grounds_inputs("stf_est")
        if st.form_submit_button(t("staffing.propose.submit"), type="primary"):
            _propose(
                "establish",
                {
                    "name": name,
                    "kind": kind,
                    "field": field,
                    **{f"{q}_quota": n for q, n in quota.items()},
                    **{f"{c}_posts": n for c, n in posts.items()},
                    **decision,
                },
                "staffing_establish",
            )


def _reallocate_form(led, rows) -> None:
    st.caption(t("staffing.reallocate.caption"))
    with form("staffing_reallocate"):
        cols = st.columns(2)
        with cols[0]:
            source = _institution_picker(t("staffing.field.from_id"), "stf_rea_from", rows)
        with cols[1]:
            target = _institution_picker(t("staffing.field.to_id"), "stf_rea_to", rows)
        cols = st.columns(2)
        quota_type = cols[0].selectbox(
            t("staffing.field.quota_type"),
            QUOTA_TYPES,
            format_func=_type,
            key="stf_rea_type",
            placeholder=t("ui.choose"),
        )
        amount = cols[1].number_input(t("staffing.field.amount"), min_value=0, value=1, step=1, key="stf_rea_amount")
        category = _category_input(st, "stf_rea_category")
        decision = _grounds_inputs("stf_rea")
        if st.form_submit_button(t("staffing.propose.submit"), type="primary"):
            _propose(
                "reallocate",
                {
                    "from_id": source,
                    "to_id": target,
                    "quota_type": quota_type,
                    "amount": amount,
                    "post_category": category,
                    **decision,
                },
                "staffing_reallocate",
            )


def _adjust_form(led, rows) -> None:
    st.caption(t("staffing.adjust.caption"))
    with form("staffing_adjust"):
        institution = _institution_picker(t("staffing.field.institution_id"), "stf_adj_inst", rows)
        cols = st.columns(2)
        quota_type = cols[0].selectbox(
            t("staffing.field.quota_type"),
            QUOTA_TYPES,
            format_func=_type,
            key="stf_adj_type",
            placeholder=t("ui.choose"),
        )
        delta = cols[1].number_input(t("staffing.field.delta"), value=0, step=1, key="stf_adj_delta")
        category = _category_input(st, "stf_adj_category")
        decision = _grounds_inputs("stf_adj")
        if st.form_submit_button(t("staffing.propose.submit"), type="primary"):
            _propose(
                "adjust_quota",
                {
                    "institution_id": institution,
                    "quota_type": quota_type,
                    "delta": delta,
                    "post_category": category,
                    **decision,
                },
                "staffing_adjust",
            )


def _merge_form(led, rows) -> None:
    st.caption(t("staffing.merge.caption"))
    with form("staffing_merge"):
        merged = _institution_picker(t("staffing.field.merged_ids"), "stf_mrg_from", rows, multi=True)
        mode = st.radio(
            t("staffing.merge.into"),
            ("existing", "new"),
            horizontal=True,
            format_func=lambda m: t(f"staffing.merge.{m}"),
            key="stf_mrg_mode",
        )
        into = _institution_picker(t("staffing.field.into_id"), "stf_mrg_into", rows)
        cols = st.columns(3)
        new_name = cols[0].text_input(t("staffing.field.new_name"), key="stf_mrg_name")
        new_kind = cols[1].selectbox(
            t("staffing.field.kind"),
            KINDS,
            key="stf_mrg_kind",
            format_func=lambda k: t(f"staffing.kind_name.{k}"),
            placeholder=t("ui.choose"),
        )
        new_field = cols[2].selectbox(
            t("staffing.field.field"), FIELDS, format_func=_field, key="stf_mrg_field", placeholder=t("ui.choose")
        )
        decision = _grounds_inputs("stf_mrg")
        if st.form_submit_button(t("staffing.propose.submit"), type="primary"):
            command = {"merged_ids": merged, **decision}
            if mode == "existing":
                command["into_id"] = into
            else:
                command.update(new_name=new_name, new_kind=new_kind, new_field=new_field)
            _propose("merge", command, "staffing_merge")


def _abolish_form(led, rows) -> None:
    st.caption(t("staffing.abolish.caption"))
    with form("staffing_abolish"):
        institution = _institution_picker(t("staffing.field.institution_id"), "stf_abo_inst", rows)
        decision = _grounds_inputs("stf_abo")
        if st.form_submit_button(t("staffing.propose.submit"), type="primary"):
            _propose("abolish", {"institution_id": institution, **decision}, "staffing_abolish")


def _rename_form(led, rows) -> None:
    with form("staffing_rename"):
        institution = _institution_picker(t("staffing.field.institution_id"), "stf_ren_inst", rows)
        name = st.text_input(t("staffing.field.new_name"), key="stf_ren_name")
        decision = _grounds_inputs("stf_ren")
        if st.form_submit_button(t("staffing.propose.submit"), type="primary"):
            _propose("rename", {"institution_id": institution, "name": name, **decision}, "staffing_rename")


def _settings_forms(led, j: dict[str, Any]) -> None:
    if not led.staffing.may(actor().role, "admin"):
        st.info(t("staffing.settings.admin_only"))
    st.caption(t("staffing.settings.policy_now", policy=t(f"staffing.policy.{j['policy']}")))
    with form("staffing_total"):
        st.markdown(f"**{t('staffing.settings.total')}**")
        total = st.number_input(
            t("staffing.field.total_quota"), min_value=0, value=int(j["total_quota"]), step=10, key="stf_tot_total"
        )
        decision = _decision_inputs("stf_tot")
        if st.form_submit_button(t("staffing.settings.total"), type="primary"):
            run(
                lambda: led.staffing.adjust_total_quota({"total_quota": total, **decision}, actor()),
                once="staffing_total",
            )
    with form("staffing_policy"):
        st.markdown(f"**{t('staffing.settings.policy')}**")
        policy = st.radio(
            t("staffing.field.policy"),
            OVER_QUOTA_POLICIES,
            horizontal=True,
            index=OVER_QUOTA_POLICIES.index(j["policy"]),
            format_func=lambda p: t(f"staffing.policy.{p}"),
            key="stf_pol_policy",
        )
        reason = st.text_input(t("staffing.field.reason"), key="stf_pol_reason")
        if st.form_submit_button(t("staffing.settings.policy")):
            run(
                lambda: led.staffing.set_over_quota_policy({"policy": policy, "reason": reason}, actor()),
                once="staffing_policy",
            )
    subfield_form(led, institutions(led))


# --- staff ----------------------------------------------------------------------------------


def staff_page() -> None:
    led = ledger()
    st.title(t("staffing.staff.title"))
    j = jurisdiction(led)
    if j is None:
        st.info(t("staffing.no_jurisdiction"))
        return
    st.caption(t("staffing.staff.caption", policy=t(f"staffing.policy.{j['policy']}")))
    rows = institutions(led)
    institution = _institution_picker(t("staffing.field.institution_id"), "stf_staff_inst", rows)
    chosen = next((r for r in rows if r["id"] == institution), None)
    if chosen:
        cols = st.columns(len(QUOTA_TYPES))
        for col, q in zip(cols, QUOTA_TYPES):
            drill.rows(  # opens the people on board it counts
                _type(q),
                f"{chosen[f'actual_{q}']} / {chosen[f'quota_{q}']}",
                lambda q=q: [
                    {
                        "id": p["id"],
                        "person": p["name"],
                        "post_type": t(f"staffing.post_type.{p['post_type']}"),
                        "hired_on": p["hired_on"],
                    }
                    for p in people(led, chosen["id"])
                    if p["quota_type"] == q
                ],
                key=f"stf_staff_figure_{q}",
                table=lambda rows: pd.DataFrame(rows, columns=["person", "post_type", "hired_on"]).rename(
                    columns=lambda c: t(f"staffing.col.{c}")
                ),
                where=col,
                help=t("staffing.staff.actual_of_quota"),
            )
    tabs = st.tabs([t("staffing.tab.hire"), t("staffing.tab.depart"), t("staffing.tab.post")])
    on_board = people(led, institution) if institution else []
    with tabs[0]:
        st.caption(t("staffing.hire.caption"))
        with form("staffing_hire"):
            cols = st.columns(2)
            quota_type = cols[0].selectbox(
                t("staffing.field.quota_type"),
                QUOTA_TYPES,
                format_func=_type,
                key="stf_hire_type",
                placeholder=t("ui.choose"),
            )
            post_type = cols[1].selectbox(
                t("staffing.field.post_type"),
                QUOTA_TYPES,
                format_func=_post,
                key="stf_hire_post",
                placeholder=t("ui.choose"),
            )
            cols = st.columns(2)
            recruitment = cols[0].selectbox(
                t("staffing.field.recruitment"),
                RECRUITMENT_METHODS,
                format_func=lambda m: t(f"staffing.recruitment.{m}"),
                key="stf_hire_recruitment",
                placeholder=t("ui.choose"),
            )
            level = cols[1].selectbox(
                t("staffing.field.level"),
                LEVELS,
                format_func=lambda v: t(f"staffing.level.{v}"),
                key="stf_hire_level",
                placeholder=t("ui.choose"),
            )
            names = st.text_area(t("staffing.field.names"), key="stf_hire_names", help=t("staffing.names.help"))
            note = st.text_input(t("staffing.field.note"), key="stf_hire_note")
            decision = _grounds_inputs("stf_hire")
            if st.form_submit_button(t("staffing.propose.submit"), type="primary"):
                _propose(
                    "hire",
                    {
                        "institution_id": institution,
                        "quota_type": quota_type,
                        "post_type": post_type,
                        "names": [n for n in names.splitlines() if n.strip()],
                        "recruitment": recruitment,
                        "level": level,
                        "note": note,
                        **decision,
                    },
                    "staffing_hire",
                )
    labels = {p["id"]: f"{p['name']} · {_type(p['quota_type'])} · {p['hired_on']}" for p in on_board}
    with tabs[1]:
        with form("staffing_depart"):
            person = st.selectbox(
                t("staffing.field.person_id"),
                list(labels),
                format_func=labels.get,
                key="stf_dep_person",
                index=0 if labels else None,
                placeholder=t("ui.choose"),
            )
            cols = st.columns(2)
            left_on = cols[0].date_input(t("staffing.field.left_on"), value=clock.today(), key="stf_dep_date")
            reason = cols[1].selectbox(
                t("staffing.field.leave_reason"),
                DEPARTURE_REASONS,
                format_func=lambda r: t(f"staffing.leave.{r}"),
                key="stf_dep_reason",
                placeholder=t("ui.choose"),
            )
            note = st.text_input(t("staffing.field.note"), key="stf_dep_note")
            if st.form_submit_button(t("staffing.tab.depart"), type="primary"):
                run(
                    lambda: led.staffing.record_departure(
                        {"person_id": person, "left_on": left_on, "reason": reason, "note": note}, actor()
                    ),
                    once="staffing_depart",
                )
    with tabs[2]:
        with form("staffing_post"):
            person = st.selectbox(
                t("staffing.field.person_id"),
                list(labels),
                format_func=labels.get,
                key="stf_post_person",
                index=0 if labels else None,
                placeholder=t("ui.choose"),
            )
            cols = st.columns(2)
            post_type = cols[0].selectbox(
                t("staffing.field.post_type"),
                QUOTA_TYPES,
                format_func=_post,
                key="stf_post_type",
                placeholder=t("ui.choose"),
            )
            changed_on = cols[1].date_input(t("staffing.field.changed_on"), value=clock.today(), key="stf_post_date")
            note = st.text_input(t("staffing.field.note"), key="stf_post_note")
            if st.form_submit_button(t("staffing.tab.post"), type="primary"):
                run(
                    lambda: led.staffing.change_post(
                        {"person_id": person, "post_type": post_type, "changed_on": changed_on, "note": note}, actor()
                    ),
                    once="staffing_post",
                )
    st.subheader(t("staffing.on_board"))
    on_board = people(led, institution) if institution else []
    if on_board:
        st.dataframe(
            _frame(
                on_board,
                ["name", "quota_type", "post_type", "hired_on", "recruitment", "level", "over_quota"],
                {
                    "quota_type": _type,
                    "post_type": _post,
                    "recruitment": _coded("staffing.recruitment"),
                    "level": _coded("staffing.level"),
                    "over_quota": lambda v: t("staffing.flag.over") if v else "",
                },
            ),
            hide_index=True,
        )
    else:
        st.info(t("ui.none_yet"))
    st.subheader(t("staffing.by_recruitment"))
    st.caption(t("staffing.by_recruitment.caption"))
    counted = hires_by_recruitment(led)
    if counted:
        st.dataframe(
            _frame(
                counted,
                ["recruitment", "level", "field", "people"],
                {
                    "recruitment": _coded("staffing.recruitment"),
                    "level": _coded("staffing.level"),
                    "field": _field,
                },
            ),
            hide_index=True,
        )
    else:
        st.info(t("ui.none_yet"))


# --- the talent plan ------------------------------------------------------------------------


def plan_page() -> None:
    led = ledger()
    st.title(t("staffing.plan.title"))
    j = jurisdiction(led)
    if j is None:
        st.info(t("staffing.no_jurisdiction"))
        return
    if j["plan_title"]:
        st.caption(as_text(j["plan_title"]))
    progress = talent_progress(led)
    if progress:
        frame = pd.DataFrame(progress)
        frame["label"] = [f"{_field(r['field'])} · {_type(r['quota_type'])}" for r in progress]
        st.altair_chart(
            alt.Chart(frame)
            .mark_bar()
            .encode(
                x=alt.X("progress:Q", title=t("staffing.col.progress"), axis=alt.Axis(format="%")),
                y=alt.Y("label:N", title=None, sort="x", axis=alt.Axis(labelLimit=240)),
                color=alt.condition(alt.datum.progress >= 1, alt.value("#2e7d32"), alt.value("#c62828")),
                tooltip=[
                    alt.Tooltip("label:N", title=t("staffing.col.field")),
                    alt.Tooltip("actual:Q", title=t("staffing.col.actual")),
                    alt.Tooltip("target:Q", title=t("staffing.col.target")),
                    alt.Tooltip("progress:Q", format=".0%", title=t("staffing.col.progress")),
                ],
            )
            + alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q"),
            width="stretch",
        )
        st.dataframe(
            _frame(
                progress,
                ["field", "quota_type", "target", "actual", "gap", "progress"],
                {"field": _field, "quota_type": _type, "progress": lambda p: f"{p:.0%}"},
            ),
            hide_index=True,
        )
    else:
        st.info(t("staffing.plan.none"))
    if led.staffing.may(actor().role, "admin"):
        _plan_form(led, j, progress)


def _plan_form(led, j: dict[str, Any], progress: list[dict[str, Any]]) -> None:
    """The plan's targets in an editable grid that reads in words: each field and quota type by its
    label, the columns by their headers; the labels are mapped back to the stored codes on save."""
    st.subheader(t("staffing.plan.set"))
    fields = {_field(f): f for f in FIELDS}
    types = {_type(q): q for q in QUOTA_TYPES}
    columns = {c: t(f"staffing.col.{c}") for c in ("field", "quota_type", "target")}
    current = pd.DataFrame(
        [
            {
                columns["field"]: _field(r["field"]),
                columns["quota_type"]: _type(r["quota_type"]),
                columns["target"]: r["target"],
            }
            for r in progress
        ],
        columns=list(columns.values()),
    )
    with form("staffing_plan"):
        title = st.text_input(t("staffing.field.plan_title"), value=j["plan_title"] or "", key="stf_plan_title")
        edited = st.data_editor(
            current,
            num_rows="dynamic",
            key=f"stf_plan_targets_{lang()}",  # the grid's columns are words of the reader's language
            hide_index=True,
            column_config={
                columns["field"]: st.column_config.SelectboxColumn(options=list(fields)),
                columns["quota_type"]: st.column_config.SelectboxColumn(options=list(types)),
                columns["target"]: st.column_config.NumberColumn(min_value=0, step=1),
            },
        )
        reason = st.text_input(t("staffing.field.reason"), key="stf_plan_reason")
        if st.form_submit_button(t("staffing.plan.set"), type="primary"):
            targets = [_target(row, columns, fields, types) for row in edited.to_dict("records")]
            run(
                lambda: led.staffing.set_talent_plan({"title": title, "targets": targets, "reason": reason}, actor()),
                once="staffing_plan",
            )


def _target(row: dict[str, Any], columns: dict[str, str], fields: dict[str, str], types: dict[str, str]) -> dict:
    """One row of the grid as the command takes it: labels back to codes, an empty cell to None."""
    value = {c: (None if pd.isna(row.get(header)) else row.get(header)) for c, header in columns.items()}
    return {
        "field": fields.get(value["field"]),
        "quota_type": types.get(value["quota_type"]),
        "target": value["target"],
    }
