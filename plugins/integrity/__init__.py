"""风清气正 (`integrity`): one of the five carriers (五大载体)."""

from culture_ledger.registry import Page, Plugin
from plugins.integrity.locale import TRANSLATIONS
from plugins.integrity.pages import carrier_page

plugin = Plugin(
    id="integrity",
    title="plugin.integrity",
    pages=(Page("integrity", "page.integrity", carrier_page, icon=":material/flag:", section="nav.section.carriers"),),
    translations=TRANSLATIONS,
)
