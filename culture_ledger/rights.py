"""Who may do what: the one table of roles per kind of action, and of who may read and change
each kind of record.

Services enforce it (`Service.authorize` for an action, `Service.authorize_change` and
`Service.refuse_own` for a record, `Service.read_reach` for what a reader is shown), pages ask it
(`Service.may`) before offering a form, and each page is shown to the roles of the action it serves
(`Page(roles=roles_that_may(...))`). No other place lists roles. README's role table is
`readme_table()` (a test compares them).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocabulary import ROLES

RIGHTS: dict[str, tuple[str, ...]] = {
    "read": ROLES,  # the home page, the carriers' and the team's pages
    "record": ("staff", "leader", "admin"),  # record and correct records (staff: their own and their department's)
    "review": ("leader", "admin"),  # confirm or return others' records
    "evaluate": ("leader", "admin"),  # score, grade, rate and assess
    "oversee": ("leader", "auditor", "admin"),  # the office's figures: overview, compliance, rules
    "audit": ("auditor", "admin"),  # the log, record histories, time travel, integrity, the access record
    "admin": ("admin",),  # accounts, departments and cadres, settings
}
"""Auditors write nothing: they are in no writing action."""


def roles_that_may(action: str) -> tuple[str, ...]:
    """The roles that may take `action` (ValueError for an action nobody defined)."""
    try:
        return RIGHTS[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}") from None


def may(role: str, action: str) -> bool:
    """Whether `role` may take `action` at all (scope rules aside)."""
    return role in roles_that_may(action)


# --- records: who reads and who changes which ---------------------------------------------

ALL = "all"
"""Every record of that kind in the office."""
DEPARTMENT = "department"
"""The records of their own department (and their own)."""
OWN = "own"
"""Their own records only (what "own" means for a kind: `RecordRights.own`)."""
NONE = "none"
"""None at all."""

REACH_WORDS = {ALL: "all", DEPARTMENT: "department's", OWN: "own", NONE: "—"}


@dataclass(frozen=True)
class RecordRights:
    """Who reads and who changes (records, amends, withdraws, moves) one kind of record, per role;
    and which roles judge it (confirm, return, rate, score, grade) — never their own."""

    name: str
    """How README names the kind."""
    own: str
    """What makes a record of this kind someone's own."""
    read: dict[str, str]
    change: dict[str, str]
    judge: tuple[str, ...] = ()


def _roles(staff: str, leader: str, auditor: str, admin: str) -> dict[str, str]:
    return {"staff": staff, "leader": leader, "auditor": auditor, "admin": admin}


_OPEN = _roles(ALL, ALL, ALL, ALL)
_PRIVATE = _roles(OWN, ALL, ALL, ALL)
"""Staff read their own only; leaders their office's; auditors everything (read-only)."""

RECORDS: dict[str, RecordRights] = {
    "activity": RecordRights(
        "carrier activity (五大载体活动)",
        "its department is theirs",
        read=_OPEN,
        change=_roles(DEPARTMENT, ALL, NONE, ALL),
        judge=("leader", "admin"),
    ),
    "study_entry": RecordRights("study entry (日学一时)", "about them", read=_OPEN, change=_roles(OWN, ALL, NONE, ALL)),
    "training": RecordRights(
        "training session (业务培训)", "they recorded it", read=_OPEN, change=_roles(OWN, ALL, NONE, ALL)
    ),
    "tour": RecordRights("study tour (赴外考察)", "they recorded it", read=_OPEN, change=_roles(OWN, ALL, NONE, ALL)),
    "tour_report": RecordRights(
        "study tour's report", "they were on the tour", read=_OPEN, change=_roles(OWN, ALL, NONE, ALL)
    ),
    "pledge": RecordRights(
        "pledge (三争做承诺)",
        "about them",
        read=_OPEN,
        change=_roles(OWN, ALL, NONE, ALL),
        judge=("leader", "admin"),
    ),
    "evaluation": RecordRights(
        "evaluation by a leader (四强测评)",
        "about them (to read); they scored it (to change)",
        read=_PRIVATE,
        change=_roles(NONE, OWN, NONE, ALL),
        judge=("leader", "admin"),
    ),
    "self_assessment": RecordRights(
        "self-assessment (四强自评)", "about them", read=_PRIVATE, change=_roles(OWN, ALL, NONE, ALL)
    ),
    "paper": RecordRights(
        "paper and its grade (年撰一文)",
        "about them",
        read=_PRIVATE,
        change=_roles(OWN, ALL, NONE, ALL),
        judge=("leader", "admin"),
    ),
    "notebook": RecordRights(
        "notebook entry (学记一本)", "about them", read=_PRIVATE, change=_roles(OWN, ALL, NONE, ALL)
    ),
    "rules": RecordRights("scoring rules (积分规则)", "—", read=_OPEN, change=_roles(NONE, ALL, NONE, ALL)),
    "reform_task": RecordRights(
        "reform task and its milestones (服务大局)",
        "its department is theirs",
        read=_OPEN,
        change=_roles(DEPARTMENT, ALL, NONE, ALL),
    ),
    "working_rule": RecordRights(
        "working rule and compliance case (规范高效)",
        "its department is theirs",
        read=_OPEN,
        change=_roles(DEPARTMENT, ALL, NONE, ALL),
    ),
    "proposal": RecordRights(
        "innovation proposal (务实创新)",
        "they proposed it (a pilot or its implementation: their department's)",
        read=_OPEN,
        change=_roles(DEPARTMENT, ALL, NONE, ALL),
        judge=("leader", "admin"),
    ),
    "organ_assessment": RecordRights(
        "quarterly 五型 assessment (风清气正)",
        "—",
        read=_OPEN,
        change=_roles(NONE, ALL, NONE, ALL),
    ),
    "staffing_proposal": RecordRights(
        "staffing proposal: 设撤合, 核增核减, 盘活, 入编 (机构编制)",
        "its department is theirs (to propose); they proposed it (to approve or return)",
        read=_OPEN,
        change=_roles(DEPARTMENT, ALL, NONE, ALL),
        judge=("leader",),
    ),
    "staffing_decision": RecordRights(
        "staffing decision in force, recorded from its approval document (机构编制补录)",
        "—",
        read=_OPEN,
        change=_roles(NONE, NONE, NONE, ALL),
    ),
    "staffing": RecordRights(
        "departure and post change of staff on a quota, an institution's sub-field (出编、调岗、中小学/教研)",
        "— (office-wide)",
        read=_OPEN,
        change=_roles(ALL, ALL, NONE, ALL),
    ),
    "people": RecordRights("department, cadre and account", "—", read=_OPEN, change=_roles(NONE, NONE, NONE, ALL)),
    "campaign": RecordRights(
        "campaign and its goals (自身建设年活动, 五型机关创建)",
        "— (office-wide)",
        read=_OPEN,
        change=_roles(NONE, ALL, NONE, ALL),
    ),
    "campaign_link": RecordRights(
        "a record linked to a campaign",
        "the linked record's department is theirs",
        read=_OPEN,
        change=_roles(DEPARTMENT, ALL, NONE, ALL),
    ),
}
"""Auditors change nothing; everyone else's writes are scoped by the record's owner."""


def record_rights(kind: str) -> RecordRights:
    try:
        return RECORDS[kind]
    except KeyError:
        raise ValueError(f"unknown record kind {kind!r}") from None


def read_reach(kind: str, role: str) -> str:
    """Which records of `kind` a role reads: ALL, DEPARTMENT, OWN or NONE."""
    return record_rights(kind).read.get(role, NONE)


def change_reach(kind: str, role: str) -> str:
    """Which records of `kind` a role records, amends, withdraws or moves."""
    return record_rights(kind).change.get(role, NONE)


def may_judge(kind: str, role: str) -> bool:
    """Whether a role confirms, rates, scores or grades records of `kind` (never their own)."""
    return role in record_rights(kind).judge


def readme_table() -> str:
    """README's tables of who may do what (generated from `RIGHTS` and `RECORDS`; a test compares):
    the roles per action, then per record kind each role's "reads / changes"."""
    lines = ["| action | roles |", "|---|---|"]
    lines += [f"| `{action}` | {', '.join(roles)} |" for action, roles in RIGHTS.items()]
    lines += [
        "",
        "| record (reads / changes) | " + " | ".join(ROLES) + " | judged by (never their own) | own means |",
        "|---" * (len(ROLES) + 3) + "|",
    ]
    for rights in RECORDS.values():
        cells = [f"{REACH_WORDS[rights.read.get(r, NONE)]} / {REACH_WORDS[rights.change.get(r, NONE)]}" for r in ROLES]
        judged = ", ".join(rights.judge) or "—"
        lines.append(f"| {rights.name} | {' | '.join(cells)} | {judged} | {rights.own} |")
    return "\n".join(lines)
