"""规范高效 (`standards`): one of the five carriers (五大载体)."""

from culture_ledger.registry import Page, Plugin
from plugins.standards.locale import TRANSLATIONS
from plugins.standards.pages import carrier_page

plugin = Plugin(
    id="standards",
    title="plugin.standards",
    pages=(Page("standards", "page.standards", carrier_page, icon=":material/flag:", section="nav.section.carriers"),),
    translations=TRANSLATIONS,
)
