"""Answers shared within one computation of the overview.

Many indicators, rankings and gaps ask the read models the same question: every cadre's
study compliance over a period (once per department ranked, again for the people and the
gap), the staffing standing at the end of a day (once per staffing indicator). Inside
`computation()`, a function marked `@shared` answers each question once; outside it, it
simply runs. Nothing outlives the computation, so nothing can go stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from copy import copy
from functools import wraps
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_answers: ContextVar[dict | None] = ContextVar("culture_ledger_shared_answers", default=None)


@contextmanager
def computation() -> Iterator[None]:
    """Share `@shared` answers until the block ends (nested blocks join the outer one)."""
    if _answers.get() is not None:
        yield
        return
    token = _answers.set({})
    try:
        yield
    finally:
        _answers.reset(token)


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
