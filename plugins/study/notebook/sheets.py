"""学记一本登记表: the notebook pages an office keeps in Excel, one row per page (a study note or a
reflection), imported through `WriteNote` (each row checked as the 学记一本 form checks it) and
written through the notebook's batch path. A staff member imports only their own pages, as on the
form. A page's link to one of the cadre's study entries is made on the page, not in the sheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from culture_ledger.registry import Column, Sheet
from plugins.study.domain import NOTE_KINDS
from plugins.study.notebook.commands import WriteNote

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def kinds(_ledger: Ledger) -> list[tuple[str, str]]:
    return [(k, f"study.notebook.kind.{k}") for k in NOTE_KINDS]


def prepare(ledger: Ledger, values: dict[str, Any], by: Actor) -> dict[str, Any]:
    """A row's cadre found by name; a staff member may import only their own pages (as on the form)."""
    from plugins.people.sheets import cadre_named
    from plugins.study.notebook.services import NotebookService

    cadre_id = cadre_named(ledger, values["cadre"], values.get("department"), field="cadre")
    ledger.service(NotebookService).authorize(by, "record", cadre_id=cadre_id)
    return {
        "cadre_id": cadre_id,
        "occurred_on": values.get("occurred_on"),
        "kind": values.get("kind") or "note",
        "title": values.get("title"),
        "text": values.get("text"),
    }


def write(ledger: Ledger, commands: list[WriteNote], by: Actor, each: Sequence[Actor]):
    from plugins.study.notebook.services import NotebookService

    return ledger.service(NotebookService).write_batch(commands, by, each=each)


def known(ledger: Ledger, commands: list[WriteNote]) -> list[bool]:
    """Which rows the book already holds: the same cadre, day, kind, title and text, not withdrawn."""
    if not commands:
        return []
    days = sorted({c.occurred_on.isoformat() for c in commands})
    written = {
        (r["cadre_id"], r["occurred_on"], r["kind"], r["title"], r["text"])
        for r in ledger.query(
            "SELECT cadre_id, occurred_on, kind, title, text FROM notebook_entries "
            "WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ?",
            (days[0], days[-1]),
        )
    }
    return [(c.cadre_id.hex, c.occurred_on.isoformat(), c.kind, c.title, c.text) in written for c in commands]


NOTEBOOK = Sheet(
    key="study-notebook",
    title="study.notebook.sheet.title",
    columns=(
        Column("cadre", "study.notebook.sheet.col.name", help="study.notebook.sheet.help.name", example="张伟"),
        Column(
            "department",
            "study.notebook.sheet.col.department",
            kind="choice",
            required=False,
            help="study.notebook.sheet.help.department",
            choices="plugins.people.sheets:departments",
            example="行政机构编制科",
        ),
        Column(
            "occurred_on",
            "study.notebook.sheet.col.note_day",
            kind="date",
            help="study.notebook.sheet.help.note_day",
            example="2026-11-03",
        ),
        Column(
            "kind",
            "study.notebook.sheet.col.note_kind",
            kind="choice",
            required=False,
            help="study.notebook.sheet.help.note_kind",
            choices=kinds,
            example="心得体会",
        ),
        Column(
            "title",
            "study.notebook.sheet.col.note_title",
            help="study.notebook.sheet.help.note_title",
            example="学习《机构编制工作条例》的体会",
        ),
        Column(
            "text",
            "study.notebook.sheet.col.note_text",
            help="study.notebook.sheet.help.note_text",
            example="条例明确了机构编制工作的基本原则，要在日常工作中严格执行、依规办事。",
        ),
    ),
    command=WriteNote,
    prepare=prepare,
    write=write,
    known=known,
    roles=("staff", "leader", "admin"),
)
