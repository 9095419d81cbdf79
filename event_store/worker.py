"""The projection worker: on PostgreSQL, one process keeps the read models current for every
app instance, woken by the library's LISTEN/NOTIFY subscription to the log.

Each wake-up runs the same tracked, batched `ProjectionRunner.catch_up` the app uses on
SQLite, so rows and the position they reach commit together: a worker killed at any moment
resumes where its last transaction left off, without losing or counting an event twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from eventsourcing.persistence import InterfaceError, OperationalError

from event_store.projection import ProjectionRunner

log = logging.getLogger(__name__)


class Worker:
    """Follows the log and catches the read models up whenever something was appended."""

    def __init__(
        self, runner: ProjectionRunner, *, poll: float = 1.0, on_catch_up: Callable[[int], None] | None = None
    ):
        self.runner = runner
        # A safety net: catch up every `poll` seconds even if no notification arrived.
        self.poll = poll
        self.on_catch_up = on_catch_up
        self.reached = 0
        self.error: BaseException | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._subscription = None

    def run(self) -> None:
        """Catch up, then follow the log until `stop()` (or the subscription fails)."""
        self._catch_up()
        recorder = self.runner.app.recorder
        with recorder.subscribe(gt=self.reached) as subscription:
            self._subscription = subscription
            listener = threading.Thread(
                target=self._listen, args=(subscription,), name="ledger-subscription", daemon=True
            )
            listener.start()
            while not self._stop.is_set():
                self._wake.wait(self.poll)
                self._wake.clear()
                if self._stop.is_set():
                    break
                self._catch_up()
            subscription.stop()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._subscription is not None:
            self._subscription.stop()

    def _catch_up(self) -> None:
        try:
            self.reached = self.runner.catch_up()
        except (OperationalError, InterfaceError) as exc:
            # The database restarted or the connection dropped: nothing was half-written
            # (each batch is one transaction); try again at the next wake-up or poll.
            log.warning("catching up failed, will retry: %s", exc)
            return
        if self.on_catch_up:
            self.on_catch_up(self.reached)

    def _listen(self, subscription) -> None:
        try:
            for notification in subscription:
                if notification.id > self.reached:
                    self._wake.set()
        except BaseException as exc:  # the database went away: stop, and let run() raise it
            if not self._stop.is_set():
                log.error("subscription to the log failed: %s", exc)
                self.error = exc
        finally:
            self._stop.set()
            self._wake.set()
