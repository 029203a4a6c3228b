"""When the draft goes out: over 48 hours after the interview, under a week after the last follow-up, a weekend."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..diagnostic import Finding
from ..notes import gap, send_time


def check(ctx) -> Iterable[Finding]:
    notes = ctx.notes or {}
    interview, last = notes.get("interview_date"), notes.get("last_follow_up")
    if interview is None and last is None:
        return
    now = send_time(ctx.draft, notes)
    opts = ctx.options
    if last is not None:
        amount, unit = gap(last, now)
        days = amount / 24 if unit == "hours" else amount
        if 0 <= days < opts["min_days_between"]:
            yield Finding(0, 0, {"days": int(days), "last": f"{last:%Y-%m-%d}", "min_days": opts["min_days_between"]},
                          "too-soon")
    elif interview is not None:
        amount, unit = gap(interview, now)
        limit = opts["max_hours"] if unit == "hours" else opts["max_hours"] / 24
        if amount > limit:
            yield Finding(0, 0, {"late": int(amount), "interview": f"{interview:%Y-%m-%d}", "max_hours": opts["max_hours"]},
                          f"late-{unit}")
    if now.weekday() >= 5:
        monday = (now if isinstance(now, dt.date) and not isinstance(now, dt.datetime) else now.date())
        monday += dt.timedelta(days=7 - now.weekday())
        yield Finding(0, 0, {"weekday": f"{now:%A}", "monday": f"{monday:%Y-%m-%d}"}, "weekend")
