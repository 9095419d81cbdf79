"""Reminders (待办提醒) leave the app: `culture-ledger remind` sends each person's open tasks, from
every plugin's to-do sources, as one digest to a group robot's webhook or by e-mail, and records
each reminder it sent in the log."""

from culture_ledger.registry import Plugin
from plugins.remind.domain import Reminder
from plugins.remind.locale import TRANSLATIONS
from plugins.remind.projections import RemindersProjection
from plugins.remind.services import ReminderService

plugin = Plugin(
    id="remind",
    title="remind.title",
    aggregates=(Reminder,),
    projections=(RemindersProjection,),
    services={"reminders": ReminderService},
    translations=TRANSLATIONS,
    cli="plugins.remind.cli:add_commands",
)
