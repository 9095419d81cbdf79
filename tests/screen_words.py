"""What a stranger must never read on a Chinese screen: code words, event class names, English
words and record ids. One checker for the screen-reading tests (pages, roles, reports)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# snake_case codes: quota_type, days_to_resolve, sanzhengzuo_session
SNAKE = re.compile(r"(?<![\w/.:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w])")
# an event's class name: Activity.Recorded, Submission.Claimed
EVENT = re.compile(r"\b[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+\b")
# a record id: a uuid with or without dashes, or a run of hex digits (a SHA-256 digest, 64 digits, or
# its first digits cut short with "…", is a fingerprint an auditor compares: not an id)
UUID = re.compile(
    r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
    r"|(?<![0-9a-f])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])(?![0-9a-f]{64}(?![0-9a-f]))[0-9a-f]{12,}(?![0-9a-f…])",
    re.IGNORECASE,
)
# an English word in lower case (person, excellent, length, ecology); user names like demo-leader too
WORD = re.compile(r"(?<![\w@./:-])[a-z]{2,}(?:-[a-z]+)*(?![\w@])")
# an English word with a capital (Activity, Returned, Choose an option)
CAPITALISED = re.compile(r"(?<![\w@./:-])[A-Z][a-z]{2,}(?![\w@])")

ALLOWED_WORDS = frozenset(
    {
        # file types, units and protocol words that offices read as such
        "xlsx",
        "docx",
        "csv",
        "json",
        "pdf",
        "px",
        "https",
        "http",
        "sha",
    }
)
"""Lower-case words that may stand on a Chinese screen (file types an office downloads)."""

ALLOWED_NAMES = frozenset({"Excel", "Word", "PostgreSQL", "SQLite", "Chromium"})
"""Names of products an office knows by their own name."""


CODE_SPAN = re.compile(r"`[^`]+`")
"""A command a user is told to type (`culture-ledger export`), marked as such: shown as it is typed."""


def offending(text: str) -> list[str]:
    """The code words, event names, ids and English words in one visible text (commands in `…` aside)."""
    text = CODE_SPAN.sub("", text)
    found: list[str] = []
    for pattern in (SNAKE, EVENT, UUID):
        found += pattern.findall(text)
    for word in WORD.findall(text):
        if word not in ALLOWED_WORDS and not any(word in f for f in found):
            found.append(word)
    for word in CAPITALISED.findall(text):
        if word not in ALLOWED_NAMES and not any(word in f for f in found):
            found.append(word)
    return found


def code_words(texts: Iterable[str]) -> dict[str, list[str]]:
    """Each visible text that holds something a stranger should not read -> what it holds."""
    out: dict[str, list[str]] = {}
    for text in texts:
        bad = offending(str(text))
        if bad:
            out[str(text)[:160]] = bad
    return out
