"""How a digest leaves the app: a JSON POST to a group robot's webhook, or an e-mail over SMTP.

Only the standard library: `urllib` for the webhook, `smtplib` for mail. A delivery that fails
raises `DeliveryFailed` with a catalog key, so the command says why in the user's language."""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from plugins.remind.digest import Digest, Wording

WEBHOOK_FORMATS = ("wecom", "dingtalk", "json")
"""WeCom's (企业微信) group robot takes markdown, DingTalk's (钉钉) text; `json` is any other
receiver, given the digest's parts."""

MESSAGE_LIMITS = {"wecom": 4096, "dingtalk": 20000}
"""The most bytes (UTF-8) of content each robot takes in one message; longer digests list what fits
and count the rest."""

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class DeliveryFailed(Exception):
    """The digest did not arrive: `key` and `params` say why (a catalog message)."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key, params)
        self.key, self.params = key, params


@dataclass(frozen=True)
class Webhook:
    """A group robot (or any receiver) that takes one JSON POST per digest."""

    url: str
    format: str = "wecom"
    timeout: float = 10.0

    @property
    def channel(self) -> str:
        return self.format

    def body(self, digest: Digest, words: Wording) -> dict[str, Any]:
        if self.format == "wecom":
            return {"msgtype": "markdown", "markdown": {"content": words.markdown(digest, MESSAGE_LIMITS["wecom"])}}
        if self.format == "dingtalk":
            return {"msgtype": "text", "text": {"content": words.text(digest, MESSAGE_LIMITS["dingtalk"])}}
        return {
            "username": digest.username,
            "name": digest.name,
            "day": digest.day.isoformat(),
            "subject": words.subject(digest),
            "text": words.text(digest),
            "items": words.items(digest),
        }

    def send(self, digest: Digest, words: Wording) -> None:
        data = json.dumps(self.body(digest, words), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read()
        except urllib.error.HTTPError as exc:
            raise DeliveryFailed("remind.error.http", status=exc.code) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DeliveryFailed("remind.error.unreachable", reason=str(reason)) from None
        if self.format in ("wecom", "dingtalk"):
            # Both robots answer 200 with {"errcode": ..., "errmsg": ...}; only 0 means delivered.
            try:
                said = json.loads(answer.decode("utf-8"))
            except ValueError:
                said = None
            if not isinstance(said, dict) or said.get("errcode", 0) != 0:
                code = said.get("errcode") if isinstance(said, dict) else "?"
                message = said.get("errmsg") if isinstance(said, dict) else answer[:200].decode("utf-8", "replace")
                raise DeliveryFailed("remind.error.robot", code=code, message=message)


@dataclass(frozen=True)
class Mailer:
    """An SMTP server that sends each person's digest to their address."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    security: str = "starttls"
    cafile: str | None = None
    """Certificates to trust besides the system's (an office's own mail server under its own CA)."""
    timeout: float = 20.0

    channel = "email"

    def _tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.cafile:
            context.load_verify_locations(cafile=self.cafile)
        return context

    def message(self, digest: Digest, words: Wording, address: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = address
        message["Subject"] = words.subject(digest)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.host)
        message.set_content(words.text(digest), charset="utf-8")
        return message

    def send(self, digest: Digest, words: Wording, address: str) -> None:
        message = self.message(digest, words, address)
        try:
            if self.security == "ssl":
                server = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._tls())
            else:
                server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with server:
                if self.security == "starttls":
                    server.starttls(context=self._tls())
                if self.user:
                    server.login(self.user, self.password or "")
                server.send_message(message)
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryFailed("remind.error.mail_refused", address=address) from None
        except smtplib.SMTPException as exc:
            raise DeliveryFailed("remind.error.mail", reason=_smtp_reason(exc)) from None
        except OSError as exc:
            raise DeliveryFailed("remind.error.unreachable", reason=str(exc)) from None


def _smtp_reason(exc: smtplib.SMTPException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__
