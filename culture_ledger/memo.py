"""Answers shared within one computation of the overview.

Many indicators, rankings and gaps ask the read models the same question: every cadre's
study compliance over a period (once per department ranked, again for the people and the
gap), the staffing standing at the end of a day (once per staffing indicator). Inside
`computation()`, a function marked `@shared` answers each question once; outside it, it
simply runs. Nothing outlives the computation, so nothing can go stale.

`while_unchanged` keeps an answer longer, for as long as the log and the read models stand
where they stood when it was computed (a person's tasks, counted beside the navigation on
every page of a session); with `stale_for`, also for a while after they moved (the overview's
earlier periods: a busy log does not make every view compute the trend again); with
`ignoring`, events of topics that cannot change the answer (the access records an auditor's
pages append) do not count as a move.

A computation may say which days its questions fall within (`span`, e.g. every period of a
trend): a question that can be answered for all of them at once (the study days of the whole
trend) is then asked of the store once, not once per period.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from copy import copy
from datetime import date
from functools import wraps
from threading import Lock
from time import monotonic
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

_answers: ContextVar[dict | None] = ContextVar("culture_ledger_shared_answers", default=None)
_SPAN = object()
"""The key under which a computation's answers keep the days it said its questions are about."""


@contextmanager
def computation(span: tuple[date, date] | None = None) -> Iterator[None]:
    """Share `@shared` answers until the block ends (nested blocks join the outer one). `span`: the
    first and last day the block's questions are about; it holds, widened by any later one, until
    the outermost block ends (what was read for it serves every question within it)."""
    token = _answers.set({}) if _answers.get() is None else None
    if span is not None:
        answers = _answers.get()
        known = answers.get(_SPAN)
        answers[_SPAN] = span if known is None else (min(known[0], span[0]), max(known[1], span[1]))
    try:
        yield
    finally:
        if token is not None:
            _answers.reset(token)


def span() -> tuple[date, date] | None:
    """The days the running computation said its questions are about, if it did (see `computation`)."""
    answers = _answers.get()
    return answers.get(_SPAN) if answers is not None else None


def shared(fn: F) -> F:
    """Within `computation()`, calls with equal arguments run once (each caller gets its own copy)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        answers = _answers.get()
        if answers is None:
            return fn(*args, **kwargs)
        try:
            key = (fn, args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:  # an unhashable argument: not shareable
            return fn(*args, **kwargs)
        if key not in answers:
            answers[key] = fn(*args, **kwargs)
        answer = answers[key]
        return answer.copy() if hasattr(answer, "copy") and not isinstance(answer, (str, bytes)) else copy(answer)

    return wrapper  # type: ignore[return-value]


# --- answers kept while the log stands still ------------------------------------------------

KEPT = 256
"""How many answers one ledger keeps (the newest; an answer is replaced when the log moves)."""

LOOKED_AT = 500
"""At most this many new events are read to tell whether they are all of ignored topics; more of
them at once count as a move without being read."""

_kept_lock = Lock()


def counted_head(ledger: Any, ignoring: frozenset[str] = frozenset()) -> int:
    """The position of the newest event whose topic is not in `ignoring` (the head itself when
    `ignoring` is empty). Only the events appended since the ledger was last asked are read (up
    to LOOKED_AT; beyond that the head counts, unread)."""
    head = ledger.app.head()
    if not ignoring:
        return head
    seen: dict = ledger.__dict__.setdefault("_memo_counted", {})
    with _kept_lock:
        before = seen.get(ignoring)
    if before is not None and before[0] == head:
        return before[1]
    if before is None or head < before[0] or head - before[0] > LOOKED_AT:
        counted = head  # nothing known to go by (or a log that went back: a store replaced)
    else:
        counted = before[1]
        for n in ledger.app.read(before[0], LOOKED_AT, head):
            if n.topic not in ignoring:
                counted = n.id
    with _kept_lock:
        seen[ignoring] = (head, counted)
    return counted


def log_state(ledger: Any, ignoring: frozenset[str] = frozenset()) -> tuple | None:
    """Where the log and every read model stand, read now: the head of the log, each read model's
    position and the stopped ones. Any append, any read model's progress, a stop or a rebuild
    changes it; with `ignoring`, an append of those topics does not (nor a read model's progress
    over them: the head is the newest counted event's, `counted_head`, and the positions past it
    count as at it). None when `ledger` cannot say (a stand-in without a store)."""
    readmodels, runner, app = (getattr(ledger, name, None) for name in ("readmodels", "runner", "app"))
    if readmodels is None or runner is None or app is None:
        return None
    stops, reached = readmodels.standing([p.name for p in runner.projections])
    head = counted_head(ledger, ignoring)
    return (head, tuple(sorted((n, min(p, head)) for n, p in reached.items())), tuple(sorted(stops)))


def while_unchanged(
    ledger: Any,
    key: Hashable,
    compute: Callable[[], T],
    *,
    stale_for: float | None = None,
    ignoring: frozenset[str] = frozenset(),
    clock: Callable[[], float] = monotonic,
) -> T:
    """`compute()`'s answer for `key`, computed again only when the log or a read model moved since
    it was last computed on this ledger (`log_state`, read before computing: an answer computed
    while another process wrote is filed under the older state, so the next call computes it
    again). For answers that depend on nothing but the log, the read models and the arguments in
    `key` (a person's tasks on a day: the same on every page of a session until something is
    recorded). The caller gets the kept object itself: it must not change it.

    `stale_for`: seconds an answer may still be served after the log moved, counted from when it
    was computed (so never longer than that after the move); `ignoring`: topics whose events do not
    count as a move (`log_state`). `clock` tells the seconds (the tests' own)."""
    state = log_state(ledger, ignoring)
    if state is None:
        return compute()
    kept: OrderedDict = ledger.__dict__.setdefault("_memo_kept", OrderedDict())
    with _kept_lock:
        found = kept.get(key)
        if found is not None and (found[0] == state or (stale_for is not None and clock() - found[1] < stale_for)):
            kept.move_to_end(key)
            return found[2]
    answer = compute()
    with _kept_lock:
        kept[key] = (state, clock(), answer)
        kept.move_to_end(key)
        while len(kept) > KEPT:
            kept.popitem(last=False)
    return answer


def forget(ledger: Any) -> None:
    """Drop every answer `while_unchanged` keeps on `ledger`: the next asks compute afresh."""
    with _kept_lock:
        ledger.__dict__.pop("_memo_kept", None)
