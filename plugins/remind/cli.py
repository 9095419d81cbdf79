"""`culture-ledger remind`: each person's open tasks as one digest, out of the app (for cron).

Settings come from the environment, and a flag overrides its variable:

    CULTURE_LEDGER_REMIND_WEBHOOK          --webhook URL         a group robot's (or any) webhook
    CULTURE_LEDGER_REMIND_WEBHOOK_FORMAT   --webhook-format F    wecom (default) | dingtalk | json
    CULTURE_LEDGER_SMTP_HOST               --smtp-host HOST      e-mail to each account's address
    CULTURE_LEDGER_SMTP_PORT               --smtp-port N         587 for starttls, 465 for ssl, 25 for none
    CULTURE_LEDGER_SMTP_SECURITY           --smtp-security S     starttls (default) | ssl | none
    CULTURE_LEDGER_SMTP_USER               --smtp-user USER      signs in when set
    CULTURE_LEDGER_SMTP_PASSWORD           (environment only: never on a command line)
    CULTURE_LEDGER_SMTP_FROM               --smtp-from ADDRESS   the sender (default: the user)
    CULTURE_LEDGER_SMTP_CAFILE             --smtp-cafile FILE    also trust these certificates (PEM)

An account's e-mail address is the one set with `culture-ledger accounts email USERNAME ADDRESS`,
else its username when that is an address. Exit status: 0 when every digest went out (or had
already gone today), 1 when a delivery failed (the others still went), 2 when a setting is wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from plugins.remind.delivery import DEFAULT_PORTS, SECURITY, WEBHOOK_FORMATS

if TYPE_CHECKING:
    from datetime import date

    from culture_ledger.ledger import Ledger
    from domain.actor import Actor
    from plugins.remind.delivery import Mailer, Webhook


class SettingError(Exception):
    """A setting that cannot work: `key` and `params` say which, in the catalog's words."""

    def __init__(self, key: str, **params):
        super().__init__(key, params)
        self.key, self.params = key, params


def _setting(args: argparse.Namespace, flag: str, variable: str) -> str | None:
    value = getattr(args, flag, None)
    if value in (None, ""):
        value = os.environ.get(variable) or None
    return value.strip() if isinstance(value, str) else value


def channels(args: argparse.Namespace) -> tuple[Webhook | None, Mailer | None]:
    """The webhook and the mail server the flags and the environment name (either may be None)."""
    from plugins.remind.delivery import Mailer, Webhook

    webhook = None
    url = _setting(args, "webhook", "CULTURE_LEDGER_REMIND_WEBHOOK")
    if url:
        form = (_setting(args, "webhook_format", "CULTURE_LEDGER_REMIND_WEBHOOK_FORMAT") or "wecom").lower()
        if form not in WEBHOOK_FORMATS:
            raise SettingError("remind.error.webhook_format", value=form, choices="、".join(WEBHOOK_FORMATS))
        if not url.startswith(("http://", "https://")):
            raise SettingError("remind.error.webhook_url")
        webhook = Webhook(url, form)
    mailer = None
    host = _setting(args, "smtp_host", "CULTURE_LEDGER_SMTP_HOST")
    if host:
        security = (_setting(args, "smtp_security", "CULTURE_LEDGER_SMTP_SECURITY") or "starttls").lower()
        if security not in SECURITY:
            raise SettingError("remind.error.smtp_security", value=security, choices="、".join(SECURITY))
        port = _setting(args, "smtp_port", "CULTURE_LEDGER_SMTP_PORT")
        try:
            port = int(port) if port else DEFAULT_PORTS[security]
        except ValueError:
            raise SettingError("remind.error.smtp_port", value=port) from None
        user = _setting(args, "smtp_user", "CULTURE_LEDGER_SMTP_USER")
        sender = _setting(args, "smtp_from", "CULTURE_LEDGER_SMTP_FROM") or user
        if not sender:
            raise SettingError("remind.error.smtp_from")
        password = os.environ.get("CULTURE_LEDGER_SMTP_PASSWORD") or None
        cafile = _setting(args, "smtp_cafile", "CULTURE_LEDGER_SMTP_CAFILE")
        if cafile and not os.path.isfile(cafile):
            raise SettingError("remind.error.smtp_cafile", path=cafile)
        mailer = Mailer(host, port, sender, user, password, security, cafile)
    return webhook, mailer


def remind(ledger: Ledger, day: date, by: Actor, **how: Any) -> int:
    """The scheduled job (`_remind`), run as the system: the `system` channel is open only while it runs."""
    from culture_ledger.ledger import channel_open

    with channel_open("system"):
        return _remind(ledger, day, by, **how)


def _remind(
    ledger: Ledger,
    day: date,
    by: Actor,
    *,
    webhook: Webhook | None = None,
    mailer: Mailer | None = None,
    dry_run: bool = False,
    force: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Send (or, dry, print) every person's digest through each channel; record each one delivered.

    A digest whose items all went to the person through a channel earlier today is not sent there
    again unless `force`; one with a new item is (whole). One person's failed delivery is said, recorded as nothing, and does not stop the others;
    the exit code is then 1."""
    from domain.errors import LedgerError
    from plugins.remind.delivery import DeliveryFailed
    from plugins.remind.digest import Wording, digests
    from plugins.remind.services import ReminderService

    out, err = out or sys.stdout, err or sys.stderr
    words = Wording(ledger.catalog)
    service = ledger.service(ReminderService)
    found = digests(ledger, day)
    if not found:
        print(words.t("remind.nobody"), file=out)
        return 0
    failed = 0
    for digest in found:
        who = words.t("remind.person", name=digest.name, username=digest.username)
        ways: list[tuple[str, str | None]] = []
        if webhook is not None:
            ways.append((webhook.channel, None))
        if mailer is not None:
            if digest.email:
                ways.append(("email", digest.email))
            else:
                print(words.t("remind.skipped.no_email", person=who), file=out)
        if dry_run:
            names = "、".join(words.t(f"remind.channel.{c}") for c, _ in ways) or words.t("remind.channel.none")
            print(words.t("remind.dry_run.header", person=who, channels=names), file=out)
            if digest.email:
                print(words.t("remind.dry_run.email", address=digest.email), file=out)
            print(words.text(digest), file=out)
            print(file=out)
            continue
        fingerprint = digest.fingerprint()
        items = words.items(digest)
        for channel, address in ways:
            channel_name = words.t(f"remind.channel.{channel}")
            if not force and service.already_sent(digest.username, channel, day, fingerprint, items):
                print(words.t("remind.skipped.already_sent", person=who, channel=channel_name), file=out)
                continue
            try:
                if channel == "email":
                    mailer.send(digest, words, address)
                else:
                    webhook.send(digest, words)
            except DeliveryFailed as exc:
                failed += 1
                reason = words.t(exc.key, **exc.params)
                print(words.t("remind.failed", person=who, channel=channel_name, reason=reason), file=err)
                continue
            try:
                service.record_sent(digest.username, channel, address, day, items, fingerprint, by, again=force)
            except LedgerError:
                # Another run recorded the same reminder a moment ago: it went out, and is on record.
                pass
            print(words.t("remind.sent", person=who, channel=channel_name, count=len(digest.items)), file=out)
    if dry_run:
        print(words.t("remind.dry_run.nothing_written"), file=out)
    return 1 if failed else 0


def cmd_remind(args: argparse.Namespace) -> int:
    from culture_ledger.cli import open_ledger
    from culture_ledger.i18n import DEFAULT_LANGUAGE
    from domain import clock
    from plugins.accounts.cli import operator

    ledger = open_ledger(args)
    try:
        try:
            webhook, mailer = channels(args)
        except SettingError as exc:
            print(ledger.catalog.t(DEFAULT_LANGUAGE, exc.key, **exc.params), file=sys.stderr)
            return 2
        if webhook is None and mailer is None and not args.dry_run:
            print(ledger.catalog.t(DEFAULT_LANGUAGE, "remind.error.no_channel"), file=sys.stderr)
            return 2
        return remind(
            ledger,
            clock.today(),
            operator().via("system"),
            webhook=webhook,
            mailer=mailer,
            dry_run=args.dry_run,
            force=args.force,
        )
    finally:
        ledger.close()


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The `remind` subcommand."""
    remind = sub.add_parser(
        "remind",
        help="send each person's due and overdue items as one digest (webhook or e-mail; for cron)",
        description=(
            "Send each enabled account's open tasks (due, overdue, returned for correction, awaiting review), "
            "from every role it holds, as one digest in Chinese: to a group robot's webhook (WeCom 企业微信, "
            "DingTalk 钉钉, or any JSON receiver) and/or by e-mail to the account's address. Each reminder sent is "
            "recorded in the log (who, what, which channel, when). An item goes to a person through a channel once "
            "a day: a run with nothing new for someone sends them nothing, a new item sends their whole digest "
            "again; --force sends anyway."
        ),
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    remind.add_argument("--dry-run", action="store_true", help="print each person's digest; send and record nothing")
    remind.add_argument("--force", action="store_true", help="send again what was already sent today")
    remind.add_argument("--webhook", help="webhook URL ($CULTURE_LEDGER_REMIND_WEBHOOK)")
    remind.add_argument(
        "--webhook-format",
        choices=WEBHOOK_FORMATS,
        help="wecom (markdown), dingtalk (text) or json ($CULTURE_LEDGER_REMIND_WEBHOOK_FORMAT, default wecom)",
    )
    remind.add_argument("--smtp-host", help="mail server ($CULTURE_LEDGER_SMTP_HOST)")
    remind.add_argument("--smtp-port", type=int, help="($CULTURE_LEDGER_SMTP_PORT; default by --smtp-security)")
    remind.add_argument("--smtp-security", choices=SECURITY, help="($CULTURE_LEDGER_SMTP_SECURITY, default starttls)")
    remind.add_argument(
        "--smtp-user", help="($CULTURE_LEDGER_SMTP_USER; the password only from $CULTURE_LEDGER_SMTP_PASSWORD)"
    )
    remind.add_argument("--smtp-from", help="sender address ($CULTURE_LEDGER_SMTP_FROM, default the user)")
    remind.add_argument(
        "--smtp-cafile", help="PEM certificates to trust besides the system's ($CULTURE_LEDGER_SMTP_CAFILE)"
    )
    remind.set_defaults(func=cmd_remind)
