"""Auditing (审计): browse and replay the whole log, see the dashboards as they stood, prove nothing was altered."""

from culture_ledger.registry import Page, Plugin
from culture_ledger.rights import roles_that_may
from plugins.audit.cli import add_commands
from plugins.audit.demo import seed
from plugins.audit.locale import TRANSLATIONS
from plugins.audit.projections import EventIndexProjection

AUDITORS = roles_that_may("audit")

plugin = Plugin(
    id="audit",
    title="plugin.audit",
    projections=(EventIndexProjection,),
    pages=(
        Page(
            "audit-events",
            "page.audit_events",
            "plugins.audit.pages:events_page",
            icon=":material/manage_search:",
            roles=AUDITORS,
            section="nav.section.audit",
        ),
        Page(
            "audit-record",
            "page.audit_record",
            "plugins.audit.pages:record_page",
            icon=":material/history:",
            roles=AUDITORS,
            section="nav.section.audit",
        ),
        Page(
            "audit-time-travel",
            "page.audit_time_travel",
            "plugins.audit.pages:time_travel_page",
            icon=":material/update:",
            roles=AUDITORS,
            section="nav.section.audit",
        ),
        Page(
            "audit-integrity",
            "page.audit_integrity",
            "plugins.audit.pages:integrity_page",
            icon=":material/verified:",
            roles=AUDITORS,
            section="nav.section.audit",
        ),
        Page(
            "audit-health",
            "page.audit_health",
            "plugins.audit.health:health_page",
            icon=":material/monitor_heart:",
            roles=AUDITORS,
            section="nav.section.audit",
            badge="plugins.audit.health:stopped_count",
            badge_title="audit.health.badge",
        ),
    ),
    translations=TRANSLATIONS,
    demo=seed,
    cli=add_commands,
)
