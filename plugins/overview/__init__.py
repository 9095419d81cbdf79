"""The leaders' overview (`overview`): every plugin's indicators and gaps on one page, coverage
heatmaps of the carriers' activities, rankings, provenance from a figure to its events, and the
period report (Excel and Word)."""

from culture_ledger.registry import Gap, Page, Plugin
from culture_ledger.rights import roles_that_may
from plugins.overview.locale import TRANSLATIONS


def departments_without_activity(ledger, scope):
    """Departments that held no confirmed activity in a carrier over the scope (the empty heatmap cells)."""
    from plugins.overview.figures import departments_without_activity as compute

    return compute(ledger, scope)


plugin = Plugin(
    id="overview",
    title="plugin.overview",
    pages=(
        Page(
            "overview",
            "page.overview",
            "plugins.overview.pages:render",
            icon=":material/monitoring:",
            roles=roles_that_may("oversee"),
            section="nav.section.overview",
        ),
    ),
    gaps=(
        Gap(
            "carrier_without_activity",
            "overview.gap.carrier_without_activity",
            departments_without_activity,
            period="quarter",
        ),
    ),
    translations=TRANSLATIONS,
)
