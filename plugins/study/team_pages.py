"""The four-strong team's pages: notebook, annual paper, training and tours, evaluations,
scoring rules, and a cadre's profile. Thin: gather input, call a service, draw query results."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import altair as alt
import pandas as pd
import streamlit as st

from plugins.people.ui import cadre_picker
from dashboard.chrome import actor, lang, ledger, period_picker, show_error, t
from domain.errors import InvalidCommand, LedgerError
from domain.vocabulary import FOUR_STRONG
from plugins.study import team_queries as q
from plugins.study.domain import NOTE_KINDS, PAPER_GRADES, PAPER_KINDS, TRAINING_LEVELS
from plugins.study.projections import Period, recent_entries
from plugins.study.rules import DEFAULT_RULE, WEIGHT_KEYS
from plugins.study.scoring import RuleBook, compare_rules, published_rules, quarter_of, recent_periods, team_scores


def _show_error(exc: LedgerError) -> None:
    """As chrome.show_error, but a field this plugin names differently from the core's
    (a notebook entry's `title` is not an activity's) gets its own label."""
    if not isinstance(exc, InvalidCommand):
        show_error(exc)
        return
    catalog = ledger().catalog
    lines = [t("error.invalid")]
    for field, key, params in exc.errors:
        label = next((t(k) for k in (f"team.field.{field}", f"field.{field}") if catalog.has(lang(), k)), field)
        lines.append(f"- {label}：{t(key, **params)}")
    st.error("\n".join(lines))


def _attempt(action, success: str = "ui.saved") -> bool:
    try:
        action()
    except LedgerError as exc:
        _show_error(exc)
        return False
    st.success(t(success))
    return True


def _is_leader() -> bool:
    return actor().role in ("leader", "admin")


def _table(frame: pd.DataFrame | list, columns: list[str], prefix: str = "team.col") -> None:
    """A read-only table with translated headers (user text stays text)."""
    frame = pd.DataFrame(frame, columns=columns) if not isinstance(frame, pd.DataFrame) else frame[columns]
    st.dataframe(frame.rename(columns={c: t(f"{prefix}.{c}") for c in columns}), hide_index=True,
                 width="stretch")


def _cadre_names() -> dict[str, str]:
    today = date.today()
    return {c["id"]: f"{c['name']}（{c['department']}）" for c in q.active_cadres(ledger(), today, today)}


# --- 学记一本 -------------------------------------------------------------------------

def notebook_page() -> None:
    led = ledger()
    st.title(t("notebook.title"))
    st.caption(t("notebook.caption"))
    cadre = cadre_picker(t("field.cadre_id"), key="notebook_cadre")
    if cadre and actor().role != "auditor":
        with st.form("write_note", clear_on_submit=True):
            cols = st.columns(2)
            occurred_on = cols[0].date_input(t("field.occurred_on"), value=date.today(), key="note_date")
            kind = cols[1].radio(t("field.note_kind"), NOTE_KINDS, format_func=lambda k: t(f"notebook.kind.{k}"),
                                 horizontal=True, key="note_kind")
            title = st.text_input(t("field.note_title"), key="note_title")
            text = st.text_area(t("field.text"), height=200, key="note_text")
            studies = {e["id"]: f"{e['occurred_on']} · {e['material'][:30]}" for e in recent_entries(led, cadre)
                       if not e["withdrawn"]}
            study = st.selectbox(t("field.study_entry_id"), [None, *studies],
                                 format_func=lambda i: t("notebook.no_study") if i is None else studies[i], key="note_study")
            if st.form_submit_button(t("ui.submit"), type="primary"):
                _attempt(lambda: led.notebook.write({"cadre_id": cadre, "occurred_on": occurred_on, "kind": kind,
                                                     "title": title, "text": text, "study_entry_id": study}, actor()))

    book_tab, search_tab, summary_tab = st.tabs([t("notebook.book"), t("notebook.search"), t("notebook.summary")])
    with book_tab:
        entries = q.notebook(led, cadre) if cadre else []
        cols = st.columns(2)
        cols[0].metric(t("notebook.metric.entries"), len(entries))
        cols[1].metric(t("notebook.metric.characters"), sum(e["length"] for e in entries))
        if not entries:
            st.info(t("ui.none_yet"))
        for entry in entries:
            with st.container(border=True):
                st.caption(t("notebook.entry_caption", date=entry["occurred_on"], kind=t(f"notebook.kind.{entry['kind']}"),
                             length=entry["length"]))
                st.text(entry["title"])
                st.text(entry["text"])
                if entry["study_material"]:
                    st.text(t("notebook.on_study", material=entry["study_material"]))
        if entries and actor().role != "auditor":
            with st.expander(t("notebook.withdraw")):
                labels = {e["id"]: f"{e['occurred_on']} · {e['title'][:30]}" for e in entries}
                chosen = st.selectbox(t("study.correct.which"), list(labels), format_func=labels.get, key="note_pick")
                reason = st.text_input(t("ui.reason"), key="note_reason")
                if st.button(t("ui.withdraw"), key="note_withdraw"):
                    version = next(e["version"] for e in entries if e["id"] == chosen)
                    _attempt(lambda: led.notebook.withdraw(UUID(chosen), {"reason": reason}, actor(), version=version))
    with search_tab:
        words = st.text_input(t("notebook.search_for"), key="note_search")
        if words.strip():
            hits = q.search_notebooks(led, words)
            st.caption(t("notebook.hits", n=len(hits)))
            for hit in hits:
                hit["kind"] = t(f"notebook.kind.{hit['kind']}")
                hit["excerpt"] = hit["text"][:80]
            _table(hits, ["occurred_on", "name", "kind", "title", "excerpt", "length"])
    with summary_tab:
        year_start = date(date.today().year, 1, 1)
        summary = q.notebook_summary(led, year_start, date.today())
        _table(summary.sort_values("entries", ascending=False), ["name", "department", "entries", "characters"])


# --- 年撰一文 -------------------------------------------------------------------------

def paper_page() -> None:
    led = ledger()
    st.title(t("paper.title"))
    st.caption(t("paper.caption"))
    year = int(st.number_input(t("field.year"), value=date.today().year, min_value=2000,
                               max_value=date.today().year + 1, step=1, key="paper_year"))
    cadre = cadre_picker(t("field.cadre_id"), key="paper_cadre")
    paper = q.paper_of(led, cadre, year) if cadre else None
    writer = actor().role != "auditor"
    if cadre and paper is None and writer:
        with st.form("draft_paper"):
            kind = st.radio(t("field.paper_kind"), PAPER_KINDS, format_func=lambda k: t(f"paper.kind.{k}"),
                            horizontal=True, key="paper_kind")
            title = st.text_input(t("field.paper_title"), key="paper_title")
            abstract = st.text_area(t("field.abstract"), key="paper_abstract")
            if st.form_submit_button(t("paper.draft"), type="primary"):
                if _attempt(lambda: led.papers.draft({"cadre_id": cadre, "year": year, "kind": kind, "title": title,
                                                      "abstract": abstract}, actor())):
                    paper = q.paper_of(led, cadre, year)
    if paper:
        _paper_card(paper, writer)

    st.divider()
    st.subheader(t("paper.year_overview", year=year))
    table = q.papers_of_year(led, year)
    cols = st.columns(3)
    cols[0].metric(t("team.metric.paper_rate"), f"{(~table['missing']).mean():.0%}" if len(table) else "–")
    cols[1].metric(t("paper.metric.submitted"), f"{int((~table['missing']).sum())} / {len(table)}")
    cols[2].metric(t("paper.metric.excellent"), int((table["grade"] == "excellent").sum()))
    shown = table.assign(state=table["state"].map(lambda s: t(f"paper.state.{s}") if isinstance(s, str) else t("paper.state.none")),
                         kind=table["kind"].map(lambda k: t(f"paper.kind.{k}") if isinstance(k, str) else ""),
                         grade=table["grade"].map(lambda g: t(f"paper.grade.{g}") if isinstance(g, str) else ""),
                         title=table["title"].fillna(""), reviewer=table["reviewer"].fillna(""))
    _table(shown, ["name", "department", "kind", "title", "state", "grade", "reviewer"])
    st.subheader(t("paper.missing"))
    missing = shown[table["missing"]]
    if missing.empty:
        st.success(t("paper.nobody_missing"))
    else:
        _table(missing, ["name", "department", "state"])


def _paper_card(paper: dict, writer: bool) -> None:
    led = ledger()
    paper_id, version = UUID(paper["id"]), paper["version"]
    with st.container(border=True):
        st.caption(t("paper.card_caption", kind=t(f"paper.kind.{paper['kind']}"), state=t(f"paper.state.{paper['state']}")))
        st.text(paper["title"])
        if paper["abstract"]:
            st.text(paper["abstract"])
        if paper["grade"]:
            st.metric(t("field.grade"), t(f"paper.grade.{paper['grade']}"))
            st.text(t("paper.review_by", reviewer=paper["reviewer"], on=paper["reviewed_on"]))
            st.text(paper["comment"] or "")
        if paper["venue"]:
            st.text(t("paper.published_in", venue=paper["venue"]))
    if not writer:
        return
    state = paper["state"]
    if state == "draft" and st.button(t("paper.submit"), type="primary", key="paper_submit"):
        if _attempt(lambda: led.papers.submit(paper_id, actor(), version=version)):
            st.rerun()
    if state == "submitted" and _is_leader():
        with st.form("review_paper"):
            grade = st.radio(t("field.grade"), PAPER_GRADES, format_func=lambda g: t(f"paper.grade.{g}"),
                             horizontal=True, key="paper_grade")
            comment = st.text_area(t("field.comment"), key="paper_comment")
            if st.form_submit_button(t("paper.review"), type="primary"):
                if _attempt(lambda: led.papers.review(paper_id, {"grade": grade, "comment": comment}, actor(),
                                                      version=version)):
                    st.rerun()
    if state == "reviewed" and paper["grade"] != "fail" and _is_leader():
        if st.button(t("paper.recommend"), key="paper_recommend"):
            if _attempt(lambda: led.papers.recommend(paper_id, {}, actor(), version=version)):
                st.rerun()
    if state in ("reviewed", "recommended") and paper["grade"] != "fail":
        with st.form("publish_paper"):
            venue = st.text_input(t("field.venue"), key="paper_venue")
            if st.form_submit_button(t("paper.publish")):
                if _attempt(lambda: led.papers.publish(paper_id, {"venue": venue}, actor(), version=version)):
                    st.rerun()


# --- 业务培训 and 赴外考察学习 ---------------------------------------------------------

def training_page() -> None:
    led = ledger()
    st.title(t("training.title"))
    sessions_tab, tours_tab = st.tabs([t("training.sessions"), t("training.tours")])
    names = _cadre_names()
    writer = actor().role != "auditor"
    with sessions_tab:
        if writer:
            with st.expander(t("training.record"), expanded=False):
                with st.form("record_training"):
                    title = st.text_input(t("field.training_title"), key="training_title")
                    cols = st.columns(3)
                    organiser = cols[0].text_input(t("field.organiser"), key="training_organiser")
                    level = cols[1].selectbox(t("field.level"), TRAINING_LEVELS,
                                              format_func=lambda lv: t(f"training.level.{lv}"), key="training_level")
                    hours = cols[2].number_input(t("field.hours"), value=8.0, min_value=0.0, step=0.5, key="training_hours")
                    cols = st.columns(3)
                    start = cols[0].date_input(t("field.start_on"), value=date.today(), key="training_start")
                    end = cols[1].date_input(t("field.end_on"), value=date.today(), key="training_end")
                    audience = cols[2].text_input(t("field.audience"), key="training_audience")
                    attendees = st.multiselect(t("field.attendees"), list(names), format_func=names.get,
                                               key="training_attendees")
                    if st.form_submit_button(t("ui.submit"), type="primary"):
                        _attempt(lambda: led.training.record_session(
                            {"title": title, "organiser": organiser, "level": level, "occurred_on": start, "end_on": end,
                             "hours": hours, "audience": audience, "attendees": attendees}, actor()))
        year = date.today().year
        sessions = q.training_sessions(led, date(year, 1, 1), date(year, 12, 31))
        for s in sessions:
            s["level"] = t(f"training.level.{s['level']}")
        st.subheader(t("training.held", year=year))
        if sessions:
            _table(sessions, ["occurred_on", "end_on", "title", "organiser", "level", "hours", "attendees"])
        else:
            st.info(t("ui.none_yet"))
        hours = q.training_hours(led, date(year, 1, 1), date.today())
        st.subheader(t("training.hours_per_cadre", year=year))
        if len(hours):
            st.altair_chart(alt.Chart(hours).mark_bar().encode(
                x=alt.X("hours:Q", title=t("team.col.hours")),
                y=alt.Y("name:N", title=None, sort="-x"),
                color=alt.Color("department:N", title=t("ui.department")),
                tooltip=[alt.Tooltip("name:N", title=t("team.col.name")),
                         alt.Tooltip("hours:Q", title=t("team.col.hours")),
                         alt.Tooltip("sessions:Q", title=t("team.col.sessions"))],
            ), width="stretch")
    with tours_tab:
        if writer:
            with st.expander(t("training.record_tour")):
                with st.form("record_tour"):
                    destination = st.text_input(t("field.destination"), key="tour_destination")
                    purpose = st.text_area(t("field.purpose"), key="tour_purpose")
                    cols = st.columns(2)
                    start = cols[0].date_input(t("field.start_on"), value=date.today(), key="tour_start")
                    end = cols[1].date_input(t("field.end_on"), value=date.today(), key="tour_end")
                    members = st.multiselect(t("field.members"), list(names), format_func=names.get, key="tour_members")
                    if st.form_submit_button(t("ui.submit"), type="primary"):
                        _attempt(lambda: led.training.record_tour(
                            {"destination": destination, "purpose": purpose, "occurred_on": start, "end_on": end,
                             "members": members}, actor()))
        tours = q.study_tours(led)
        if not tours:
            st.info(t("ui.none_yet"))
        for tour in tours:
            with st.container(border=True):
                st.caption(t("training.tour_caption", start=tour["occurred_on"], end=tour["end_on"]))
                st.text(tour["destination"])
                st.text(t("training.tour_members", members=tour["members"]))
                if tour["purpose"]:
                    st.text(tour["purpose"])
                if tour["report"]:
                    with st.expander(t("training.report", length=tour["report_length"])):
                        st.text(tour["report_title"])
                        st.text(tour["report"])
                elif writer:
                    with st.form(f"report_{tour['id']}"):
                        title = st.text_input(t("field.report_title"), key=f"report_title_{tour['id']}")
                        text = st.text_area(t("field.report"), key=f"report_text_{tour['id']}")
                        if st.form_submit_button(t("training.file_report")):
                            _attempt(lambda: led.training.file_report(UUID(tour["id"]), {"title": title, "text": text},
                                                                      actor(), version=tour["version"]))


# --- 四强测评 -------------------------------------------------------------------------

def evaluation_page() -> None:
    led = ledger()
    st.title(t("evaluation.title"))
    st.caption(t("evaluation.caption"))
    periods = recent_periods()
    names = _cadre_names()
    if _is_leader():
        with st.expander(t("evaluation.score"), expanded=True):
            with st.form("score_cadre"):
                cols = st.columns(2)
                cadre = cols[0].selectbox(t("field.cadre_id"), list(names), format_func=names.get, key="eval_cadre")
                period = cols[1].selectbox(t("field.period"), periods, index=periods.index(quarter_of(date.today())),
                                           key="eval_period")
                cols = st.columns(4)
                scores = {d: col.number_input(t(f"strong.{d}"), min_value=0, max_value=100, value=85, step=1,
                                              key=f"eval_{d}") for d, col in zip(FOUR_STRONG, cols)}
                comment = st.text_area(t("field.comment"), key="eval_comment")
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    _attempt(lambda: led.four_strong.score({"cadre_id": cadre, "period": period, **scores,
                                                            "comment": comment}, actor()))
    if actor().role != "auditor":
        with st.expander(t("evaluation.self")):
            with st.form("self_assess"):
                cols = st.columns(2)
                cadre = cols[0].selectbox(t("field.cadre_id"), list(names), format_func=names.get, key="self_cadre")
                period = cols[1].selectbox(t("field.period"), periods, key="self_period")
                text = st.text_area(t("field.self_text"), key="self_text")
                if st.form_submit_button(t("ui.submit")):
                    _attempt(lambda: led.four_strong.self_assess({"cadre_id": cadre, "period": period, "text": text},
                                                                 actor()))

    by_cadre, by_department = st.tabs([t("evaluation.by_cadre"), t("evaluation.by_department")])
    with by_cadre:
        cadre = cadre_picker(t("field.cadre_id"), key="eval_view_cadre")
        history = q.evaluations(led, cadre_id=cadre) if cadre else pd.DataFrame()
        if history.empty:
            st.info(t("ui.none_yet"))
        else:
            _evaluation_chart(history)
            _table(history, ["period", "evaluator", *FOUR_STRONG, "average", "comment", "occurred_on"])
    with by_department:
        scored = q.evaluation_periods(led)
        if not scored:
            st.info(t("ui.none_yet"))
        else:
            period = st.selectbox(t("field.period"), scored, key="eval_dept_period")
            means = q.department_dimensions(led, period)
            means["dimension"] = means["dimension"].map(lambda d: t(f"strong.{d}"))
            st.altair_chart(alt.Chart(means).mark_bar().encode(
                x=alt.X("department:N", title=None),
                xOffset=alt.XOffset("dimension:N", sort=_dimension_order()),
                y=alt.Y("score:Q", title=t("evaluation.score_axis"), scale=alt.Scale(domain=[0, 100])),
                color=alt.Color("dimension:N", title=t("evaluation.dimension"), sort=_dimension_order()),
                tooltip=[alt.Tooltip("department:N", title=t("ui.department")),
                         alt.Tooltip("dimension:N", title=t("evaluation.dimension")),
                         alt.Tooltip("score:Q", title=t("evaluation.score_axis"))],
            ), width="stretch")
            _table(q.evaluations(led, period=period), ["name", "department", "evaluator", *FOUR_STRONG, "average"])


def _evaluation_chart(history: pd.DataFrame) -> None:
    long = history.groupby("period", sort=False)[list(FOUR_STRONG)].mean().reset_index() \
        .melt(id_vars="period", var_name="dimension", value_name="score")
    long["dimension"] = long["dimension"].map(lambda d: t(f"strong.{d}"))
    st.altair_chart(alt.Chart(long).mark_bar().encode(
        x=alt.X("period:N", title=t("field.period"), sort=list(dict.fromkeys(history["period"]))),
        xOffset=alt.XOffset("dimension:N", sort=_dimension_order()),
        y=alt.Y("score:Q", title=t("evaluation.score_axis"), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("dimension:N", title=t("evaluation.dimension"), sort=_dimension_order()),
        tooltip=[alt.Tooltip("period:N", title=t("field.period")),
                 alt.Tooltip("dimension:N", title=t("evaluation.dimension")),
                 alt.Tooltip("score:Q", title=t("evaluation.score_axis"), format=".1f")],
    ), width="stretch")


def _dimension_order() -> list[str]:
    return [t(f"strong.{d}") for d in FOUR_STRONG]


# --- 积分规则 -------------------------------------------------------------------------

def rules_page() -> None:
    led = ledger()
    st.title(t("rules.title"))
    st.caption(t("rules.caption"))
    rules = published_rules(led)
    in_force = RuleBook(rules).in_force(date.today())
    st.subheader(t("rules.versions"))
    versions = [DEFAULT_RULE, *rules]
    rows = [{"version": r.version, "name": t("rules.default") if r.id is None else r.name,
             "effective_from": "—" if r.id is None else r.effective_from, "target": r.daily_target_minutes,
             **{f"credit_{k}": v for k, v in r.credits.items()},
             **{f"weight_{k}": r.weights.get(k, 0.0) for k in WEIGHT_KEYS},
             "in_force": "✓" if r == in_force else ""} for r in versions]
    _table(rows, list(rows[0]), prefix="rules.col")

    if _is_leader():
        with st.expander(t("rules.publish")):
            with st.form("publish_rules"):
                cols = st.columns(2)
                name = cols[0].text_input(t("field.rule_name"), key="rule_name")
                effective = cols[1].date_input(t("field.effective_from"), value=date.today() + timedelta(days=1),
                                               key="rule_effective")
                target = st.number_input(t("field.daily_target_minutes"), value=in_force.daily_target_minutes,
                                         min_value=1, max_value=600, key="rule_target")
                cols = st.columns(3)
                credits = {f"credit_{k}": cols[i].number_input(t(f"rules.col.credit_{k}"), value=float(v), min_value=0.0,
                                                               key=f"rule_credit_{k}")
                           for i, (k, v) in enumerate(in_force.credits.items())}
                cols = st.columns(4)
                paper = {f"paper_{g}": cols[i].number_input(t(f"paper.grade.{g}"), value=float(in_force.paper_credits.get(g, 0)),
                                                            min_value=0.0, key=f"rule_paper_{g}")
                         for i, g in enumerate(PAPER_GRADES)}
                cols = st.columns(len(WEIGHT_KEYS))
                weights = {f"weight_{k}": cols[i].number_input(t(f"rules.col.weight_{k}"), value=float(in_force.weights.get(k, 0)),
                                                               min_value=0.0, max_value=1.0, step=0.05, key=f"rule_weight_{k}")
                           for i, k in enumerate(WEIGHT_KEYS)}
                note = st.text_area(t("field.note"), key="rule_note")
                if st.form_submit_button(t("rules.publish"), type="primary"):
                    _attempt(lambda: led.study_rules.publish({"name": name, "effective_from": effective,
                                                              "daily_target_minutes": target, **credits, **paper,
                                                              **weights, "note": note}, actor()))

    st.subheader(t("rules.compare"))
    kind, anchor = period_picker("rules")
    period = Period.containing(kind, anchor)
    labels = {r.version: (t("rules.default") if r.id is None else f"v{r.version} · {r.name}") for r in versions}
    cols = st.columns(2)
    a = cols[0].selectbox(t("rules.version_a"), list(labels), format_func=labels.get,
                          index=max(0, len(labels) - 2), key="rules_a")
    b = cols[1].selectbox(t("rules.version_b"), list(labels), format_func=labels.get, index=len(labels) - 1,
                          key="rules_b")
    side = compare_rules(led, period.start, period.end, versions[a], versions[b])
    st.caption(t("rules.compare_caption", start=period.start, end=period.end))
    cols = st.columns(2)
    for col, suffix, version in ((cols[0], "a", a), (cols[1], "b", b)):
        met = (side[f"days_met_{suffix}"] >= side["rule_days"]).mean() if len(side) else 0
        col.metric(t("rules.share_under", version=labels[version]), f"{met:.0%}")
        col.metric(t("rules.score_under", version=labels[version]), f"{side[f'score_{suffix}'].mean():.1f}" if len(side) else "–")
    _table(side, ["name", "department", "rule_days", "days_met_a", "days_met_b", "score_a", "score_b", "change"],
           prefix="rules.col")
    st.subheader(t("rules.in_force_results"))
    _table(team_scores(led, period.start, period.end), ["name", "department", *WEIGHT_KEYS, "score"], prefix="rules.col")


# --- 个人档案 -------------------------------------------------------------------------

def profile_page() -> None:
    led = ledger()
    st.title(t("profile.title"))
    cadre = cadre_picker(t("field.cadre_id"), key="profile_cadre")
    if not cadre:
        st.info(t("ui.none_yet"))
        return
    p = q.profile(led, cadre)
    st.caption(t("profile.caption", department=p["cadre"]["department"], position=p["cadre"]["position"] or "—"))
    paper = p["paper"]
    cols = st.columns(6)
    cols[0].metric(t("profile.streak"), t("profile.days", n=p["streak"]))
    cols[1].metric(t("profile.minutes_month"), p["minutes_month"])
    cols[2].metric(t("profile.minutes_year"), p["minutes_year"])
    cols[3].metric(t("notebook.metric.entries"), len(p["notebook"]))
    cols[4].metric(t("profile.paper"), t(f"paper.state.{paper['state']}") if paper else t("paper.state.none"))
    cols[5].metric(t("profile.training_hours"), f"{p['training_hours']:g}")

    daily = p["daily"]
    if not daily.empty:
        st.subheader(t("profile.daily"))
        base = alt.Chart(daily).encode(x=alt.X("occurred_on:T", title=None))
        st.altair_chart(base.mark_bar().encode(y=alt.Y("minutes:Q", title=t("study.col.minutes")),
                                               tooltip=[alt.Tooltip("occurred_on:T", title=t("team.col.occurred_on")),
                                                        alt.Tooltip("minutes:Q", title=t("study.col.minutes"))])
                        + base.mark_line(color="red", interpolate="step-after").encode(y="target:Q"), width="stretch")

    notebook_col, paper_col = st.columns(2)
    with notebook_col:
        st.subheader(t("profile.notebook"))
        if not p["notebook"]:
            st.info(t("ui.none_yet"))
        for entry in reversed(p["notebook"][-5:]):
            with st.expander(f"{entry['occurred_on']} · {t('notebook.kind.' + entry['kind'])} · {entry['length']}"):
                st.text(entry["title"])
                st.text(entry["text"])
    with paper_col:
        st.subheader(t("profile.paper_year", year=date.today().year))
        if paper:
            _paper_card(paper, writer=False)
        else:
            st.warning(t("profile.no_paper"))

    st.subheader(t("profile.training"))
    if p["training"]:
        training = [{**s, "level": t(f"training.level.{s['level']}")} for s in p["training"]]
        _table(training, ["occurred_on", "title", "organiser", "level", "hours"])
    else:
        st.info(t("ui.none_yet"))
    for tour in p["tours"]:
        st.text(t("profile.tour", destination=tour["destination"], start=tour["occurred_on"], end=tour["end_on"]))

    st.subheader(t("profile.evaluations"))
    if p["evaluations"].empty:
        st.info(t("ui.none_yet"))
    else:
        _evaluation_chart(p["evaluations"])
        _table(p["evaluations"], ["period", "evaluator", *FOUR_STRONG, "average", "comment"])
    for own in p["self_assessments"]:
        with st.expander(t("profile.self", period=own["period"])):
            st.text(own["text"])
