"""Racing callers: processes that each make one call of a race at the test's signal.

The test process forks them (`Racers`), once for a module: each has the app already imported,
so a racer costs milliseconds, not the seconds of starting Python and importing the app. Each
reads one task a line from its pipe (JSON: the story, the store URL, its arguments), opens that
store (the racers one after another: PostgreSQL refuses to create the same tables twice at
once) and makes the call. Just before the call reaches the store (the first `save`, or the
sign-in's first look at the credentials) it says `ready` and waits for `go`, so every racer
has passed every check before any of them writes: the race really happens. Then it says what
came of it, one JSON line: `{"done": value}` or `{"refused": {...}}` with the refusal in Chinese.
A racer never uses what it inherited from the test (its ledger and connections) and leaves with
`os._exit`, running none of the test process's clean-up.
"""

from __future__ import annotations

import json
import os
import tempfile
import traceback
from datetime import date
from typing import IO, Any
from uuid import UUID

from argon2 import PasswordHasher, profiles

from culture_ledger.ledger import Ledger, Service, submission
from culture_ledger.registry import Registry
from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError
from plugins.accounts.credentials import Credentials
from plugins.accounts.services import AccountService

# --- the racing process ------------------------------------------------------------------


def _say(out: IO[str], message: dict[str, Any]) -> None:
    out.write(json.dumps(message, ensure_ascii=False, default=str) + "\n")
    out.flush()


class _Meeting:
    """The one rendezvous of a task: the first caller says ready and waits for the go."""

    def __init__(self, inp: IO[str], out: IO[str]) -> None:
        self.inp, self.out, self.met = inp, out, True

    def __call__(self) -> None:
        if self.met:
            return
        self.met = True
        _say(self.out, {"ready": True})
        if self.inp.readline().strip() != "go":
            raise SystemExit("no go")


def _refusal(ledger: Any, exc: Exception) -> dict[str, Any]:
    if isinstance(exc, InvalidCommand):
        keys = [key for _, key, _ in exc.errors]
        zh = "；".join(ledger.catalog.t("zh", key, **params) for _, key, params in exc.errors)
    else:
        keys = [exc.key]
        zh = ledger.catalog.t("zh", exc.key, **exc.params)
    return {"type": type(exc).__name__, "keys": keys, "zh": zh}


def _actor(spec: list[str]) -> Any:
    return Actor(spec[0], spec[1], "form")


def _call(ledger: Any, story: str, a: dict[str, Any], evaluated: list[int]) -> Any:
    by = _actor(a["by"]) if "by" in a else None
    if story == "pledge":
        return ledger.political.record_pledge({**a["command"], "cadre_id": UUID(a["cadre"])}, by)
    if story == "assess":
        return ledger.integrity.assess({**a["command"], "department_id": UUID(a["department"])}, by)
    if story == "study":
        command = {**a["command"], "cadre_id": UUID(a["cadre"]), "occurred_on": date.fromisoformat(a["day"])}
        with submission(a.get("key")):
            return ledger.study.record_study(command, by)
    if story == "disable":
        return ledger.accounts.disable(a["account"], by)
    if story == "revoke":
        return ledger.accounts.revoke(a["account"], "admin", by)
    if story == "sign-in":
        ledger.accounts.lockout_failures = a["limit"]
        return ledger.accounts.authenticate(a["username"], a["password"]).account
    raise SystemExit(f"unknown story {story!r}")


def serve(registry: Registry, inp: IO[str], out: IO[str]) -> None:
    meet = _Meeting(inp, out)
    evaluated: list[int] = []

    save, get, verify = Service.save, Credentials.get, AccountService._verify

    def meeting_save(self: Any, *aggregates: Any, **kw: Any) -> Any:
        meet()
        return save(self, *aggregates, **kw)

    def meeting_get(self: Any, username: str) -> Any:
        meet()
        return get(self, username)

    def counted_verify(self: Any, password_hash: str, secret: str) -> bool:
        evaluated.append(1)
        return verify(self, password_hash, secret)

    Service.save = meeting_save  # type: ignore[method-assign]
    Credentials.get = meeting_get  # type: ignore[method-assign]
    AccountService._verify = counted_verify  # type: ignore[method-assign]

    ledger: Ledger | None = None
    for line in inp:
        task = json.loads(line)
        if ledger is None or ledger.url != task["url"]:  # the stories of one store share its ledger
            _close(ledger)
            try:
                ledger = Ledger(registry=registry, url=task["url"])
            except BaseException:  # noqa: BLE001 - said to the test, which fails with it
                ledger = None
                _say(out, {"crashed": traceback.format_exc()})
                continue
            ledger.accounts.hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
        _say(out, {"opened": True})
        meet.met, evaluated[:] = False, []
        try:
            outcome: dict[str, Any] = {"done": _call(ledger, task["story"], task["args"], evaluated)}
        except LedgerError as exc:
            outcome = {"refused": _refusal(ledger, exc)}
        except BaseException:  # noqa: BLE001 - said to the test, which fails with it
            outcome = {"crashed": traceback.format_exc()}
        _say(out, {**outcome, "evaluated": len(evaluated)})
    _close(ledger)


def _close(ledger: Ledger | None) -> None:
    """Close a racer's ledger; its store may be gone already (a test's PostgreSQL database is dropped)."""
    if ledger is not None:
        try:
            ledger.close()
        except Exception:  # noqa: BLE001, S110 - nothing of it is used again
            pass


# --- the test's side -------------------------------------------------------------------


class Racers:
    """`count` racing processes; `race(story, url, args)` has each of them make the call at once."""

    def __init__(self, count: int):
        self.racers: list[tuple[IO[str], IO[str], int]] = []
        registry = Registry.load()
        with tempfile.TemporaryDirectory() as scratch:  # what a first open costs, paid once, before the fork
            Ledger(registry=registry, url=f"sqlite:///{scratch}/warm.sqlite3").close()
        for _ in range(count):
            task_read, task_write = os.pipe()
            said_read, said_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the racer
                code = 1
                try:
                    os.close(task_write)
                    os.close(said_read)
                    for to, heard, _ in self.racers:  # the other racers' pipes: theirs to end
                        os.close(to.fileno())
                        os.close(heard.fileno())
                    serve(registry, os.fdopen(task_read, "r"), os.fdopen(said_write, "w"))
                    code = 0
                finally:
                    os._exit(code)
            os.close(task_read)
            os.close(said_write)
            self.racers.append((os.fdopen(task_write, "w"), os.fdopen(said_read, "r"), pid))

    def _tell(self, n: int, line: str) -> None:
        self.racers[n][0].write(line + "\n")
        self.racers[n][0].flush()

    def _heard(self, n: int) -> dict[str, Any]:
        line = self.racers[n][1].readline()
        if not line:
            raise RuntimeError(f"racer {n} ended")
        said = json.loads(line)
        if "crashed" in said:
            raise RuntimeError(f"racer {n} crashed:\n{said['crashed']}")
        return said

    def race(self, story: str, url: str, args: list[dict[str, Any]] | dict[str, Any]) -> list[dict[str, Any]]:
        """Each racer makes the call (with its own arguments, when `args` is a list: then only that
        many race); once all are ready (or already done, refused before reaching the store), all go."""
        tasks = args if isinstance(args, list) else [args] * len(self.racers)
        for n, task in enumerate(tasks):
            self._tell(n, json.dumps({"story": story, "url": url, "args": task}, default=str))
            assert self._heard(n) == {"opened": True}
        first = [self._heard(n) for n in range(len(tasks))]
        for n, said in enumerate(first):
            if said.get("ready"):
                self._tell(n, "go")
        return [self._heard(n) if said.get("ready") else said for n, said in enumerate(first)]

    def close(self) -> None:
        for to, heard, pid in self.racers:
            to.close()
            heard.close()
            os.waitpid(pid, 0)
