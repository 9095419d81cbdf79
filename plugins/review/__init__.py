"""Review (`review`): the leaders' 审核 inbox and the records returned for correction.

The inbox gathers every to-do source's items that await a leader (`Task.state == "review"`):
those of a source with `decide` (carrier activities) are confirmed or returned here, one by one or
in a batch, each return with a reason; the others (a paper to grade, a pledge to rate, an
evaluation due) open on their own page. The returned page lists the signed-in person's records a
leader returned (`Task.state == "returned"`), each with the reason, opening it for correction.
Each page counts its items in the navigation."""

from culture_ledger.registry import Page, Plugin
from culture_ledger.rights import roles_that_may
from plugins.review.locale import TRANSLATIONS

plugin = Plugin(
    id="review",
    title="plugin.review",
    pages=(
        Page(
            "inbox",
            "review.page.inbox",
            "plugins.review.pages:inbox_page",
            icon=":material/inbox:",
            roles=roles_that_may("review"),
            section="nav.section.overview",
            badge="plugins.review.tasks:awaiting_review",
        ),
        Page(
            "returned",
            "review.page.returned",
            "plugins.review.pages:returned_page",
            icon=":material/undo:",
            roles=roles_that_may("record"),
            section="nav.section.overview",
            badge="plugins.review.tasks:returned",
        ),
    ),
    translations=TRANSLATIONS,
)
