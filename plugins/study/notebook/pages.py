"""The notebook page: write a note or a reflection, read a cadre's book, search every book, see who writes."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import streamlit as st

from dashboard.chrome import actor, form, ledger, run, t
from domain import clock
from plugins.carrier import ui as carrier_ui
from plugins.carrier.files import files_by_record
from plugins.overview import drill
from plugins.people.ui import cadre_picker
from plugins.study.daily.queries import recent_entries
from plugins.study.domain import NOTE_KINDS
from plugins.study.notebook.queries import notebook, notebook_summary, search_notebooks
from plugins.study.ui import headed, is_writer, reads, reads_everyones, table

WORDS = "study.notebook"


def notebook_page() -> None:
    led = ledger()
    st.title(t("study.notebook.title"))
    st.caption(t("study.notebook.caption"))
    # A staff member writes and reads their own book; a leader picks whose.
    own_only = not reads_everyones("notebook")  # staff read their own notebook only
    cadre = cadre_picker(
        t("field.cadre_id"), key="notebook_cadre", action="record" if is_writer() or own_only else None
    )
    if cadre and not reads("notebook", cadre):
        cadre = None
    if cadre and is_writer():
        with form("write_note", clear_on_submit=True):
            cols = st.columns(2)
            occurred_on = cols[0].date_input(t("field.occurred_on"), value=clock.today(), key="note_date")
            kind = cols[1].radio(
                t("study.notebook.field.kind"),
                NOTE_KINDS,
                format_func=lambda k: t(f"study.notebook.kind.{k}"),
                horizontal=True,
                key="note_kind",
            )
            title = st.text_input(t("study.notebook.field.title"), key="note_title")
            text = st.text_area(t("study.notebook.field.text"), height=200, key="note_text")
            studies = {
                e["id"]: f"{e['occurred_on']} · {e['material'][:30]}"
                for e in recent_entries(led, cadre)
                if not e["withdrawn"]
            }
            study = st.selectbox(
                t("study.notebook.field.study_entry_id"),
                [None, *studies],
                format_func=lambda i: t("study.notebook.no_study") if i is None else studies[i],
                key="note_study",
                placeholder=t("ui.choose"),
            )
            uploads = carrier_ui.file_field(
                "note_files", t("study.notebook.field.files"), help=t("study.notebook.files_help")
            )
            if st.form_submit_button(t("ui.submit"), type="primary"):
                run(
                    lambda: led.notebook.write(
                        {
                            "cadre_id": cadre,
                            "occurred_on": occurred_on,
                            "kind": kind,
                            "title": title,
                            "text": text,
                            "study_entry_id": study,
                        },
                        actor(),
                        uploads=uploads,
                    ),
                    words=WORDS,
                    once="write_note",
                )

    book_tab, search_tab, summary_tab = st.tabs(
        [t("study.notebook.book"), t("study.notebook.search"), t("study.notebook.summary")]
    )
    with book_tab:
        entries = notebook(led, cadre) if cadre else []
        cols = st.columns(2)
        counted = [
            {**e, "kind": t(f"study.notebook.kind.{e['kind']}")} for e in entries
        ]  # each figure opens the entries it counts, each entry its events
        for col, label, value in (
            (cols[0], "entries", len(entries)),
            (cols[1], "characters", sum(e["length"] for e in entries)),
        ):
            drill.rows(
                t(f"study.notebook.metric.{label}"),
                value,
                lambda: counted,
                key=f"notebook_figure_{label}",
                table=headed(["occurred_on", "kind", "title", "length"], WORDS),
                where=col,
                border=True,
            )
        if not entries:
            st.info(t("ui.none_yet"))
        attached = files_by_record(led, [e["id"] for e in entries])
        for entry in entries:
            with st.container(border=True):
                st.caption(
                    t(
                        "study.notebook.entry_caption",
                        date=entry["occurred_on"],
                        kind=t(f"study.notebook.kind.{entry['kind']}"),
                        length=entry["length"],
                    )
                )
                st.text(entry["title"])
                st.text(entry["text"])
                if entry["study_material"]:
                    st.text(t("study.notebook.on_study", material=entry["study_material"]))
                if attached.get(entry["id"]):
                    carrier_ui.record_files(attached[entry["id"]], f"note_files_{entry['id']}")
        if entries and is_writer():
            with st.expander(t("study.notebook.add_files")):
                labels = {e["id"]: f"{e['occurred_on']} · {e['title'][:30]}" for e in entries}
                which = st.selectbox(
                    t("study.notebook.add_files.which"),
                    list(labels),
                    format_func=labels.get,
                    key="note_files_pick",
                    placeholder=t("ui.choose"),
                )
                version = next(e["version"] for e in entries if e["id"] == which)
                carrier_ui.attach_form(
                    "note_attach",
                    lambda uploads: led.notebook.attach_files(UUID(which), actor(), uploads=uploads, version=version),
                    label=t("study.notebook.field.files"),
                )
        if entries and is_writer():
            with st.expander(t("study.notebook.withdraw")):
                labels = {e["id"]: f"{e['occurred_on']} · {e['title'][:30]}" for e in entries}
                chosen = st.selectbox(
                    t("study.notebook.withdraw.which"),
                    list(labels),
                    format_func=labels.get,
                    key="note_pick",
                    placeholder=t("ui.choose"),
                )
                reason = st.text_input(t("ui.reason"), key="note_reason")
                if st.button(t("ui.withdraw"), key="note_withdraw"):
                    version = next(e["version"] for e in entries if e["id"] == chosen)
                    run(
                        lambda: led.notebook.withdraw(UUID(chosen), {"reason": reason}, actor(), version=version),
                        "ui.done.withdrawn",
                        words=WORDS,
                    )
    with search_tab:
        words = st.text_input(t("study.notebook.search_for"), key="note_search")
        if words.strip():
            hits = search_notebooks(led, words, cadre_id=cadre if own_only else None) if cadre or not own_only else []
            st.caption(t("study.notebook.hits", n=len(hits)))
            for hit in hits:
                hit["kind"] = t(f"study.notebook.kind.{hit['kind']}")
                hit["excerpt"] = hit["text"][:80]
            table(hits, ["occurred_on", "name", "kind", "title", "excerpt", "length"], WORDS)
    with summary_tab:
        year_start = date(clock.today().year, 1, 1)
        summary = notebook_summary(led, year_start, clock.today())
        table(summary.sort_values("entries", ascending=False), ["name", "department", "entries", "characters"], WORDS)
