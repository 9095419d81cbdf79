"""专项活动 (`campaigns`): the campaigns an office declares for a year, such as the article's frame,
自身建设年活动, or 五型机关创建: goals, the carriers and ideas served, and the activities, reform tasks,
working rules and proposals linked to it; leaders see its progress, and for a five-type campaign what
each department did toward each type with the type's score beside it."""

from culture_ledger.registry import Page, Plugin
from plugins.campaigns.commands import DeclareCampaign, LinkRecord, ReportGoal, UnlinkRecord, WithdrawCampaign
from plugins.campaigns.domain import Campaign
from plugins.campaigns.locale import TRANSLATIONS
from plugins.campaigns.projections import CampaignProjection
from plugins.campaigns.services import CampaignService

plugin = Plugin(
    id="campaigns",
    title="plugin.campaigns",
    aggregates=(Campaign,),
    commands=(DeclareCampaign, LinkRecord, UnlinkRecord, ReportGoal, WithdrawCampaign),
    projections=(CampaignProjection,),
    services={"campaigns": CampaignService},
    pages=(
        Page(
            "campaigns",
            "page.campaigns",
            "plugins.campaigns.pages:campaigns_page",
            icon=":material/campaign:",
            section="nav.section.overview",
        ),
    ),
    translations=TRANSLATIONS,
    demo="plugins.campaigns.demo:seed",
)
