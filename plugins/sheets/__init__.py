"""Sheets in (导入表格): the 导入表格 page and `culture-ledger sheets`, for every sheet kind the
plugins declare (`Plugin.sheets`): download a kind's template, upload a filled one, preview its
row report, import it. The machinery is `culture_ledger.sheets`."""

from culture_ledger.registry import Page, Plugin
from plugins.sheets.locale import TRANSLATIONS

plugin = Plugin(
    id="sheets",
    title="sheets.title",
    pages=(
        Page(
            "sheets",
            "sheets.title",
            "plugins.sheets.pages:render",
            icon=":material/upload_file:",
            roles=("staff", "leader", "admin"),
            section="nav.section.admin",
        ),
    ),
    translations=TRANSLATIONS,
    cli="plugins.sheets.cli:add_commands",
)
