"""Who did it: every event carries the actor that caused it (and, for a sheet's row, where it came from)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocabulary import CHANNELS, ROLES


@dataclass(frozen=True)
class Origin:
    """Where an imported record came from: the file (its name as uploaded and its SHA-256) and
    the row of its first sheet, numbered as the spreadsheet shows it (the header is row 1)."""

    file: str
    sha256: str
    row: int | None = None


@dataclass(frozen=True)
class Actor:
    """The account and role an event was recorded by, and the channel it came through; an
    event written by a sheet import also says which file and row (`origin`, None otherwise:
    events recorded before it existed decode with none)."""

    account: str
    role: str
    channel: str = "form"
    origin: Origin | None = None

    def __post_init__(self) -> None:
        if not self.account:
            raise ValueError("an actor needs an account")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if self.origin is not None and self.channel != "import":
            raise ValueError("only the import channel names a file and row")

    def via(self, channel: str) -> Actor:
        return Actor(self.account, self.role, channel)

    def from_file(self, file: str, sha256: str, row: int | None = None) -> Actor:
        """The same account and role through the import channel, from this file (and row)."""
        return Actor(self.account, self.role, "import", Origin(file, sha256, row))
