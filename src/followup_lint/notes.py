"""Interview notes (who, where, what was discussed, when): load from YAML/TOML or front matter, validate."""

from __future__ import annotations

import datetime as dt
import email.utils
from pathlib import Path
from typing import Any, Mapping

KEYS = ("interviewers", "company", "role", "interview_date", "format", "topics", "last_follow_up")
FORMATS = ("phone", "video", "onsite", "panel")
DATES = ("interview_date", "last_follow_up")


class NotesError(Exception):
    """Bad notes; the message is one line naming the file and the key."""


def load(path: str | Path) -> dict[str, Any]:
    """Read a notes file (.yml/.yaml or .toml, by suffix) and validate every key."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotesError(f"{path}: notes file not found") from None
    except OSError as exc:
        raise NotesError(f"{path}: cannot read notes file: {exc.strerror}") from None
    suffix = path.suffix.lower()
    if suffix == ".toml":
        import tomllib

        try:
            data = tomllib.loads(raw.decode("utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise NotesError(f"{path}: bad TOML: {exc}") from None
    elif suffix in (".yml", ".yaml"):
        import yaml

        try:
            data = yaml.safe_load(raw.decode("utf-8-sig")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark else ""
            raise NotesError(f"{path}{line}: bad YAML: {getattr(exc, 'problem', exc)}") from None
    else:
        raise NotesError(f"{path}: notes file must end in .yml, .yaml or .toml")
    if not isinstance(data, dict):
        raise NotesError(f"{path}: notes must be a mapping of {', '.join(KEYS)}")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise NotesError(f"{path}: unknown key '{unknown[0]}' (notes keys: {', '.join(KEYS)})")
    return validate(data, str(path))


def from_meta(meta: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The notes keys of a draft's front matter (other front-matter keys belong to others)."""
    return validate({k: v for k, v in meta.items() if k in KEYS}, where)


def for_draft(file_notes: Mapping[str, Any] | None, draft) -> dict[str, Any]:
    """The notes a draft is checked against: the file's, with the draft's front matter key by key on top."""
    merged = dict(file_notes or {})
    if draft.path.lower().endswith(".eml"):
        return merged  # e-mail headers are not notes
    merged.update(from_meta(draft.meta, draft.path))
    return merged


def validate(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Normalise each key: interviewers -> [{name, title}], topics -> [str], dates -> date/datetime."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if key == "interviewers":
            out[key] = _interviewers(value, where)
        elif key == "topics":
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(t, str) and t.strip() for t in items):
                raise NotesError(f"{where}: key 'topics' must be a list of strings")
            out[key] = [t.strip() for t in items]
        elif key in DATES:
            out[key] = parse_date(value, f"{where}: key '{key}'")
        elif key == "format":
            if str(value).lower() not in FORMATS:
                raise NotesError(f"{where}: key 'format' must be one of {', '.join(FORMATS)}, got {value!r}")
            out[key] = str(value).lower()
        elif key in ("company", "role"):
            if not isinstance(value, str) or not value.strip():
                raise NotesError(f"{where}: key '{key}' must be a non-empty string")
            out[key] = value.strip()
        else:
            raise NotesError(f"{where}: unknown key '{key}' (notes keys: {', '.join(KEYS)})")
    return out


def _interviewers(value: Any, where: str) -> list[dict[str, str]]:
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, list) or not items:
        raise NotesError(f"{where}: key 'interviewers' must be a list of names or of {{name, title}}")
    people = []
    for item in items:
        if isinstance(item, str) and item.strip():
            people.append({"name": item.strip(), "title": ""})
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip() \
                and set(item) <= {"name", "title"}:
            people.append({"name": item["name"].strip(), "title": str(item.get("title") or "").strip()})
        else:
            raise NotesError(f"{where}: key 'interviewers' has a bad entry {item!r} (a name, or {{name, title}})")
    return people


def parse_date(value: Any, where: str) -> dt.date | dt.datetime:
    """An ISO date or date-time (YAML and TOML may already have parsed it)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    raise NotesError(f"{where} is not an ISO date or date-time: {value!r}")


def send_time(draft, notes: Mapping[str, Any] | None) -> dt.date | dt.datetime:
    """--date, else the draft's own date (an e-mail's Date header, `date:` in front matter), else now."""
    if (notes or {}).get("send_time"):
        return notes["send_time"]
    own = draft.meta.get("date")
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


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.astimezone()  # naive: local time


def gap(earlier: dt.date | dt.datetime, later: dt.date | dt.datetime) -> tuple[float, str]:
    """(amount, unit): hours when both are date-times, else whole calendar days."""
    if isinstance(earlier, dt.datetime) and isinstance(later, dt.datetime):
        return (_aware(later) - _aware(earlier)).total_seconds() / 3600, "hours"
    as_date = lambda d: d.date() if isinstance(d, dt.datetime) else d  # noqa: E731
    return (as_date(later) - as_date(earlier)).days, "days"
