"""Each person's digest: the open tasks of every role they hold, merged, worded in Chinese.

A task's title is a catalog key of the plugin that made it, so the digest words it the way the
to-do list does; what a person wrote (a leader's reason for returning a record) stays their text."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from culture_ledger.i18n import DEFAULT_LANGUAGE, Catalog
from culture_ledger.registry import Task
from domain.actor import Actor
from plugins.accounts.services import AccountService, plain_detail

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


@dataclass(frozen=True)
class Item:
    """One open task in a digest, with the to-do source it came from."""

    source: str
    source_title: str
    task: Task

    def key(self) -> dict[str, Any]:
        """What makes it this item (the same task again tomorrow is another reminder)."""
        t = self.task
        return plain_detail(
            {
                "source": self.source,
                "title": t.title,
                "params": dict(t.params),
                "state": t.state,
                "due": t.due,
                "record": t.record,
                "who": t.who,
                "note": t.note,
            }
        )


@dataclass
class Digest:
    """What one person is reminded of today."""

    username: str
    name: str
    email: str | None
    day: date
    items: list[Item] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.task.state == "overdue")

    def fingerprint(self) -> str:
        """The same items give the same fingerprint (the id of their reminder on a day and channel)."""
        text = json.dumps([i.key() for i in self.items], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digests(ledger: Ledger, day: date) -> list[Digest]:
    """Every enabled account with something open today, its tasks from each role it holds merged
    (one task asked of two roles counts once); overdue first, then by due date."""
    accounts = ledger.service(AccountService)
    titles = {todo.key: todo.title for todo in ledger.registry.todos}
    found = []
    for account in accounts.accounts():
        if account["disabled"] or not account["roles"]:
            continue
        items: dict[str, Item] = {}
        for role in account["roles"]:
            actor = Actor(account["username"], role, "system")
            for source, tasks in ledger.registry.tasks(ledger, actor, day).items():
                for task in tasks:
                    if task.is_open():
                        item = Item(source, titles[source], task)
                        items.setdefault(json.dumps(item.key(), sort_keys=True, ensure_ascii=False), item)
        if not items:
            continue
        ordered = sorted(
            items.values(),
            key=lambda i: (i.task.state != "overdue", i.task.due is None, i.task.due or day),
        )
        found.append(
            Digest(
                username=account["username"],
                name=account["cadre"] or account["display_name"],
                email=accounts.email_of(account["username"]),
                day=day,
                items=ordered,
            )
        )
    return found


class Wording:
    """Words a digest in one language (the catalog's default, Chinese) from the catalogs."""

    def __init__(self, catalog: Catalog, lang: str = DEFAULT_LANGUAGE):
        self.catalog = catalog
        self.lang = lang

    def t(self, key: str, **params: Any) -> str:
        return self.catalog.t(self.lang, key, **params)

    def day(self, d: date, today: date) -> str:
        if d.year == today.year:
            return self.t("remind.day.short", month=d.month, day=d.day)
        return self.t("remind.day.long", year=d.year, month=d.month, day=d.day)

    def subject(self, digest: Digest) -> str:
        if digest.overdue:
            return self.t("remind.subject.overdue", count=len(digest.items), overdue=digest.overdue)
        return self.t("remind.subject", count=len(digest.items))

    def headline(self, digest: Digest) -> str:
        today = self.t("remind.day.long", year=digest.day.year, month=digest.day.month, day=digest.day.day)
        if digest.overdue:
            return self.t(
                "remind.greeting.overdue", name=digest.name, day=today, count=len(digest.items), overdue=digest.overdue
            )
        return self.t("remind.greeting", name=digest.name, day=today, count=len(digest.items))

    def title(self, item: Item) -> str:
        return self.t(item.task.title, **item.task.params)

    def details(self, item: Item, today: date) -> list[str]:
        """Due date, state and the person it concerns, each as a short phrase; the note last."""
        t = item.task
        parts = []
        if t.due is not None:
            parts.append(self.t("remind.due", day=self.day(t.due, today)))
        if t.state in ("overdue", "returned", "review"):
            parts.append(self.t(f"remind.state.{t.state}"))
        if t.who:
            parts.append(self.t("remind.who", who=t.who))
        if t.note:
            parts.append(self.t("remind.note", note=t.note))
        return parts

    def line(self, item: Item, today: date) -> str:
        """`【日学一时】今日学习（截止 12月7日，已逾期）`."""
        details = self.details(item, today)
        text = f"【{self.t(item.source_title)}】{self.title(item)}"
        return text + (self.t("remind.details", details="，".join(details)) if details else "")

    def text(self, digest: Digest, limit: int | None = None) -> str:
        """The digest as plain text: e-mail body, DingTalk text, the dry run (within `limit` bytes,
        as `markdown`)."""
        head = [self.subject(digest), self.headline(digest)]
        lines = [f"{n}. {self.line(item, digest.day)}" for n, item in enumerate(digest.items, 1)]
        return _within(head, lines, self.t("remind.closing"), limit, self._more)

    def markdown(self, digest: Digest, limit: int | None = None) -> str:
        """The digest as WeCom markdown: overdue in its warning colour; what people wrote cannot turn
        into markup (its markup characters are shown as their full-width look-alikes). Within `limit`
        bytes (a robot refuses longer messages), the items that do not fit are counted, not listed."""
        head = [f"**{_plain(self.subject(digest))}**", _plain(self.headline(digest))]
        lines = []
        for n, item in enumerate(digest.items, 1):
            line = _plain(self.line(item, digest.day))
            if item.task.state == "overdue":
                overdue = _plain(self.t("remind.state.overdue"))
                line = line.replace(overdue, f'<font color="warning">{overdue}</font>', 1)
            lines.append(f"> {n}. {line}")
        return _within(head, lines, _plain(self.t("remind.closing")), limit, self._more)

    def _more(self, count: int) -> str:
        return self.t("remind.more", count=count)

    def items(self, digest: Digest) -> list[dict[str, Any]]:
        """The items as recorded and as a generic webhook receives them: the task and its words."""
        return [{**item.key(), "text": self.line(item, digest.day)} for item in digest.items]


_MARKUP = str.maketrans({"<": "＜", ">": "＞", "*": "＊", "`": "｀", "[": "［", "]": "］", "#": "＃", "_": "＿"})


def _plain(text: str) -> str:
    return text.translate(_MARKUP)


def _within(head: list[str], lines: list[str], closing: str, limit: int | None, more) -> str:
    """`head`, as many of `lines` as fit in `limit` bytes (UTF-8) with a count of the rest, `closing`."""
    whole = "\n".join([*head, *lines, closing])
    if limit is None or len(whole.encode("utf-8")) <= limit:
        return whole
    kept = list(lines)
    while kept:
        kept.pop()
        text = "\n".join([*head, *kept, more(len(lines) - len(kept)), closing])
        if len(text.encode("utf-8")) <= limit:
            return text
    return "\n".join([*head, more(len(lines)), closing])
