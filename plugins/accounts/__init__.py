"""Accounts and roles: who signs in, which pages each role gets, what each may write, and the
access record (访问记录) of who looked at and took out what."""

from culture_ledger.registry import Page, Plugin
from culture_ledger.rights import roles_that_may
from domain.accounts import AccessRecord, Account, Administrators
from plugins.accounts.cli import add_parser
from plugins.accounts.commands import CreateAccount, SetEmail, SetPassword
from plugins.accounts.demo import demo_banner, seed
from plugins.accounts.locale import TRANSLATIONS
from plugins.accounts.projections import AccessRecordsProjection, AccountsProjection
from plugins.accounts.services import AccessLogService, AccountService
from plugins.accounts.sessions import SessionService

plugin = Plugin(
    id="accounts",
    title="plugin.accounts",
    aggregates=(Account, AccessRecord, Administrators),
    commands=(CreateAccount, SetPassword, SetEmail),
    projections=(AccountsProjection, AccessRecordsProjection),
    services={"accounts": AccountService, "access_log": AccessLogService, "sessions": SessionService},
    pages=(
        Page(
            "accounts",
            "page.accounts",
            "plugins.accounts.pages:accounts_page",
            icon=":material/manage_accounts:",
            roles=roles_that_may("admin"),
            section="nav.section.admin",
        ),
        Page(
            "access-log",
            "page.access_log",
            "plugins.accounts.pages:access_log_page",
            icon=":material/visibility:",
            roles=roles_that_may("audit"),
            section="nav.section.audit",
        ),
    ),
    translations=TRANSLATIONS,
    demo=seed,
    banner=demo_banner,
    cli=add_parser,
)
