"""The leaders' overview (`overview`): every plugin's indicators and gaps on one page, coverage
heatmaps of the carriers' activities, rankings, provenance from a figure to its events, and the
period report (Excel, Word and PDF) with `culture-ledger report`."""

from culture_ledger.registry import Gap, Page, Plugin
from culture_ledger.rights import roles_that_may
from plugins.overview.locale import TRANSLATIONS

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
            "plugins.overview.figures:departments_without_activity",  # the empty heatmap cells
            period="quarter",
        ),
    ),
    translations=TRANSLATIONS,
    cli="plugins.overview.cli:add_commands",
)
