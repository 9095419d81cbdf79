"""What every carrier page shows the same way: filters, the activity form with evidence, the
records with their status, history, review and corrections, the gaps, and the indicators.

A carrier page composes these with its own forms and charts (plugins/<carrier>/pages.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import altair as alt
import pandas as pd
import streamlit as st

from culture_ledger import timefmt
from culture_ledger.periods import Period, Scope
from culture_ledger.registry import Indicator
from dashboard.chrome import (
    actor,
    drawn_tabs,
    forget,
    form,
    lang,
    ledger,
    pinned_record,
    preselect,
    printable_ledger,
    rerun_on,
    run,
    t,
)
from domain import clock
from domain.vocabulary import IDEAS
from event_store.evidence import MAX_EVIDENCE_MB, Upload
from plugins.carrier.commands import split_names
from plugins.carrier.queries import activity_history, activity_rows, departments_without_activity
from plugins.overview import drill
from plugins.people import ui as people

DetailsForm = Callable[[str], dict[str, Any]]
"""Draws a kind's own inputs (inside the activity form) and returns its `details`."""


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    department_id: str | None
    search: str

    @property
    def scope(self) -> Scope:
        return Scope.between(self.start, self.end, department_id=self.department_id)


def is_reviewer() -> bool:
    """Whether the signed-in user may confirm or return activities (the service says)."""
    return ledger().activities.may(actor().role, "review")


def can_record() -> bool:
    """Whether the signed-in user may record and correct activities (the service says)."""
    return ledger().activities.may(actor().role, "record")


def page_tabs(*entries: tuple[str, Callable[[], Any]] | None) -> None:
    """A page's tabs, each (label, what draws it). An entry that is None (a tab this reader has no use
    for, e.g. a form for a role that records nothing) is left out: an auditor sees no empty tab."""
    drawn_tabs([e for e in entries if e is not None], TABS_KEY)  # only the open tab is drawn


TABS_KEY = "carrier_tab"
"""The session-state key of a carrier page's open tab (its label): `st.session_state[TABS_KEY] = label`
opens that tab on the page's next run."""


def record_tab(label: str, draw: Callable[[], Any]) -> tuple[str, Callable[[], Any]] | None:
    """The tab with a recording form, for those who may record (None for the others)."""
    return (label, draw) if can_record() else None


def departments() -> dict[str, str]:
    return {d["id"]: d["name"] for d in ledger().query("SELECT id, name FROM departments ORDER BY name")}


def department_picker(label: str, key: str, *, allow_all: bool = False) -> str | None:
    """A filter's department (`allow_all`: all of them first), or the department a form records for:
    a staff member's own (shown, not picked), else a picker that starts empty."""
    if not allow_all:
        return people.department_picker(label, key)
    names = departments()
    options = ["", *names]
    choice = st.selectbox(
        label, options, key=key, format_func=lambda d: names.get(d, t("ui.all")), index=0, placeholder=t("ui.choose")
    )
    return choice or None


def filters(key: str) -> Filters:
    """Period (this quarter by default), department and a search text."""
    this_quarter = Period.containing("quarter", clock.today())
    cols = st.columns([2, 2, 3, 3])
    start = cols[0].date_input(t("carrier.ui.from"), value=this_quarter.start, key=f"{key}_from")
    end = cols[1].date_input(t("carrier.ui.to"), value=this_quarter.end, key=f"{key}_to")
    with cols[2]:
        department = department_picker(t("ui.department"), f"{key}_department", allow_all=True)
    search = cols[3].text_input(t("carrier.ui.search"), key=f"{key}_search")
    return Filters(start, end, department, search.strip())


def metrics(indicators: Sequence[Indicator], f: Filters) -> None:
    """The carrier's indicators over the chosen period and department, each with its definition,
    each opening the records it counts and their events."""
    led = ledger()
    cols = st.columns(len(indicators))
    for col, indicator in zip(cols, indicators):
        value = indicator.compute(led, f.scope)
        drill.indicator(
            indicator,
            f.scope,
            format_value(value, indicator.unit),
            key=f"carrier_figure_{indicator.key}",
            where=col,
            help=t(indicator.definition),
            border=True,
        )


def format_value(value: float | int | None, unit: str) -> str:
    """A figure as the overview shows it: no data in words (never 0), a share as %, a score as 86.5 分."""
    if value is None:
        return t("carrier.ui.no_data")
    if unit == "percent":
        return f"{value:.0%}"
    if unit == "score":
        return t("carrier.ui.score", value=f"{value:.1f}")
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value))


def activity_form(carrier: str, kinds: dict[str, DetailsForm], key: str) -> UUID | None:
    """Record an activity of one of the carrier's kinds, with attendance and evidence files."""
    led = ledger()
    kind = st.selectbox(
        t("field.kind"),
        list(kinds),
        key=f"{key}_kind",
        format_func=lambda k: t(f"{carrier}.kind.{k}"),
        placeholder=t("ui.choose"),
    )
    with form(f"{key}_form"):
        title = st.text_input(t("field.title"), key=f"{key}_title")
        cols = st.columns(3)
        occurred_on = cols[0].date_input(t("field.occurred_on"), value=clock.today(), key=f"{key}_date")
        with cols[1]:
            department = department_picker(t("field.department_id"), f"{key}_department")
        place = cols[2].text_input(t("field.place"), key=f"{key}_place")
        cols = st.columns(3)
        organiser = cols[0].text_input(t("field.organiser"), key=f"{key}_organiser")
        expected = cols[1].number_input(t("field.expected"), min_value=0, value=0, step=1, key=f"{key}_expected")
        present = cols[2].number_input(t("field.present"), min_value=0, value=0, step=1, key=f"{key}_present")
        absentees = st.text_area(
            t("field.absentees"), help=t("carrier.ui.absentees_help"), key=f"{key}_absentees", height=68
        )
        details = kinds[kind](f"{key}_{kind}")
        agenda = st.text_area(t("field.agenda"), key=f"{key}_agenda", height=68)
        content = st.text_area(t("field.content"), key=f"{key}_content", height=68)
        outcome = st.text_area(t("field.outcome"), key=f"{key}_outcome", height=68)
        ideas = st.multiselect(
            t("field.ideas"),
            IDEAS,
            format_func=lambda i: t(f"idea.{i}"),
            key=f"{key}_ideas",
            placeholder=t("ui.choose"),
        )
        files = st.file_uploader(
            t("field.evidence"),
            accept_multiple_files=True,
            max_upload_size=MAX_EVIDENCE_MB,
            key=f"{key}_files",
            help=t("carrier.ui.evidence_help"),
        )
        submitted = st.form_submit_button(t("ui.submit"), type="primary")
    if not submitted:
        return None
    own = [f"{key}_{field}" for field in ("title", "place", "organiser", "absentees", "agenda", "content", "outcome")]

    def record() -> UUID:
        return led.activities.record(
            {
                "carrier": carrier,
                "kind": kind,
                "title": title,
                "occurred_on": occurred_on,
                "department_id": department,
                "place": place,
                "organiser": organiser,
                "expected": int(expected),
                "present": int(present),
                "absentees": split_names(absentees),
                "agenda": agenda,
                "content": content,
                "outcome": outcome,
                "ideas": ideas,
                "details": details,
            },
            actor(),
            uploads=[Upload(f.name, f.getvalue()) for f in files or []],
        )

    # Recorded: the page reruns showing it (and the form blank again); refused: the error, and None.
    return run(
        record,
        done="carrier.ui.recorded_for_review",
        once=f"{key}_form",
        then=lambda _: forget(*own, f"{key}_files"),
    ).value


def status_label(review: str, withdrawn: Any) -> str:
    return t("carrier.status.withdrawn") if withdrawn else t(f"carrier.status.{review}")


def activity_records(
    carrier: str,
    f: Filters,
    key: str,
    kinds: Sequence[str] | None = None,
    describe: Callable[[dict[str, Any]], str] | None = None,
) -> list[dict[str, Any]]:
    """The carrier's activities in the filter, a table, and the chosen one opened below."""
    led = ledger()
    rows = activity_rows(
        led,
        carrier,
        start=f.start,
        end=f.end,
        department_id=f.department_id,
        search=f.search or None,
        kinds=tuple(kinds) if kinds else None,
    )
    wanted = pinned_record(f"{key}_open")  # the activity the page was opened on shows whatever the filters
    if wanted and all(r["id"] != wanted for r in rows):
        rows = activity_rows(led, carrier, record_id=wanted) + rows
    if not rows:
        st.info(t("ui.none_yet"))
        printable(carrier, f, key)
        return rows
    mine = people.me()
    own_department = mine.department_id.hex if mine.department_id else None
    rows = people.mine_first(  # what the signed-in person recorded, then their department's, then the rest
        rows, lambda r: r["recorded_by"] == actor().account, lambda r: r["department_id"] == own_department
    )
    frame = pd.DataFrame(
        [
            {
                "occurred_on": r["occurred_on"],
                "kind": t(f"{carrier}.kind.{r['kind']}"),
                "title": r["title"],
                "detail": describe(r) if describe else "",
                "department": r["department"],
                "attendance": f"{r['present']}/{r['expected']}",
                "absent": r["absent"],
                "ideas": "、".join(t(f"idea.{i}") for i in r["ideas"]),
                "evidence": len(r["evidence"]),
                "status": status_label(r["review"], r["withdrawn"]),
            }
            for r in rows
        ]
    )
    if not describe:
        frame = frame.drop(columns=["detail"])
    st.dataframe(frame.rename(columns={c: t(f"carrier.col.{c}") for c in frame.columns}), hide_index=True)
    printable(carrier, f, key)
    labels = {
        r["id"]: f"{r['occurred_on']} · {r['title'][:30]} · {status_label(r['review'], r['withdrawn'])}" for r in rows
    }
    preselect(f"{key}_open", labels)
    chosen = st.selectbox(
        t("carrier.ui.open"), list(labels), format_func=labels.get, key=f"{key}_open", placeholder=t("ui.choose")
    )
    if chosen:
        activity_detail(next(r for r in rows if r["id"] == chosen), carrier, key)
    return rows


def printable(carrier: str, f: Filters, key: str) -> None:
    """The carrier's ledger (台账) of the filter's dates and department, for print: Excel and PDF."""
    from plugins.carrier.ledger import activity_ledger

    led = ledger()
    name = next((t(p.title) for p in led.registry.carriers if p.id == carrier), carrier)
    printable_ledger(
        f"{key}_ledger",
        lambda: activity_ledger(led, carrier, f.start, f.end, f.department_id, lang()),
        f"{name}台账-{f.start}至{f.end}",
        start=f.start.isoformat(),
        end=f.end.isoformat(),
        department=f.department_id,
    )


def activity_detail(row: dict[str, Any], carrier: str, key: str) -> None:
    """One activity: its fields, evidence, history, and the review and correction controls."""
    led = ledger()
    with st.container(border=True):
        st.text(row["title"])
        fields = [
            ("field.kind", t(f"{carrier}.kind.{row['kind']}")),
            ("field.occurred_on", row["occurred_on"]),
            ("field.department_id", row["department"] or ""),
            ("field.place", row["place"] or ""),
            ("field.organiser", row["organiser"] or ""),
            ("field.expected", str(row["expected"])),
            ("field.present", str(row["present"])),
            ("field.absentees", "、".join(row["absentees"])),
            ("field.agenda", row["agenda"] or ""),
            ("field.content", row["content"] or ""),
            ("field.outcome", row["outcome"] or ""),
            ("field.ideas", "、".join(t(f"idea.{i}") for i in row["ideas"])),
        ]
        fields += [(f"{carrier}.field.{k}", detail_text(carrier, k, v)) for k, v in row["details"].items()]
        fields.append(("carrier.col.status", status_label(row["review"], row["withdrawn"])))
        table = pd.DataFrame([{"field": t(k), "value": str(v)} for k, v in fields])
        st.dataframe(
            table.rename(columns={"field": t("carrier.col.field"), "value": t("carrier.col.value")}), hide_index=True
        )
        evidence_files(row["evidence"], f"{key}_{row['id']}")
        st.caption(t("carrier.ui.history"))
        history_table(activity_history(led, row["id"]))
        if not row["withdrawn"]:
            review_controls(row, key)
            correction_controls(row, key)


def detail_text(carrier: str, key: str, value: Any) -> str:
    """A carrier field's value in words: vocabulary values through the catalog, lists joined."""
    if isinstance(value, list):
        return "、".join(detail_text(carrier, key, v) for v in value)
    catalog_key = f"{carrier}.{key}.{value}"
    if isinstance(value, str) and ledger().catalog.has("zh", catalog_key):
        return t(catalog_key)
    return "" if value is None else str(value)


def evidence_files(files: list[dict[str, Any]], key: str) -> None:
    """Images shown, other files offered for download; a file changed or lost on disk is flagged by its hash."""
    record_files(files, key)


# --- files behind any record (plugins.carrier.files) ---------------------------------------

PDF_PAGES_SHOWN = 8
"""How many pages of a PDF the page draws inline (the whole file is one click away: 下载)."""


def file_field(key: str, label: str | None = None, *, help: str | None = None) -> list[Upload]:
    """A record's files in its form (inside `st.form` or not): the files chosen, as `Upload`s for
    the service (`uploads=`), checked there by content before anything is stored."""
    chosen = st.file_uploader(
        label or t("carrier.files.field"),
        accept_multiple_files=True,
        max_upload_size=MAX_EVIDENCE_MB,
        key=key,
        help=help or t("carrier.ui.evidence_help"),
    )
    return [Upload(f.name, f.getvalue()) for f in chosen or []]


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} B"


@st.cache_data(show_spinner=False, max_entries=32)
def _pdf_pages(sha256: str, _content: bytes, pages: int) -> list[bytes]:
    """A PDF's first pages as PNG images (poppler's pdftoppm, as the reports use LibreOffice): cached
    by the file's fingerprint (its bytes are not hashed again); none when the tool is missing or cannot read the file."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "file.pdf"
        source.write_bytes(_content)
        try:
            subprocess.run(
                [tool, "-png", "-r", "80", "-f", "1", "-l", str(pages), str(source), str(Path(tmp) / "page")],
                check=True,
                capture_output=True,
                timeout=30,
            )
        except (subprocess.SubprocessError, OSError):
            return []
        return [p.read_bytes() for p in sorted(Path(tmp).glob("page*.png"))]


def record_files(files: list[dict[str, Any]], key: str, *, open_inline: bool = False) -> None:
    """The files beside a record: each by its name, size and fingerprint, with a download button;
    photos drawn; with `open_inline` (a leader grading the manuscript) a PDF's pages drawn too. A
    file missing or changed on disk is flagged, as `verify` names it, and not offered."""
    keeper = ledger().activities.evidence
    for i, ref in enumerate(files):
        sha = ref["sha256"]
        state = keeper.check(sha)
        st.text(t("carrier.files.line", name=ref["name"], size=_size(int(ref.get("size") or 0)), sha=f"{sha[:16]}…"))
        if state != "ok":
            st.error(t(f"carrier.evidence.{state}", sha=sha))
            continue
        content = keeper.read(sha)
        media_type = str(ref.get("media_type") or "")
        st.download_button(
            t("carrier.ui.download"),
            content,
            file_name=ref["name"],
            mime=media_type or None,
            key=f"{key}_dl{i}",
            icon=":material/download:",
        )
        if media_type.startswith("image/") and media_type != "image/heic":
            try:
                st.image(content, width=640 if open_inline else 320)
            except Exception:  # noqa: BLE001 - an image the browser cannot draw is still downloadable
                pass
        elif media_type == "application/pdf" and open_inline:
            pages = _pdf_pages(sha, content, PDF_PAGES_SHOWN)
            if not pages:
                st.caption(t("carrier.files.no_preview"))
            for page in pages:
                st.image(page, width="stretch")
            if len(pages) == PDF_PAGES_SHOWN:
                st.caption(t("carrier.files.more_pages", n=PDF_PAGES_SHOWN))
        elif open_inline:
            st.caption(t("carrier.files.no_preview"))


def files_beside(record_id: str, key: str, *, open_inline: bool = False, title: str | None = None) -> None:
    """The files attached to a record (the `record_files` read model), under a heading that counts
    them (附件（2）); says so when there are none."""
    from plugins.carrier.files import files_of

    found = files_of(ledger(), record_id)
    st.markdown(f"**{title or t('carrier.files.title')}（{len(found)}）**")
    if not found:
        st.caption(t("carrier.files.none"))
        return
    record_files(found, key, open_inline=open_inline)


def attach_form(key: str, attach: Callable[[list[Upload]], Any], *, label: str | None = None) -> None:
    """Add files to a record already recorded: a form with the file field and a button; `attach`
    receives the uploads and calls the record's service (who may is the service's to say)."""
    with form(key, clear_on_submit=True):
        uploads = file_field(f"{key}_files", label)
        if st.form_submit_button(t("carrier.files.attach"), icon=":material/attach_file:"):
            run(lambda: attach(uploads), "carrier.files.attached", once=key)


def people_names() -> dict[str, str]:
    """Each account's person by name (one look-up for a whole table): who recorded, confirmed, rated."""
    from plugins.accounts.services import AccountService

    try:
        return ledger().service(AccountService).display_names()
    except KeyError:  # no accounts plugin: the username is all there is
        return {}


def history_table(rows: list[dict[str, Any]]) -> None:
    """A record's versions: when, what, who (by name), in which role, why, where in the log."""
    if not rows:
        return
    names = people_names()
    frame = pd.DataFrame(
        [
            {
                "at": timefmt.shown(r["at"]),
                "action": t(f"carrier.action.{r['action']}"),
                "who": names.get(r["account"], r["account"]),
                "role": t(f"role.{r['role']}"),
                "reason": r["reason"] or "",
                "position": r["position"],
            }
            for r in rows
        ]
    )
    headers = {c: t(f"carrier.history.{c}") for c in frame.columns}
    headers["at"] = timefmt.labelled(t, headers["at"])
    st.dataframe(frame.rename(columns=headers), hide_index=True)


def review_controls(row: dict[str, Any], key: str) -> None:
    """A leader confirms a submitted activity, or returns it with a reason."""
    led = ledger()
    rid, version = UUID(row["id"]), row["version"]
    if row["review"] == "submitted" and is_reviewer() and row.get("recorded_by") == actor().account:
        st.caption(t("carrier.ui.own_for_another"))  # no one confirms his own record
    elif row["review"] == "submitted" and is_reviewer():
        cols = st.columns([1, 3, 1])
        if cols[0].button(t("carrier.ui.confirm"), key=f"{key}_confirm_{row['id']}", type="primary"):
            run(
                lambda: led.activities.confirm(rid, actor(), version=version),
                done="ui.done.confirmed",
                once="activity_confirm",
                on=(rid, version),
                then=lambda _: rerun_on(row["id"]),
            )
        reason = cols[1].text_input(t("carrier.ui.return_reason"), key=f"{key}_return_reason_{row['id']}")
        if cols[2].button(t("carrier.ui.return"), key=f"{key}_return_{row['id']}"):
            run(
                lambda: led.activities.return_(rid, reason, actor(), version=version),
                done="ui.done.returned",
                once="activity_return",
                on=(rid, version),
                then=lambda _: rerun_on(row["id"]),
            )
    if row["review"] in ("draft", "returned") and can_record():
        if st.button(t("carrier.ui.resubmit"), key=f"{key}_submit_{row['id']}"):
            run(
                lambda: led.activities.submit(rid, actor()),
                done="ui.done.resubmitted",
                then=lambda _: rerun_on(row["id"]),
            )


def correction_controls(row: dict[str, Any], key: str) -> None:
    """Amend attendance, title or outcome, or withdraw, always with a reason."""
    if not can_record():
        return
    led = ledger()
    rid, version, k = UUID(row["id"]), row["version"], f"{key}_fix_{row['id']}"
    with st.expander(t("carrier.ui.correct")):
        title = st.text_input(t("field.title"), value=row["title"], key=f"{k}_title")
        cols = st.columns(2)
        expected = cols[0].number_input(t("field.expected"), min_value=0, value=int(row["expected"]), key=f"{k}_exp")
        present = cols[1].number_input(t("field.present"), min_value=0, value=int(row["present"]), key=f"{k}_pre")
        absentees = st.text_area(t("field.absentees"), value="、".join(row["absentees"]), key=f"{k}_abs", height=68)
        outcome = st.text_area(t("field.outcome"), value=row["outcome"] or "", key=f"{k}_out", height=68)
        files = st.file_uploader(
            t("carrier.ui.add_evidence"), accept_multiple_files=True, max_upload_size=MAX_EVIDENCE_MB, key=f"{k}_files"
        )
        reason = st.text_input(t("ui.reason"), key=f"{k}_reason")
        cols = st.columns(2)
        if cols[0].button(t("ui.amend"), key=f"{k}_amend"):
            proposed = {
                "title": title,
                "expected": int(expected),
                "present": int(present),
                "absentees": split_names(absentees),
                "outcome": outcome,
            }
            current = {
                "title": row["title"],
                "expected": row["expected"],
                "present": row["present"],
                "absentees": row["absentees"],
                "outcome": row["outcome"] or "",
            }
            changes = {f: v for f, v in proposed.items() if v != current[f]}

            def amend() -> None:
                uploads = [Upload(f.name, f.getvalue()) for f in files or []]
                led.activities.amend(rid, changes, reason, actor(), version=version, uploads=uploads)

            run(
                amend,
                done="ui.done.amended",
                once="activity_amend",
                on=(rid, version),
                then=lambda _: rerun_on(row["id"]),
            )
        if cols[1].button(t("ui.withdraw"), key=f"{k}_withdraw"):
            run(
                lambda: led.activities.withdraw(rid, reason, actor(), version=version),
                done="ui.done.withdrawn",
                once="activity_withdraw",
                on=(rid, version),
                then=lambda _: rerun_on(row["id"]),
            )


def gaps(carrier: str, f: Filters, kinds: Sequence[str] | None = None) -> None:
    """Departments with no confirmed activity of this carrier in the period."""
    missing = departments_without_activity(ledger(), carrier, f.start, f.end, tuple(kinds) if kinds else None)
    st.caption(t("carrier.gaps.caption", start=f.start, end=f.end))
    if not missing:
        st.success(t("carrier.gaps.none"))
    else:
        st.warning(t("carrier.gaps.some", n=len(missing)))
        st.dataframe(pd.DataFrame({t("ui.department"): [d["name"] for d in missing]}), hide_index=True)


def activity_chart(carrier: str, rows: list[dict[str, Any]]) -> None:
    """Confirmed activities by department and kind."""
    counted = [r for r in rows if r["review"] == "confirmed" and not r["withdrawn"]]
    if not counted:
        return
    frame = pd.DataFrame([{"department": r["department"], "kind": t(f"{carrier}.kind.{r['kind']}")} for r in counted])
    data = frame.groupby(["department", "kind"]).size().reset_index(name="n")
    st.altair_chart(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("n:Q", title=t("carrier.chart.confirmed"), axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("department:N", title=None, sort="-x"),
            color=alt.Color("kind:N", title=t("field.kind")),
            tooltip=[
                alt.Tooltip("department:N", title=t("ui.department")),
                alt.Tooltip("kind:N", title=t("field.kind")),
                alt.Tooltip("n:Q", title=t("carrier.chart.confirmed")),
            ],
        ),
        width="stretch",
    )


def record_correction(
    key: str,
    withdraw: Callable[[str], Any],
    amend: Callable[[str], Any] | None = None,
    amend_inputs: Callable[[], None] | None = None,
    *,
    version: int | None = None,
) -> None:
    """Amend (with the carrier's own inputs) or withdraw one of a carrier's own records, with a reason.

    `key` names the record's controls (it holds the record's id); with the `version` the page
    shows, each click carries the key of that change, so a second click is said to be recorded
    already (`run(on=...)`)."""
    on = (key, version) if version is not None else None
    if not can_record():
        return
    with st.expander(t("carrier.ui.correct")):
        if amend_inputs:
            amend_inputs()
        reason = st.text_input(t("ui.reason"), key=f"{key}_reason")
        cols = st.columns(2)
        if amend and cols[0].button(t("ui.amend"), key=f"{key}_amend"):
            run(lambda: amend(reason), done="ui.done.amended", once="amend", on=on)
        if cols[1].button(t("ui.withdraw"), key=f"{key}_withdraw"):
            run(lambda: withdraw(reason), done="ui.done.withdrawn", once="withdraw", on=on)
