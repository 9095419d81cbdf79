"""The paper page: draft the year's paper, take it through submission, grading, recommendation and
publication, and see who has not submitted one yet. The paper's card shows on the profile too, with
its manuscript: the leader grading it reads it right there (its pages drawn, one click to download)."""

from __future__ import annotations

from uuid import UUID

import streamlit as st

from dashboard.chrome import RECORD_PARAM, actor, form, ledger, opened_record, run, t
from domain import clock
from plugins.carrier import ui as carrier_ui
from plugins.overview import drill
from plugins.people.ui import cadre_picker, me
from plugins.study.domain import PAPER_GRADES, PAPER_KINDS
from plugins.study.paper.queries import paper_of, papers_of_year
from plugins.study.ui import headed, is_leader, is_writer, person, reads, reads_everyones, table

WORDS = "study.paper"


def paper_page() -> None:
    led = ledger()
    st.title(t("study.paper.title"))
    st.caption(t("study.paper.caption"))
    _open_paper(led)
    year = int(
        st.number_input(
            t("field.year"),
            value=clock.today().year,
            min_value=2000,
            max_value=clock.today().year + 1,
            step=1,
            key="paper_year",
        )
    )
    writer = is_writer()
    own_only = not reads_everyones("paper")  # staff read their own paper and grade only
    cadre = cadre_picker(t("field.cadre_id"), key="paper_cadre", action="record" if writer or own_only else None)
    paper = paper_of(led, cadre, year) if cadre and reads("paper", cadre) else None
    if cadre and paper is None and writer:
        with form("draft_paper"):
            kind = st.radio(
                t("study.paper.field.kind"),
                PAPER_KINDS,
                format_func=lambda k: t(f"study.paper.kind.{k}"),
                horizontal=True,
                key="paper_kind",
            )
            title = st.text_input(t("study.paper.field.title"), key="paper_title")
            abstract = st.text_area(t("study.paper.field.abstract"), key="paper_abstract")
            manuscript = carrier_ui.file_field(
                "paper_files", t("study.paper.field.manuscript"), help=t("study.paper.manuscript_help")
            )
            if st.form_submit_button(t("study.paper.draft"), type="primary"):
                run(
                    lambda: led.papers.draft(
                        {"cadre_id": cadre, "year": year, "kind": kind, "title": title, "abstract": abstract},
                        actor(),
                        uploads=manuscript,
                    ),
                    words=WORDS,
                    once="draft_paper",
                )
    if paper:
        paper_card(paper, writer)

    st.divider()
    st.subheader(t("study.paper.year_overview", year=year))
    papers = papers_of_year(led, year)
    if own_only:  # whether colleagues handed in shows; their titles, grades and reviewers do not
        others = ~papers["cadre_id"].map(lambda c: reads("paper", c))
        papers.loc[others, ["title", "kind", "grade", "reviewer"]] = None
    own = me().cadre_id
    if own is not None:  # the signed-in person's own row first
        papers = papers.sort_values("cadre_id", key=lambda ids: ids != own.hex, kind="stable")
    shown = papers.assign(
        state=papers["state"].map(
            lambda s: t(f"study.paper.state.{s}") if isinstance(s, str) else t("study.paper.state.none")
        ),
        kind=papers["kind"].map(lambda k: t(f"study.paper.kind.{k}") if isinstance(k, str) else ""),
        grade=papers["grade"].map(lambda g: t(f"study.paper.grade.{g}") if isinstance(g, str) else ""),
        title=papers["title"].fillna(""),
        reviewer=papers["reviewer"].fillna(""),
    )
    _figures(papers, shown)
    table(shown, ["name", "department", "kind", "title", "state", "grade", "reviewer"], WORDS)
    st.subheader(t("study.paper.missing"))
    missing = shown[papers["missing"]]
    if missing.empty:
        st.success(t("study.paper.nobody_missing"))
    else:
        table(missing, ["name", "department", "state"], WORDS)


COLUMNS = ["name", "department", "kind", "title", "state", "grade"]


def _figures(papers, shown) -> None:
    """The year's figures, each opening the cadres and papers it counts, and each paper its events."""

    def rows(which) -> list[dict]:
        picked = shown[which].assign(id=papers["paper_id"].where(papers["paper_id"].notna(), ""))
        return picked[["id", *COLUMNS]].to_dict("records")

    cols = st.columns(3)
    submitted, excellent = ~papers["missing"], papers["grade"] == "excellent"
    figures = (
        ("rate", f"{submitted.mean():.0%}" if len(papers) else "–", papers["cadre_id"].notna()),
        ("submitted", f"{int(submitted.sum())} / {len(papers)}", submitted),
        ("excellent", int(excellent.sum()), excellent),
    )
    for col, (name, value, which) in zip(cols, figures):
        drill.rows(
            t(f"study.paper.metric.{name}"),
            value,
            lambda which=which: rows(which),
            key=f"paper_figure_{name}",
            table=headed(COLUMNS, WORDS),
            where=col,
            border=True,
        )


def _open_paper(led) -> None:
    """Opened on a paper (a leader's inbox, a to-do list): choose its year and cadre, once."""
    wanted = opened_record()
    found = led.query("SELECT cadre_id, year FROM annual_papers WHERE id = ?", (wanted,)) if wanted else []
    if found:
        st.session_state["paper_year"] = found[0]["year"]
        st.session_state["paper_cadre"] = found[0]["cadre_id"]
        del st.query_params[RECORD_PARAM]


def paper_card(paper: dict, writer: bool) -> None:
    """One paper as it stands, and the next step for whoever may take it."""
    led = ledger()
    paper_id, version = UUID(paper["id"]), paper["version"]
    with st.container(border=True):
        st.caption(
            t(
                "study.paper.card_caption",
                kind=t(f"study.paper.kind.{paper['kind']}"),
                state=t(f"study.paper.state.{paper['state']}"),
            )
        )
        st.text(paper["title"])
        if paper["abstract"]:
            st.text(paper["abstract"])
        if paper["grade"]:
            st.metric(t("field.grade"), t(f"study.paper.grade.{paper['grade']}"))
            st.text(t("study.paper.review_by", reviewer=person(paper["reviewer"]), on=paper["reviewed_on"]))
            st.text(paper["comment"] or "")
        if paper["venue"]:
            st.text(t("study.paper.published_in", venue=paper["venue"]))
        # The manuscript beside the paper; a leader (who grades, recommends) reads it in the page.
        carrier_ui.files_beside(
            paper["id"], "paper_manuscript", open_inline=is_leader(), title=t("study.paper.manuscript")
        )
    if not writer:
        return
    state = paper["state"]
    if state == "draft":
        with form("submit_paper"):
            final = carrier_ui.file_field(
                "paper_submit_files", t("study.paper.field.final"), help=t("study.paper.manuscript_help")
            )
            if st.form_submit_button(t("study.paper.submit"), type="primary"):
                run(
                    lambda: led.papers.submit(paper_id, actor(), version=version, uploads=final),
                    "ui.done.submitted",
                    words=WORDS,
                    once="submit_paper",
                )
    if state in ("draft", "submitted"):
        with st.expander(t("study.paper.add_files")):
            carrier_ui.attach_form(
                "paper_attach",
                lambda uploads: led.papers.attach_files(paper_id, actor(), uploads=uploads, version=version),
                label=t("study.paper.field.manuscript"),
            )
    own = me().cadre_id
    if state == "submitted" and is_leader() and own is not None and paper["cadre_id"] == own.hex:
        st.caption(t("study.paper.own_for_another"))  # no one grades his own paper
    elif state == "submitted" and is_leader():
        with st.form("review_paper"):
            grade = st.radio(
                t("field.grade"),
                PAPER_GRADES,
                format_func=lambda g: t(f"study.paper.grade.{g}"),
                horizontal=True,
                key="paper_grade",
            )
            comment = st.text_area(t("field.comment"), key="paper_comment")
            if st.form_submit_button(t("study.paper.review"), type="primary"):
                run(
                    lambda: led.papers.review(paper_id, {"grade": grade, "comment": comment}, actor(), version=version),
                    "ui.done.graded",
                    words=WORDS,
                )
    if state == "reviewed" and paper["grade"] != "fail" and is_leader() and paper["cadre_id"] != (own and own.hex):
        if st.button(t("study.paper.recommend"), key="paper_recommend"):
            run(lambda: led.papers.recommend(paper_id, {}, actor(), version=version), words=WORDS)
    if state in ("reviewed", "recommended") and paper["grade"] != "fail":
        with st.form("publish_paper"):
            venue = st.text_input(t("study.paper.field.venue"), key="paper_venue")
            if st.form_submit_button(t("study.paper.publish")):
                run(lambda: led.papers.publish(paper_id, {"venue": venue}, actor(), version=version), words=WORDS)
