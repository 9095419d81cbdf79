"""政治坚定 (`political`): one of the five carriers (五大载体)."""

from culture_ledger.registry import Page, Plugin
from plugins.political.locale import TRANSLATIONS
from plugins.political.pages import carrier_page

plugin = Plugin(
    id="political",
    title="plugin.political",
    pages=(Page("political", "page.political", carrier_page, icon=":material/flag:", section="nav.section.carriers"),),
    translations=TRANSLATIONS,
)
