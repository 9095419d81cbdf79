"""日学一时签到表: the study sign-in sheet an office keeps in Excel, imported row by row through
`RecordStudy` (each row checked as the form checks it) and written through the bulk path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from culture_ledger.registry import Column, Sheet
from culture_ledger.sheets import once
from domain.vocabulary import STUDY_MODES
from plugins.study.daily.commands import RecordStudy

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def modes(_ledger: Ledger) -> list[tuple[str, str]]:
    return [(m, f"study.daily.mode.{m}") for m in STUDY_MODES]


def prepare(ledger: Ledger, values: dict[str, Any], by: Actor) -> dict[str, Any]:
    """A row's cadre found by name; a staff member may import only their own study (as on the form)."""
    from plugins.people.sheets import cadre_named
    from plugins.study.daily.services import StudyService

    cadre_id = cadre_named(ledger, values["cadre"], values.get("department"), field="cadre")
    once(("may record", by, cadre_id), lambda: ledger.service(StudyService).authorize(by, "record", cadre_id=cadre_id))
    return {
        "cadre_id": cadre_id,
        "occurred_on": values.get("occurred_on"),
        "minutes": values.get("minutes"),
        "material": values.get("material"),
        "mode": values.get("mode") or "self",
        "place": values.get("place") or "",
    }


def write(ledger: Ledger, commands: list[RecordStudy], by: Actor, each: Sequence[Actor]):
    from plugins.study.daily.services import StudyService

    return ledger.service(StudyService).record_study_batch(commands, by, each=each)


def known(ledger: Ledger, commands: list[RecordStudy]) -> list[bool]:
    """Which rows the office already recorded: the same cadre, day, minutes and material, not withdrawn."""
    if not commands:
        return []
    days = sorted({c.occurred_on.isoformat() for c in commands})
    recorded = {
        (r["cadre_id"], r["occurred_on"], int(r["minutes"]), r["material"])
        for r in ledger.query(
            "SELECT cadre_id, occurred_on, minutes, material FROM study_entries "
            "WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ?",
            (days[0], days[-1]),
        )
    }
    return [(c.cadre_id.hex, c.occurred_on.isoformat(), c.minutes, c.material) in recorded for c in commands]


DAILY = Sheet(
    key="study-daily",
    title="study.daily.sheet.title",
    columns=(
        Column("cadre", "study.daily.sheet.col.name", help="study.daily.sheet.help.name", example="张伟"),
        Column(
            "department",
            "study.daily.sheet.col.department",
            required=False,
            help="study.daily.sheet.help.department",
            example="办公室",
        ),
        Column(
            "occurred_on",
            "study.daily.sheet.col.day",
            kind="date",
            help="study.daily.sheet.help.day",
            example="2026-11-03",
        ),
        Column(
            "minutes",
            "study.daily.sheet.col.minutes",
            kind="integer",
            help="study.daily.sheet.help.minutes",
            example=60,
        ),
        Column(
            "mode",
            "study.daily.sheet.col.mode",
            kind="choice",
            required=False,
            help="study.daily.sheet.help.mode",
            choices=modes,
            example="自学",
        ),
        Column(
            "material",
            "study.daily.sheet.col.material",
            help="study.daily.sheet.help.material",
            example="《机构编制工作条例》",
        ),
        Column(
            "place",
            "study.daily.sheet.col.place",
            required=False,
            help="study.daily.sheet.help.place",
            example="办公室",
        ),
    ),
    command=RecordStudy,
    prepare=prepare,
    write=write,
    known=known,
    roles=("staff", "leader", "admin"),
)
