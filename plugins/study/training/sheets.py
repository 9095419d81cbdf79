"""业务培训台账: the training sessions an office keeps in Excel, imported through `RecordTraining`
(each row checked as the 登记一次培训 form checks it) and written through the training batch path.

One row per session, its attendees listed by name in one cell (参训人员: 王建国、张伟), because
that is the ledger offices keep of their training: a line per session, as reported up the
system at the year's end, with who took part; and because a row is then one session, checked
as the form checks one (its dates, its hours, every attendee a serving cadre), with the row
report naming the line the office wrote. A sheet of one row per attendee would repeat the
session's title, dates and hours on every line, and two lines of one session typed differently
could not be told apart from two sessions. Two cadres of one name are told apart by the
department in brackets after the name (王建国（办公室）); a name that is no serving cadre is
refused, as the form offers only cadres on the roll. A staff member imports only a session
they alone attended, as on the form; attendance signed in later is added on the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from culture_ledger.registry import Column, Sheet
from plugins.study.domain import TRAINING_LEVELS
from plugins.study.training.commands import RecordTraining

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def levels(_ledger: Ledger) -> list[tuple[str, str]]:
    return [(lv, f"study.training.level.{lv}") for lv in TRAINING_LEVELS]


def prepare(ledger: Ledger, values: dict[str, Any], by: Actor) -> dict[str, Any]:
    """The attendees found by name; a staff member may record only their own attendance (as on the form).
    A session of one day may leave its end date blank."""
    from plugins.people.sheets import cadres_named
    from plugins.study.training.services import TrainingService

    attendees = cadres_named(ledger, values.get("attendees") or [], field="attendees")
    service = ledger.service(TrainingService)
    service.authorize(by, "record")
    for cadre_id in attendees:
        service.authorize(by, "record", cadre_id=cadre_id)
    return {
        "title": values.get("title"),
        "organiser": values.get("organiser"),
        "level": values.get("level"),
        "occurred_on": values.get("occurred_on"),
        "end_on": values.get("end_on") or values.get("occurred_on"),
        "hours": values.get("hours"),
        "audience": values.get("audience") or "",
        "attendees": attendees,
    }


def write(ledger: Ledger, commands: list[RecordTraining], by: Actor, each: Sequence[Actor]):
    from plugins.study.training.services import TrainingService

    return ledger.service(TrainingService).record_sessions_batch(commands, by, each=each)


def known(ledger: Ledger, commands: list[RecordTraining]) -> list[bool]:
    """Which rows are recorded already: a session of the same title, organiser and first day, not withdrawn."""
    if not commands:
        return []
    days = sorted({c.occurred_on.isoformat() for c in commands})
    held = {
        (r["title"], r["organiser"], r["occurred_on"])
        for r in ledger.query(
            "SELECT title, organiser, occurred_on FROM training_sessions "
            "WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ?",
            (days[0], days[-1]),
        )
    }
    return [(c.title, c.organiser, c.occurred_on.isoformat()) in held for c in commands]


TRAINING = Sheet(
    key="study-training",
    title="study.training.sheet.title",
    columns=(
        Column(
            "title",
            "study.training.sheet.col.training_title",
            help="study.training.sheet.help.training_title",
            example="全地区机构编制业务培训班",
        ),
        Column(
            "organiser",
            "study.training.sheet.col.organiser",
            help="study.training.sheet.help.organiser",
            example="地区机构编制委员会办公室",
        ),
        Column(
            "level",
            "study.training.sheet.col.level",
            kind="choice",
            help="study.training.sheet.help.level",
            choices=levels,
            example="全地区机构编制系统调训",
        ),
        Column(
            "occurred_on",
            "study.training.sheet.col.start",
            kind="date",
            help="study.training.sheet.help.start",
            example="2026-11-03",
        ),
        Column(
            "end_on",
            "study.training.sheet.col.end",
            kind="date",
            required=False,
            help="study.training.sheet.help.end",
            example="2026-11-04",
        ),
        Column(
            "hours", "study.training.sheet.col.hours", kind="number", help="study.training.sheet.help.hours", example=16
        ),
        Column(
            "audience",
            "study.training.sheet.col.audience",
            required=False,
            help="study.training.sheet.help.audience",
            example="各科室业务骨干",
        ),
        Column(
            "attendees",
            "study.training.sheet.col.attendees",
            kind="names",
            required=False,
            help="study.training.sheet.help.attendees",
            example="王建国、张伟",
        ),
    ),
    command=RecordTraining,
    prepare=prepare,
    write=write,
    known=known,
    roles=("staff", "leader", "admin"),
)
