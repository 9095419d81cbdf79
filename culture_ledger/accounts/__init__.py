"""Accounts and roles: who signs in, which pages each role gets, what each may write, and the
access record (访问记录) of who looked at and took out what."""

from culture_ledger.accounts.commands import CreateAccount, SetPassword
from culture_ledger.accounts.demo import seed
from culture_ledger.accounts.locale import TRANSLATIONS
from culture_ledger.accounts.projections import AccessRecordsProjection, AccountsProjection
from culture_ledger.accounts.services import AccessLogService, AccountService
from culture_ledger.registry import Page, Plugin
from domain.accounts import AccessRecord, Account


def _accounts_page() -> None:
    from culture_ledger.accounts.pages import accounts_page

    accounts_page()


def _access_log_page() -> None:
    from culture_ledger.accounts.pages import access_log_page

    access_log_page()


plugin = Plugin(
    id="accounts",
    title="plugin.accounts",
    aggregates=(Account, AccessRecord),
    commands=(CreateAccount, SetPassword),
    projections=(AccountsProjection, AccessRecordsProjection),
    services={"accounts": AccountService, "access_log": AccessLogService},
    pages=(
        Page("accounts", "page.accounts", _accounts_page, icon=":material/manage_accounts:", roles=("admin",),
             section="nav.section.admin"),
        Page("access-log", "page.access_log", _access_log_page, icon=":material/visibility:",
             roles=("auditor", "admin"), section="nav.section.audit"),
    ),
    translations=TRANSLATIONS,
    demo=seed,
)
