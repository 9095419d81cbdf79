"""风清气正 (`integrity`): assessments of the five types of organ per department and quarter,
integrity education, culture and sports competitions and fellowship events with participants
and awards, and collective honours. One of the five carriers (五大载体)."""

from culture_ledger.registry import Carrier, Gap, Page, Plugin, Todo
from culture_ledger.rights import roles_that_may
from plugins.integrity.commands import (
    ACTIVITY_KINDS,
    AmendAssessment,
    AssessOrgan,
    CollectiveHonour,
    CultureSports,
    IntegrityEducation,
    WithdrawAssessment,
)
from plugins.integrity.deadlines import ASSESSMENT_DUE
from plugins.integrity.demo import seed
from plugins.integrity.domain import OrganAssessment
from plugins.integrity.locale import TRANSLATIONS
from plugins.integrity.projections import INDICATORS, IntegrityProjection
from plugins.integrity.services import IntegrityService

plugin = Plugin(
    id="integrity",
    title="plugin.integrity",
    aggregates=(OrganAssessment,),
    commands=(IntegrityEducation, CultureSports, CollectiveHonour, AssessOrgan, AmendAssessment, WithdrawAssessment),
    projections=(IntegrityProjection,),
    services={"integrity": IntegrityService},
    pages=(
        Page(
            "integrity",
            "page.integrity",
            "plugins.integrity.pages:carrier_page",
            icon=":material/verified:",
            section="nav.section.carriers",
        ),
    ),
    indicators=INDICATORS,
    translations=TRANSLATIONS,
    demo=seed,
    carrier=Carrier(kinds=ACTIVITY_KINDS),
    todos=(
        Todo(
            "integrity.assessment",
            "integrity.todo.title",
            "plugins.integrity.todos:assessments_due",
            roles=roles_that_may("admin"),
        ),
    ),
    deadlines=(ASSESSMENT_DUE,),
    gaps=(
        Gap(
            "integrity_assessment_overdue",
            "integrity.gap.assessment_overdue",
            "plugins.integrity.todos:assessments_overdue",
            period="quarter",
        ),
    ),
)
