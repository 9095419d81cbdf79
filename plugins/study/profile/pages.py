"""A cadre's profile: streak and minutes, notebook, the year's paper, training and tours, evaluations
and self-assessments, each shown in its record's words."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import streamlit as st

from dashboard.chrome import as_text, ledger, t
from domain import clock
from domain.vocabulary import FOUR_STRONG
from plugins.overview import drill
from plugins.people.ui import cadre_picker, me
from plugins.study.evaluation.pages import evaluation_chart
from plugins.study.paper.pages import paper_card
from plugins.study.profile.queries import profile
from plugins.study.ui import headed, reads, table

PRIVATE = ("notebook", "paper", "evaluation", "self_assessment")
"""What a profile shows only to those who read that cadre's records of that kind (`rights.RECORDS`)."""

ENTRIES = headed(["occurred_on", "minutes", "material", "mode"], "study.daily")
"""How the study entries a profile figure counts read."""


def profile_page() -> None:
    led = ledger()
    st.title(t("study.profile.title"))
    cadre = cadre_picker(t("field.cadre_id"), key="profile_cadre", action=None)
    if not cadre:
        st.info(t("ui.none_yet"))
        return
    private = {k for k in PRIVATE if not reads(k, cadre)}
    p = profile(led, cadre, private=private)
    st.caption(
        t(
            "study.profile.caption",
            department=as_text(p["cadre"]["department"]),
            position=as_text(p["cadre"]["position"] or "—"),
        )
    )
    paper = p["paper"]
    cols = st.columns(6)
    today = clock.today()
    since = {"streak": today - timedelta(days=max(p["streak"], 1) - 1), "month": today.replace(day=1)}
    since["year"] = date(today.year, 1, 1)
    # Each figure opens the records it counts (one click), and each record its events.
    drill.rows(
        t("study.profile.streak"),
        t("study.profile.days", n=p["streak"]),
        lambda: _entries(led, cadre, since["streak"], today),
        key="profile_streak",
        table=ENTRIES,
        where=cols[0],
    )
    drill.rows(
        t("study.profile.minutes_month"),
        p["minutes_month"],
        lambda: _entries(led, cadre, since["month"], today),
        key="profile_month",
        table=ENTRIES,
        where=cols[1],
    )
    drill.rows(
        t("study.profile.minutes_year"),
        p["minutes_year"],
        lambda: _entries(led, cadre, since["year"], today),
        key="profile_year",
        table=ENTRIES,
        where=cols[2],
    )
    drill.rows(
        t("study.notebook.metric.entries"),
        "—" if "notebook" in private else len(p["notebook"]),
        lambda: [
            {
                **{k: r[k] for k in ("id", "occurred_on", "title", "length")},
                "kind": t(f"study.notebook.kind.{r['kind']}"),
            }
            for r in reversed(p["notebook"])
        ],
        key="profile_notebook",
        table=headed(["occurred_on", "kind", "title", "length"], "study.notebook"),
        where=cols[3],
    )
    drill.rows(
        t("study.profile.paper"),
        "—"
        if "paper" in private
        else t(f"study.paper.state.{paper['state']}")
        if paper
        else t("study.paper.state.none"),
        lambda: (
            [{"id": paper["id"], "title": paper.get("title"), "state": t(f"study.paper.state.{paper['state']}")}]
            if paper
            else []
        ),
        key="profile_paper",
        table=headed(["title", "state"], "study.paper"),
        where=cols[4],
    )
    drill.rows(
        t("study.profile.training_hours"),
        f"{p['training_hours']:g}",
        lambda: [{k: r[k] for k in ("id", "occurred_on", "title", "organiser", "hours")} for r in p["training"]],
        key="profile_training",
        table=headed(["occurred_on", "title", "organiser", "hours"], "study.training"),
        where=cols[5],
    )

    if "evaluation" not in private:  # the score weighs in evaluations: shown to whoever reads them (the cadre too)
        _points(led, cadre, today)

    daily = p["daily"]
    if not daily.empty:
        st.subheader(t("study.profile.daily"))
        base = alt.Chart(daily).encode(x=alt.X("occurred_on:T", title=None))
        st.altair_chart(
            base.mark_bar().encode(
                y=alt.Y("minutes:Q", title=t("study.daily.col.minutes")),
                tooltip=[
                    alt.Tooltip("occurred_on:T", title=t("study.daily.col.occurred_on")),
                    alt.Tooltip("minutes:Q", title=t("study.daily.col.minutes")),
                ],
            )
            + base.mark_line(color="red", interpolate="step-after").encode(y="target:Q"),
            width="stretch",
        )

    notebook_col, paper_col = st.columns(2)
    with notebook_col:
        st.subheader(t("study.profile.notebook"))
        if "notebook" in private:
            st.info(t("study.profile.private"))
        elif not p["notebook"]:
            st.info(t("ui.none_yet"))
        for entry in reversed(p["notebook"][-5:]):
            with st.expander(
                f"{entry['occurred_on']} · {t('study.notebook.kind.' + entry['kind'])} · {entry['length']}"
            ):
                st.text(entry["title"])
                st.text(entry["text"])
    with paper_col:
        st.subheader(t("study.profile.paper_year", year=clock.today().year))
        if "paper" in private:
            st.info(t("study.profile.private"))
        elif paper:
            paper_card(paper, writer=False)
        else:
            st.warning(t("study.profile.no_paper"))

    st.subheader(t("study.profile.training"))
    if p["training"]:
        training = [{**s, "level": t(f"study.training.level.{s['level']}")} for s in p["training"]]
        table(training, ["occurred_on", "title", "organiser", "level", "hours"], "study.training")
    else:
        st.info(t("ui.none_yet"))
    for tour in p["tours"]:
        st.text(t("study.profile.tour", destination=tour["destination"], start=tour["occurred_on"], end=tour["end_on"]))

    st.subheader(t("study.profile.evaluations"))
    if "evaluation" in private:
        st.info(t("study.profile.private"))
    elif p["evaluations"].empty:
        st.info(t("ui.none_yet"))
    else:
        evaluation_chart(p["evaluations"])
        table(p["evaluations"], ["period", "evaluator", *FOUR_STRONG, "average", "comment"], "study.evaluation")
    for own in p["self_assessments"]:
        with st.expander(t("study.profile.self", period=own["period"])):
            st.text(own["text"])


def _points(led, cadre: str, today: date) -> None:
    """The cadre's 积分 this year under the rules in force on each record's day, part by part."""
    from plugins.study.rules.book import WEIGHT_KEYS
    from plugins.study.rules.queries import own_points

    found = own_points(led, cadre, today, full=True)
    if found is None:
        return
    own = me().cadre_id
    mine = own is not None and own.hex == cadre
    st.subheader(t("study.rules.points.title" if mine else "study.rules.points.title_of", year=today.year))
    rule = found["rule"]
    st.caption(t("study.rules.points.caption", rule=t("study.rules.default") if rule.id is None else rule.name))
    cols = st.columns(3 + len(WEIGHT_KEYS))
    cols[0].metric(t("study.rules.points.score"), f"{found['year']['score']:g}")
    cols[1].metric(t("study.rules.points.month"), f"{found['month']:g}")
    cols[2].metric(t("study.rules.points.rank"), t("study.rules.points.rank_value", rank=found["rank"], of=found["of"]))
    for col, key in zip(cols[3:], WEIGHT_KEYS):
        col.metric(t(f"study.rules.col.{key}"), f"{found['year'][key]:g}")


def _entries(led, cadre: str, start: date, end: date) -> list[dict]:
    """The cadre's study entries (not withdrawn) from `start` to `end`, newest first: what a figure counts."""
    rows = led.query(
        "SELECT id, occurred_on, minutes, material, mode FROM study_entries "
        "WHERE cadre_id = ? AND withdrawn = 0 AND occurred_on BETWEEN ? AND ? ORDER BY occurred_on DESC",
        (cadre, start.isoformat(), end.isoformat()),
    )
    return [{**r, "mode": t(f"study.daily.mode.{r['mode']}")} for r in rows]
