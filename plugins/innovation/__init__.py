"""务实创新 (`innovation`): innovation proposals from submitted to evaluated, adopted, piloted and
implemented (or rejected), with expected and observed effect; the funnel; innovation seminars.
One of the five carriers (五大载体)."""

from culture_ledger.registry import Carrier, Page, Plugin, Todo
from culture_ledger.rights import roles_that_may
from plugins.innovation.commands import (
    ACTIVITY_KINDS,
    AdoptProposal,
    AmendProposal,
    EvaluateProposal,
    ImplementProposal,
    InnovationSeminar,
    PilotProposal,
    RejectProposal,
    SubmitProposal,
    WithdrawProposal,
)
from plugins.innovation.demo import seed
from plugins.innovation.domain import Proposal
from plugins.innovation.locale import TRANSLATIONS
from plugins.innovation.projections import INDICATORS, InnovationProjection
from plugins.innovation.services import InnovationService

plugin = Plugin(
    id="innovation",
    title="plugin.innovation",
    aggregates=(Proposal,),
    commands=(
        InnovationSeminar,
        SubmitProposal,
        EvaluateProposal,
        AdoptProposal,
        PilotProposal,
        ImplementProposal,
        RejectProposal,
        AmendProposal,
        WithdrawProposal,
    ),
    projections=(InnovationProjection,),
    services={"innovation": InnovationService},
    pages=(
        Page(
            "innovation",
            "page.innovation",
            "plugins.innovation.pages:carrier_page",
            icon=":material/lightbulb:",
            section="nav.section.carriers",
        ),
    ),
    indicators=INDICATORS,
    translations=TRANSLATIONS,
    todos=(
        Todo(
            "innovation.proposals",
            "innovation.todo.source",
            "plugins.innovation.todos:awaiting_leader",
            roles=roles_that_may("review"),
        ),
    ),
    demo=seed,
    carrier=Carrier(kinds=ACTIVITY_KINDS),
)
