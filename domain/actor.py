"""Who did it: every event carries the actor that caused it."""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocabulary import CHANNELS, ROLES


@dataclass(frozen=True)
class Actor:
    """The account and role an event was recorded by, and the channel it came through."""

    account: str
    role: str
    channel: str = "form"

    def __post_init__(self) -> None:
        if not self.account:
            raise ValueError("an actor needs an account")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")

    def via(self, channel: str) -> Actor:
        return Actor(self.account, self.role, channel)
