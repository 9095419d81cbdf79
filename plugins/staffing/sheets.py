"""实名制人员名单: the real-name list of the people on each institution's quota, as an office
keeps it in Excel, imported row by row through `HireStaff` (each row one person, checked as the
进人 form checks it) and written through the staffing ledger's bulk path, one decision on the
jurisdiction. The quota cap still holds: rows that would go beyond an institution's quota (when
the office refuses 超编进人) are refused by row, before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from culture_ledger.registry import Column, Sheet
from culture_ledger.rights import roles_that_may
from culture_ledger.sheets import once
from domain.errors import InvalidCommand
from plugins.staffing.commands import HireStaff
from plugins.staffing.rules import QUOTA_TYPES

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def quota_types(_ledger: Ledger) -> list[tuple[str, str]]:
    return [(q, f"staffing.quota_type.{q}") for q in QUOTA_TYPES]


def post_types(_ledger: Ledger) -> list[tuple[str, str]]:
    return [(q, f"staffing.post_type.{q}") for q in QUOTA_TYPES]


def institution_named(ledger: Ledger, name: str, *, field: str = "institution") -> UUID:
    """The institution of that name: the active one, else the one that had it (the staffing
    ledger then refuses a hire into an institution that is gone). A name no institution has, or
    two institutions have, is refused naming `field` and, for two, both of them."""
    return once(("institution", name, field), lambda: _institution_named(ledger, name, field))


def _institution_named(ledger: Ledger, name: str, field: str) -> UUID:
    rows = ledger.query(
        "SELECT id, name, status, established_on FROM staffing_institutions WHERE name = ? ORDER BY established_on, id",
        (name,),
    )
    active = [r for r in rows if r["status"] == "active"]
    rows = active or rows
    if not rows:
        raise InvalidCommand([(field, "staffing.sheet.unknown_institution", {"name": name})])
    if len(rows) > 1:
        who = "、".join(f"{r['name']}（{r['established_on']}）" for r in rows)
        raise InvalidCommand([(field, "staffing.sheet.two_institutions", {"name": name, "who": who})])
    return UUID(rows[0]["id"])


def prepare(ledger: Ledger, values: dict[str, Any], by: Actor) -> dict[str, Any]:
    """A row made the 进人 form's command for one person: the institution found by name."""
    once(("may record", by), lambda: ledger.staffing.authorize(by, "record"))
    return {
        "institution_id": institution_named(ledger, values["institution"]),
        "quota_type": values.get("quota_type"),
        "post_type": values.get("post_type"),
        "names": [values.get("name")],
        "hired_on": values.get("hired_on"),
        "doc_no": values.get("doc_no") or "",
        "note": values.get("note") or "",
    }


def check(ledger: Ledger, commands: list[HireStaff], by: Actor) -> list[tuple[int, str | None, str, dict[str, Any]]]:
    """The rows the staffing ledger would refuse, tried in order on a copy of the jurisdiction
    (nothing is saved): a hire beyond an institution's quota, into an institution gone or not
    yet established. The same checks as the 进人 form's, row by row."""
    from plugins.staffing.domain import StaffingRefused

    try:
        jurisdiction = ledger.staffing.jurisdiction()  # a copy, changed freely
    except StaffingRefused as refused:
        return [(i, None, refused.key, refused.params) for i in range(len(commands))]
    out = []
    for i, c in enumerate(commands):
        people = [{"id": uuid4().hex, "name": n} for n in c.names]
        try:
            jurisdiction.hire(
                c.institution_id,
                c.quota_type,
                c.post_type or c.quota_type,
                people,
                c.hired_on,
                c.doc_no,
                c.note,
                by=by,
            )
        except StaffingRefused as refused:
            out.append((i, "institution", refused.key, refused.params))
    return out


def write(ledger: Ledger, commands: list[HireStaff], by: Actor, each: Sequence[Actor]) -> list[UUID]:
    """Every row's hire applied in order to one copy of the jurisdiction and appended together
    (all or nothing), each by its row's actor (its file and row); the ids of the people on board."""
    service = ledger.staffing
    ids: list[UUID] = []
    with service.batch():
        for command, actor in zip(commands, each, strict=True):
            ids += service.hire(command, actor)["people"]
    return ids


def known(ledger: Ledger, commands: list[HireStaff]) -> list[bool]:
    """Which rows are on board already: the same person, institution and day of joining, not gone."""
    if not commands:
        return []
    on_board = {
        (r["institution_id"], r["name"], r["hired_on"])
        for r in ledger.query("SELECT institution_id, name, hired_on FROM staffing_people WHERE left_on IS NULL")
    }
    return [(c.institution_id.hex, c.names[0], c.hired_on.isoformat()) in on_board for c in commands]


STAFF = Sheet(
    key="staffing-staff",
    title="staffing.sheet.staff",
    columns=(
        Column("name", "staffing.sheet.col.name", help="staffing.sheet.help.name", example="张伟"),
        Column(
            "institution",
            "staffing.sheet.col.institution",
            help="staffing.sheet.help.institution",
            example="地区机构编制委员会办公室",
        ),
        Column(
            "quota_type",
            "staffing.sheet.col.quota_type",
            kind="choice",
            help="staffing.sheet.help.quota_type",
            choices=quota_types,
            example="staffing.quota_type.administrative",
        ),
        Column(
            "post_type",
            "staffing.sheet.col.post_type",
            kind="choice",
            required=False,
            help="staffing.sheet.help.post_type",
            choices=post_types,
            example="staffing.post_type.administrative",
        ),
        Column(
            "hired_on",
            "staffing.sheet.col.hired_on",
            kind="date",
            help="staffing.sheet.help.hired_on",
            example="2024-09-01",
        ),
        Column(
            "doc_no",
            "staffing.sheet.col.doc_no",
            required=False,
            help="staffing.sheet.help.doc_no",
            example="阿编办〔2024〕12号",
        ),
        Column("note", "staffing.sheet.col.note", required=False, example=""),
    ),
    command=HireStaff,
    prepare=prepare,
    write=write,
    known=known,
    check=check,
    roles=roles_that_may("admin"),  # a roster of people in post: decisions in force, recorded
)
