"""服务大局 (`overall`): one of the five carriers (五大载体)."""

from culture_ledger.registry import Page, Plugin
from plugins.overall.locale import TRANSLATIONS
from plugins.overall.pages import carrier_page

plugin = Plugin(
    id="overall",
    title="plugin.overall",
    pages=(Page("overall", "page.overall", carrier_page, icon=":material/flag:", section="nav.section.carriers"),),
    translations=TRANSLATIONS,
)
