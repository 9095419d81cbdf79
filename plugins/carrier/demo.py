"""Demo data every carrier shares: who records, what became of a record, attendance, a photo, a
document or a handwritten page for the files behind a record, and recording a carrier's demo activities through the bulk paths."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from plugins.carrier.services import ActivityService


def demo_actors(office: Any):
    """Who records the demo office's activities (the office clerk, entering them from the paper
    ledgers for every department) and the demo leader who reviews them: both real accounts."""
    return office.clerk.via("import"), office.accounts["leader"]


def demo_fate(rng: Any, day: date, today: date) -> str:
    """What became of a demo record: the last week's mostly await review; older ones are mostly confirmed."""
    if (today - day).days <= 7 and rng.random() < 0.7:
        return "submitted"
    return rng.choices(["confirmed", "returned", "withdrawn"], weights=[88, 7, 5])[0]


def demo_attendance(rng: Any, office: Any, department_id: Any = None, most_absent: int = 2) -> dict[str, Any]:
    """Expected, present and named absentees among a department's cadres (the whole office when None)."""
    names = [name for name, dept in office.cadres.values() if department_id is None or dept == department_id]
    absent = rng.sample(names, min(len(names), rng.choice([0, 0, 1, 1, 2, most_absent])))
    return {"expected": len(names), "present": len(names) - len(absent), "absentees": absent}


def demo_photo(caption: str) -> bytes:
    """A small generated photo standing in for a scene or a sign-in sheet."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (200, 214, 229))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 310, 190), outline=(120, 40, 40), width=3)
    draw.text((24, 90), caption.encode("ascii", "replace").decode()[:40], fill=(60, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@functools.cache
def _font(size: int) -> Any:
    """A Chinese font when the system has one (Noto CJK, as the printed reports use); else Pillow's own."""
    from PIL import ImageFont

    for name in ("NotoSansCJK-Regular.ttc", "NotoSerifCJK-Regular.ttc", "wqy-microhei.ttc", "wqy-zenhei.ttc"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    for folder in ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/wqy"):
        for found in sorted(Path(folder).glob("*.tt[cf]")) if Path(folder).is_dir() else ():
            try:
                return ImageFont.truetype(str(found), size)
            except OSError:
                continue
    return ImageFont.load_default()


def _page(title: str, lines: list[str], *, ruled: bool) -> Any:
    from PIL import Image, ImageDraw

    image = Image.new("L" if not ruled else "RGB", (420, 594), 255 if not ruled else (250, 246, 232))
    draw = ImageDraw.Draw(image)
    for n, start in enumerate(range(0, min(len(title), 38), 19)):
        draw.text((36, 30 + 26 * n), title[start : start + 19], fill=0 if not ruled else (30, 40, 90), font=_font(18))
    for i, line in enumerate(lines[:15]):
        y = 100 + 30 * i
        if ruled:
            draw.line((30, y + 24, 390, y + 24), fill=(170, 190, 220), width=1)
        draw.text((36, y), line[:24], fill=0 if not ruled else (40, 40, 120), font=_font(14))
    return image


def demo_document(title: str, lines: list[str]) -> bytes:
    """A small one-page PDF standing in for a manuscript, a report, a rule's text or a plan (its title
    and first lines drawn on the page, so the page shows what the file is)."""
    import io

    buffer = io.BytesIO()
    _page(title, lines, ruled=False).save(buffer, format="PDF", resolution=72)
    return buffer.getvalue()


def demo_handwritten(title: str, lines: list[str]) -> bytes:
    """A small photo of a notebook page written by hand (a ruled page, the note's title and lines)."""
    import io

    buffer = io.BytesIO()
    _page(title, lines, ruled=True).save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


class DemoActivities:
    """A carrier's demo activities, collected, then recorded and reviewed through the bulk paths
    of the activity service (one append each, so `culture-ledger demo` stays quick)."""

    def __init__(self, ledger: Any, office: Any):
        self.ledger, self.office = ledger, office
        self.commands: list[dict[str, Any]] = []

    def add(self, command: dict[str, Any], *, photo: bool = False) -> None:
        if photo:
            ref = self.ledger.service(ActivityService).put_evidence(
                f"现场照片_{command['occurred_on']:%Y%m%d}.png",
                demo_photo(f"{command['kind']} {command['occurred_on']}"),
                "image/png",
            )
            command = {**command, "evidence": [*command.get("evidence", []), ref]}
        self.commands.append(command)

    def flush(self) -> list[Any]:
        """Record everything collected; the director confirms most, returns a few; a few are withdrawn."""
        staff, leader = demo_actors(self.office)
        rng = self.office.rng
        ids = self.ledger.service(ActivityService).record_batch(self.commands, staff)
        fates = [demo_fate(rng, c["occurred_on"], self.office.today) for c in self.commands]
        # Whatever the dice said, a leader opening the demo sees every state at least once.
        newest_first = sorted(range(len(fates)), key=lambda n: self.commands[n]["occurred_on"], reverse=True)
        for fate in ("submitted", "returned", "withdrawn"):
            if fate not in fates and len(fates) >= 4:
                spare = [n for n in newest_first if fates[n] == "confirmed"]
                if spare:
                    fates[spare[0] if fate == "submitted" else spare[-1]] = fate
        reasons = ["缺少签到表，请补充佐证材料", "缺席人员与签到表不一致"]
        self.ledger.service(ActivityService).review_batch(
            [
                (i, "confirm" if fate in ("confirmed", "withdrawn") else "return", rng.choice(reasons))
                for i, fate in zip(ids, fates)
                if fate != "submitted"
            ],
            leader,
        )
        for i, fate in zip(ids, fates):
            if fate == "withdrawn":
                self.ledger.service(ActivityService).withdraw(i, "重复登记，以另一条为准", staff)
        self.commands = []
        return ids


def weekdays(start: date, end: date, every: int = 1) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days[::every]
