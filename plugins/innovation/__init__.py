"""务实创新 (`innovation`): one of the five carriers (五大载体)."""

from culture_ledger.registry import Page, Plugin
from plugins.innovation.locale import TRANSLATIONS
from plugins.innovation.pages import carrier_page

plugin = Plugin(
    id="innovation",
    title="plugin.innovation",
    pages=(Page("innovation", "page.innovation", carrier_page, icon=":material/flag:", section="nav.section.carriers"),),
    translations=TRANSLATIONS,
)
