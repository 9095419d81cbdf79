"""工作日历 (`calendar`): which days are working days. China's public holidays and make-up working
days (调休) come from the `chinese-calendar` package; administrators mark what it does not know
(next year's schedule before a release has it, a local holiday). The daily study rule counts
only working days; ask `plugins.calendar.queries` (`is_working_day`, `working_days`, `WorkCalendar`)."""

from culture_ledger.registry import Page, Plugin
from culture_ledger.rights import roles_that_may
from plugins.calendar.commands import MarkDay
from plugins.calendar.domain import CalendarDay
from plugins.calendar.locale import TRANSLATIONS
from plugins.calendar.projections import CalendarProjection
from plugins.calendar.services import CalendarService

plugin = Plugin(
    id="calendar",
    title="plugin.calendar",
    aggregates=(CalendarDay,),
    commands=(MarkDay,),
    projections=(CalendarProjection,),
    services={"calendar": CalendarService},
    pages=(
        Page(
            "work-calendar",
            "page.work_calendar",
            "plugins.calendar.pages:calendar_page",
            icon=":material/calendar_month:",
            roles=roles_that_may("admin"),
            section="nav.section.admin",
        ),
    ),
    translations=TRANSLATIONS,
)
