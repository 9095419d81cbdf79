"""The four-strong team's records, every aggregate of the study plugin in one module: daily study
(日学一时), the notebook (学记一本), the annual paper (年撰一文), training and study tours,
four-strong evaluations, and the versioned scoring rules.

They stay here while everything else about a record lives in its own package
(`plugins/study/<record>/`): an event's stored topic is this module's path
(`plugins.study.domain:StudyEntry.Recorded`), and real offices' hash-chained logs hold it.

Every record is amended or withdrawn by new events, never edited in place."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from domain.actor import Actor
from domain.clock import Aggregate
from domain.errors import LedgerError
from domain.records import FileHolder, Record


class StudyEntry(Record):
    """A cadre studied for some minutes on a day, on some material, alone or in a group, somewhere."""

    class Recorded(Record.Created):
        """The entry was recorded. Version 2 added `place` (学习地点); entries recorded before it have ""."""

        class_version = 2
        cadre_id: UUID
        occurred_on: date
        minutes: int
        material: str
        mode: str
        place: str
        by: Actor

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["place"] = ""

    @event(Recorded)
    def __init__(
        self, cadre_id: UUID, occurred_on: date, minutes: int, material: str, mode: str, by: Actor, place: str = ""
    ) -> None:
        self._start(occurred_on, by)
        self.cadre_id = cadre_id
        self.minutes = minutes
        self.material = material
        self.mode = mode
        self.place = place


STUDY_DAY_NAMESPACE = UUID("6d1c7a52-9f0e-4b3a-8c27-d4e5f6a7b809")


class StudyDay(Aggregate):
    """One cadre's day of study as the log counts it, so that the 24-hour rule holds under races.

    Its id is derived from the cadre and the day. Every entry recorded on the day (or amended
    into it, or to more minutes) through a service is counted here, in the same transaction as
    the entry: two entries for the same day saved at once meet on this record's version, the
    store keeps one, and the other is checked again with the first one's minutes in the day.
    """

    @staticmethod
    def create_id(cadre_id: UUID, day: date, **_: Any) -> UUID:
        return uuid5(STUDY_DAY_NAMESPACE, f"{cadre_id.hex}:{day.isoformat()}")

    @event("Opened")
    def __init__(self, cadre_id: UUID, day: date, entry_id: UUID, by: Actor) -> None:
        self.cadre_id = cadre_id
        self.day = day
        self.entries = [entry_id]

    @event("Counted")
    def count(self, entry_id: UUID, by: Actor) -> None:
        """An entry adds minutes to the day (a new one, or one amended into it or to more minutes)."""
        if entry_id not in self.entries:
            self.entries.append(entry_id)


# --- 学记一本: the study notebook -------------------------------------------------------

NOTE_KINDS = ("note", "reflection")
"""学习笔记 / 心得体会."""


class NotebookEntry(Record, FileHolder):
    """A page of a cadre's study notebook: a note or a reflection, maybe on one sitting of study."""

    @event("Recorded")
    def __init__(
        self,
        cadre_id: UUID,
        occurred_on: date,
        kind: str,
        title: str,
        text: str,
        study_entry_id: UUID | None,
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.cadre_id = cadre_id
        self.kind = kind
        self.title = title
        self.text = text
        self.study_entry_id = study_entry_id


# --- 年撰一文: the annual paper ----------------------------------------------------------

PAPER_KINDS = ("theory_article", "research_report")
"""理论文章 / 调研报告."""

PAPER_GRADES = ("excellent", "good", "pass", "fail")
"""优秀 / 良好 / 合格 / 不合格."""

PAPER_STATES = ("draft", "submitted", "reviewed", "recommended", "published")
SUBMITTED_STATES = PAPER_STATES[1:]
"""The stages at which the writer's part is done (the paper counts as submitted)."""

PAPER_NAMESPACE = UUID("5b0c8f7e-6a53-4b8e-9d0b-2f1d7c4a9e01")


class AnnualPaper(Record, FileHolder):
    """A cadre's one paper of a year, from draft to submission, review, and recommendation or publication.

    Its id is derived from (cadre, year), so the log itself refuses a second paper for the
    same cadre and year, even from two forms at once.
    """

    @staticmethod
    def create_id(cadre_id: UUID, year: int) -> UUID:
        return uuid5(PAPER_NAMESPACE, f"{cadre_id.hex}:{year}")

    @event("Drafted")
    def __init__(
        self, cadre_id: UUID, year: int, kind: str, title: str, abstract: str, occurred_on: date, by: Actor
    ) -> None:
        self._start(occurred_on, by)
        self.cadre_id = cadre_id
        self.year = year
        self.kind = kind
        self.title = title
        self.abstract = abstract
        self.state = "draft"
        self.grade: str | None = None
        self.comment = ""
        self.venue = ""

    def _require(self, *states: str) -> None:
        if self.withdrawn:
            raise LedgerError("a withdrawn paper cannot change", key="error.record_withdrawn")
        if self.state not in states:
            raise LedgerError(f"the paper is {self.state}", key="study.paper.error.state", state=self.state)

    def amend(self, changes: dict[str, Any], reason: str, by: Actor) -> None:
        """Title, kind and abstract may be corrected until the paper is reviewed."""
        self._require("draft", "submitted")
        super().amend(changes, reason, by)

    def attach(self, files: list[dict[str, Any]], by: Actor) -> None:
        """The manuscript and its files may be added until the paper is reviewed: a grade is given to
        what the leader read."""
        self._require("draft", "submitted")
        super().attach(files, by)

    def submit(self, occurred_on: date, by: Actor) -> None:
        self._require("draft")
        self._submitted(occurred_on=occurred_on, by=by)

    @event("Submitted")
    def _submitted(self, occurred_on: date, by: Actor) -> None:
        self.state = "submitted"
        self.submitted_on = occurred_on

    def review(self, grade: str, comment: str, occurred_on: date, by: Actor) -> None:
        """A leader grades the submitted paper (优秀/良好/合格/不合格) with a comment."""
        self._require("submitted")
        self._reviewed(grade=grade, comment=comment, occurred_on=occurred_on, by=by)

    @event("Reviewed")
    def _reviewed(self, grade: str, comment: str, occurred_on: date, by: Actor) -> None:
        self.state = "reviewed"
        self.grade = grade
        self.comment = comment
        self.reviewed_on = occurred_on

    def recommend(self, comment: str, occurred_on: date, by: Actor) -> None:
        """Recommend a reviewed paper upwards (to the prefecture committee, a journal)."""
        self._require("reviewed")
        if self.grade == "fail":
            raise LedgerError("a failed paper cannot be recommended", key="study.paper.error.failed")
        self._recommended(comment=comment, occurred_on=occurred_on, by=by)

    @event("Recommended")
    def _recommended(self, comment: str, occurred_on: date, by: Actor) -> None:
        self.state = "recommended"

    def publish(self, venue: str, occurred_on: date, by: Actor) -> None:
        """Record where a reviewed or recommended paper was published."""
        self._require("reviewed", "recommended")
        if self.grade == "fail":
            raise LedgerError("a failed paper cannot be published", key="study.paper.error.failed")
        self._published(venue=venue, occurred_on=occurred_on, by=by)

    @event("Published")
    def _published(self, venue: str, occurred_on: date, by: Actor) -> None:
        self.state = "published"
        self.venue = venue


# --- 业务培训 and 赴外考察学习 ------------------------------------------------------------

TRAINING_LEVELS = ("prefecture_system", "autonomous_region", "national", "internal")
"""全地区机构编制系统调训 / 自治区 / 国家 / 机关内部."""


class TrainingSession(Record):
    """A training session held (业务培训), and the cadres who attended it."""

    @event("Recorded")
    def __init__(
        self,
        title: str,
        organiser: str,
        level: str,
        occurred_on: date,
        end_on: date,
        hours: float,
        audience: str,
        attendees: list[UUID],
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.title = title
        self.organiser = organiser
        self.level = level
        self.end_on = end_on
        self.hours = hours
        self.audience = audience
        self.attendees = list(attendees)
        self.trainees: list[dict[str, str]] = []  # from other offices: TraineesEnrolled

    def attend(self, cadre_ids: list[UUID], by: Actor) -> None:
        """Add cadres to the attendance (a sign-in sheet arriving late)."""
        if self.withdrawn:
            raise LedgerError("a withdrawn record cannot change", key="error.record_withdrawn")
        new = [c for c in cadre_ids if c not in self.attendees]
        if not new:
            raise LedgerError("already attending", key="error.nothing_changed")
        self._attended(cadre_ids=new, by=by)

    @event("Attended")
    def _attended(self, cadre_ids: list[UUID], by: Actor) -> None:
        self.attendees.extend(cadre_ids)

    def enrol(self, trainees: list[dict[str, str]], by: Actor) -> None:
        """Add trainees who are not this office's cadres, each by name and office (a county 编办 sent
        them to a region-wide training, 全地区机构编制系统调训). The same person twice counts once."""
        if self.withdrawn:
            raise LedgerError("a withdrawn record cannot change", key="error.record_withdrawn")
        known = {(t["name"], t["office"]) for t in self.trainees}
        new = [t for t in trainees if (t["name"], t["office"]) not in known]
        new = [dict(t) for t in {(t["name"], t["office"]): t for t in new}.values()]
        if not new:
            raise LedgerError("already enrolled", key="error.nothing_changed")
        self._enrolled(trainees=new, by=by)

    @event("TraineesEnrolled")
    def _enrolled(self, trainees: list[dict[str, str]], by: Actor) -> None:
        self.trainees.extend(trainees)


class StudyTour(Record, FileHolder):
    """Cadres sent to study elsewhere (赴外考察学习), and the report they brought back."""

    @event("Recorded")
    def __init__(
        self, destination: str, purpose: str, occurred_on: date, end_on: date, members: list[UUID], by: Actor
    ) -> None:
        self._start(occurred_on, by)
        self.destination = destination
        self.purpose = purpose
        self.end_on = end_on
        self.members = list(members)
        self.report_title = ""
        self.report = ""

    def file_report(self, title: str, text: str, by: Actor) -> None:
        if self.withdrawn:
            raise LedgerError("a withdrawn record cannot change", key="error.record_withdrawn")
        if self.report:
            raise LedgerError("the report was filed already", key="study.training.tour.error.report_filed")
        self._reported(title=title, text=text, by=by)

    @event("ReportFiled")
    def _reported(self, title: str, text: str, by: Actor) -> None:
        self.report_title = title
        self.report = text


# --- 四强测评: four-strong evaluations ---------------------------------------------------

EVALUATION_NAMESPACE = UUID("0f6f2f3e-7c8d-4a55-8f0e-91b6b7a3c5d2")


class Evaluation(Record):
    """A leader's four-strong scores (0-100 on each dimension) of one cadre for one period.

    One per cadre, period and evaluator: a second scoring is a correction (amend), not a new record.
    """

    @staticmethod
    def create_id(cadre_id: UUID, period: str, evaluator: str) -> UUID:
        return uuid5(EVALUATION_NAMESPACE, f"{cadre_id.hex}:{period}:{evaluator}")

    @event("Scored")
    def __init__(
        self,
        cadre_id: UUID,
        period: str,
        evaluator: str,
        scores: dict[str, int],
        comment: str,
        occurred_on: date,
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.cadre_id = cadre_id
        self.period = period
        self.evaluator = evaluator
        self.scores = dict(scores)
        self.comment = comment


class SelfAssessment(Record):
    """A cadre's own account of a period (个人自评), beside the leaders' scores."""

    @staticmethod
    def create_id(cadre_id: UUID, period: str) -> UUID:
        return uuid5(EVALUATION_NAMESPACE, f"self:{cadre_id.hex}:{period}")

    @event("Written")
    def __init__(
        self, cadre_id: UUID, period: str, text: str, scores: dict[str, int], occurred_on: date, by: Actor
    ) -> None:
        self._start(occurred_on, by)
        self.cadre_id = cadre_id
        self.period = period
        self.text = text
        self.scores = dict(scores)


# --- 积分规则: versioned scoring rules ---------------------------------------------------


class RuleSet(Record):
    """One published version of the scoring rules, in force from `effective_from` (its occurred_on).

    A later version never changes what an earlier one decided for the days before it took effect.
    """

    @event("Published")
    def __init__(
        self,
        name: str,
        occurred_on: date,
        daily_target_minutes: int,
        credits: dict[str, float],
        paper_credits: dict[str, float],
        weights: dict[str, float],
        note: str,
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.name = name
        self.daily_target_minutes = daily_target_minutes
        self.credits = dict(credits)
        self.paper_credits = dict(paper_credits)
        self.weights = dict(weights)
        self.note = note
