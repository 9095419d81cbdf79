"""业务培训 and 赴外考察学习: recording sessions and tours, late attendance, the tour's report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand
from event_store.evidence import Upload
from plugins.carrier import files
from plugins.people.services import PeopleService
from plugins.study.domain import StudyTour, TrainingSession
from plugins.study.kit import RecordService, Withdraw
from plugins.study.training.commands import (
    AddAttendance,
    EnrolTrainees,
    FileTourReport,
    RecordStudyTour,
    RecordTraining,
)


class TrainingService(RecordService):
    """业务培训 and 赴外考察学习: sessions with their attendance, tours with their members and report."""

    rights_kind = "training"

    def _cadres(self, cadre_ids: list[UUID], by: Actor, field: str) -> None:
        for cadre_id in dict.fromkeys(cadre_ids):
            self.authorize(by, "record", cadre_id=cadre_id)
            try:
                self.ledger.service(PeopleService).active_cadre(cadre_id)
            except InvalidCommand:
                raise InvalidCommand([(field, "validation.unknown_cadre", {})]) from None

    def _session(self, command: RecordTraining | dict, by: Actor) -> TrainingSession:
        cmd = validate(RecordTraining, command)
        self.authorize(by, "record")
        self._cadres(cmd.attendees, by, "attendees")
        session = TrainingSession(
            title=cmd.title,
            organiser=cmd.organiser,
            level=cmd.level,
            occurred_on=cmd.occurred_on,
            end_on=cmd.end_on,
            hours=cmd.hours,
            audience=cmd.audience,
            attendees=list(dict.fromkeys(cmd.attendees)),
            by=by,
        )
        if cmd.trainees:  # saved with the session, in the same transaction
            session.enrol([t.model_dump() for t in cmd.trainees], by)
        return session

    def record_session(self, command: RecordTraining | dict, by: Actor) -> UUID:
        """Record a training session held and the cadres who attended."""
        session = self._session(command, by)
        self.save(session)
        return session.id

    def record_sessions_batch(
        self, commands: Iterable[RecordTraining | dict], by: Actor, *, each: Sequence[Actor] | None = None
    ) -> list[UUID]:
        """Many sessions at once (imports, demo data): all checked before any is written.
        `each` (an import): the actor each command is recorded by, saying its file and row; `by` else."""
        commands = list(commands)
        actors = each if each is not None else [by] * len(commands)
        sessions = [self._session(c, actor) for c, actor in zip(commands, actors, strict=True)]
        self.save_many(sessions)
        return [s.id for s in sessions]

    def add_attendance(
        self, session_id: UUID, command: AddAttendance | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """Add cadres to a session's attendance (a sign-in sheet arriving late)."""
        cmd = validate(AddAttendance, command)
        session = self.get(session_id, TrainingSession, version=version)
        self.authorize(by, "record")
        self._cadres(cmd.cadre_ids, by, "cadre_ids")
        session.attend(list(dict.fromkeys(cmd.cadre_ids)), by)
        self.save(session)

    def enrol_trainees(
        self, session_id: UUID, command: EnrolTrainees | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """Add trainees from other offices (by name and office) to a session: a region-wide training's roll."""
        cmd = validate(EnrolTrainees, command)
        session = self.get(session_id, TrainingSession, version=version)
        self.authorize(by, "record")
        session.enrol([t.model_dump() for t in cmd.trainees], by)
        self.save(session)

    def withdraw_session(
        self, session_id: UUID, command: Withdraw | dict, by: Actor, *, version: int | None = None
    ) -> None:
        self._withdraw(session_id, TrainingSession, command, by, version)

    def record_tour(self, command: RecordStudyTour | dict, by: Actor) -> UUID:
        """Record a study tour: destination, dates, members, purpose."""
        cmd = validate(RecordStudyTour, command)
        self.authorize(by, "record")
        self._cadres(cmd.members, by, "members")
        tour = StudyTour(
            destination=cmd.destination,
            purpose=cmd.purpose,
            occurred_on=cmd.occurred_on,
            end_on=cmd.end_on,
            members=list(dict.fromkeys(cmd.members)),
            by=by,
        )
        self.save(tour)
        return tour.id

    def file_report(
        self,
        tour_id: UUID,
        command: FileTourReport | dict,
        by: Actor,
        *,
        version: int | None = None,
        uploads: Sequence[Upload] = (),
    ) -> None:
        """The report the members brought back from the tour, with its file if sent (in the same save)."""
        cmd = validate(FileTourReport, command)
        tour = self.get(tour_id, StudyTour, version=version)
        self.authorize(by, "record")
        self.authorize_change(by, "tour_report", members=tour.members)  # staff: only a tour they were on
        with files.keeping(self.ledger, uploads) as report:
            tour.file_report(cmd.title, cmd.text, by)
            if report:
                tour.attach(report, by)
            self.save(tour)

    def attach_tour_files(
        self, tour_id: UUID, by: Actor, *, uploads: Sequence[Upload], version: int | None = None
    ) -> None:
        """Add files to a tour (its report's file, photos): whoever may file its report (its members)."""
        tour = self.get(tour_id, StudyTour, version=version)
        self.authorize(by, "record")
        self.authorize_change(by, "tour_report", members=tour.members)
        files.attach(self, tour, uploads, by)
