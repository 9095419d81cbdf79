"""风清气正 (`integrity`): assessments of the five types of organ per department and quarter,
integrity education, culture and sports competitions and fellowship events with participants
and awards, and collective honours. One of the five carriers (五大载体)."""

from culture_ledger.registry import Carrier, Page, Plugin
from plugins.integrity.commands import (
    ACTIVITY_KINDS,
    AmendAssessment,
    AssessOrgan,
    CollectiveHonour,
    CultureSports,
    IntegrityEducation,
    WithdrawAssessment,
)
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
)
