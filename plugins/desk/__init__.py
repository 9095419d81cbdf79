"""The desk (`desk`, 工作台): the home page with each person's day first (我的待办, from every
plugin's to-do sources, counted in the navigation), and the office's deadlines as data.

Plugins declare the kinds of deadline their records keep (`Plugin.deadlines`, with defaults);
an admin sets their dates here as versions in force from a day (`ScheduleService.set_deadline`),
and the plugins ask `ScheduleService.due` when they compute their to-do items and gaps."""

from culture_ledger.registry import Page, Plugin, Todo
from culture_ledger.rights import roles_that_may
from plugins.desk.commands import SetDeadline
from plugins.desk.domain import DeadlineRule
from plugins.desk.locale import TRANSLATIONS
from plugins.desk.projections import ScheduleProjection
from plugins.desk.services import ScheduleService

plugin = Plugin(
    id="desk",
    title="plugin.desk",
    aggregates=(DeadlineRule,),
    commands=(SetDeadline,),
    projections=(ScheduleProjection,),
    services={"schedule": ScheduleService},
    pages=(
        Page(
            "home",
            "page.home",
            "plugins.desk.home:render",
            icon=":material/home:",
            section="nav.section.overview",
            badge="plugins.desk.tasks:open_count",
            badge_title="desk.badge",
        ),
        Page(
            "desk-deadlines",
            "page.desk_deadlines",
            "plugins.desk.pages:deadlines_page",
            icon=":material/event:",
            roles=roles_that_may("admin"),
            section="nav.section.admin",
        ),
    ),
    todos=(Todo("desk.setup", "desk.todo.setup", "plugins.desk.tasks:deadlines_unset", roles=roles_that_may("admin")),),
    translations=TRANSLATIONS,
)
