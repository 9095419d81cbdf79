"""Every moment shown to a person: on the office's clock (`domain.clock.office_zone()`), and
labelled with that clock, so a table never leaves a reader guessing whether it is UTC.

The log stores moments in UTC (ISO text in the read models, aware datetimes on events);
nothing here depends on the server's own time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from domain import clock

Translate = Callable[..., str]
"""`t(key, **params)`: the page's (or report's) translator, in the reader's language."""


BEIJING = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"})
"""The IANA names of China Standard Time, said as 北京时间."""


def office_moment(moment: str | datetime) -> datetime:
    """A stored moment (ISO text or datetime; naive means UTC, as the log stores it) on the office's clock."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(clock.office_zone())


def shown(moment: str | datetime | None, *, seconds: bool = True) -> str:
    """A moment as a person reads it, `2026-10-23 00:30:00` on the office's clock; '' for none."""
    if not isinstance(moment, (str, datetime)) or moment == "":
        return ""  # none yet (None, or pandas' NaN in a column of moments)
    try:
        local = office_moment(moment)
    except (TypeError, ValueError):
        return str(moment)
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def zone_name(t: Translate) -> str:
    """The office's clock in words: 北京时间 for Asia/Shanghai (any zone the catalog names),
    else its UTC offset now (`UTC+06:00`)."""
    zone = clock.office_zone()
    if zone.key in BEIJING:
        return t("time.zone.beijing")
    offset = clock.office_now().utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return t("time.zone.offset", offset=f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}")


def labelled(t: Translate, text: str) -> str:
    """A header or caption that says which clock its times are on: 记录时间（北京时间）."""
    return t("time.labelled", text=text, zone=zone_name(t))


def day_start_utc(day: date) -> str:
    """Where an office day begins in the log's UTC terms (ISO text), for filtering stored moments by day."""
    return datetime.combine(day, time.min, tzinfo=clock.office_zone()).astimezone(UTC).isoformat()


def day_end_utc(day: date) -> str:
    """Where an office day ends (exclusive: the next day's start) in the log's UTC terms."""
    return day_start_utc(day + timedelta(days=1))
