"""When the draft goes out: over 48 hours after the interview, under a week after the last follow-up, a weekend."""

from __future__ import annotations

import datetime as dt
import email.utils
from typing import Iterable

from ..diagnostic import Finding


def send_time(ctx) -> dt.date | dt.datetime:
    """--date, else the draft's own date (an e-mail's Date header, `date:` in front matter), else now."""
    notes = ctx.notes or {}
    if notes.get("send_time"):
        return notes["send_time"]
    own = ctx.draft.meta.get("date")
    if isinstance(own, (dt.date, dt.datetime)):
        return own
    if own:
        try:
            return email.utils.parsedate_to_datetime(str(own))
        except (TypeError, ValueError):
            try:
                return dt.datetime.fromisoformat(str(own))
            except ValueError:
                pass  # unreadable: fall back to now, as a mail client would send it now
    return dt.datetime.now().astimezone()


def aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.astimezone()  # naive: local time


def gap(earlier: dt.date | dt.datetime, later: dt.date | dt.datetime) -> tuple[float, str]:
    """(amount, unit): hours when both are date-times, else whole calendar days."""
    if isinstance(earlier, dt.datetime) and isinstance(later, dt.datetime):
        return (aware(later) - aware(earlier)).total_seconds() / 3600, "hours"
    as_date = lambda d: d.date() if isinstance(d, dt.datetime) else d  # noqa: E731
    return (as_date(later) - as_date(earlier)).days, "days"


def check(ctx) -> Iterable[Finding]:
    notes = ctx.notes or {}
    interview, last = notes.get("interview_date"), notes.get("last_follow_up")
    if interview is None and last is None:
        return
    now = send_time(ctx)
    opts = ctx.options
    problems = []
    if last is not None:
        amount, unit = gap(last, now)
        days = amount / 24 if unit == "hours" else amount
        if 0 <= days < opts["min_days_between"]:
            problems.append(f"only {int(days)} day(s) after your last follow-up ({last:%Y-%m-%d}); "
                            f"wait at least {opts['min_days_between']} days before following up again")
    elif interview is not None:
        amount, unit = gap(interview, now)
        limit = opts["max_hours"] if unit == "hours" else opts["max_hours"] / 24
        if amount > limit:
            late = f"{int(amount)} hours" if unit == "hours" else f"{int(amount)} days"
            problems.append(f"{late} after the interview ({interview:%Y-%m-%d}); a thank-you is best sent "
                            f"within {opts['max_hours']} hours: send it today rather than later")
    if now.weekday() >= 5:
        monday = (now if isinstance(now, dt.date) and not isinstance(now, dt.datetime) else now.date())
        monday += dt.timedelta(days=7 - now.weekday())
        problems.append(f"it would go out on a {now:%A}; schedule it for Monday morning ({monday:%Y-%m-%d})")
    if problems:
        yield Finding(0, 0, "Timing: " + "; ".join(problems))
