"""Interview notes (who, where, what was discussed, when): load from YAML/TOML or front matter, validate."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import reprlib
from pathlib import Path
from typing import Any, Mapping

KEYS = ("interviewers", "company", "role", "interview_date", "format", "topics", "last_follow_up")
FORMATS = ("phone", "video", "onsite", "panel")
DATES = ("interview_date", "last_follow_up")
YEARS = (1900, 2999)  # a date outside these is a typo, and arithmetic near year 1 or 9999 overflows
_brief = reprlib.Repr()
_brief.maxlevel, _brief.maxstring, _brief.maxother = 2, 60, 60
_shown = _brief.repr  # a bad value in a message, briefly (it may be a deep or long structure)
# YAML's own date forms that fromisoformat lacks: one-digit month or day, a space before the offset
_YAML_DATE = re.compile(r"^(\d{4})-(\d\d?)-(\d\d?)(?=$|[Tt ])")
_SPACED_OFFSET = re.compile(r"[ \t]+(?=(?:Z|[+-]\d\d(?::?\d\d)?)$)")


def yaml_load(text: str):
    """YAML as notes and front matter use it: dates stay text, for `parse_date` to check and name
    the key; aliases are refused (nothing here needs them, and they can make a small file huge)."""
    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise yaml.composer.ComposerError(None, None, "aliases (*name) are not supported",
                                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)

    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml.load(text, Loader=Loader)


def yaml_error(exc: Exception) -> tuple[int | None, str]:
    """(0-based line or None, one-line reason) of an error from `yaml_load`."""
    if isinstance(exc, RecursionError):
        return None, "nested too deeply"
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc)
    return (mark.line if mark else None), " ".join(str(reason).split())


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
            raise NotesError(f"{path}: bad TOML: {' '.join(str(exc).split())}") from None
        except RecursionError:
            raise NotesError(f"{path}: bad TOML: nested too deeply") from None
    elif suffix in (".yml", ".yaml"):
        import yaml

        try:
            data = yaml_load(raw.decode("utf-8-sig")) or {}
        except UnicodeDecodeError as exc:
            raise NotesError(f"{path}: not valid UTF-8 at byte {exc.start}") from None
        except (yaml.YAMLError, RecursionError) as exc:
            line, reason = yaml_error(exc)
            raise NotesError(f"{path}{'' if line is None else f':{line + 1}'}: bad YAML: {reason}") from None
    else:
        raise NotesError(f"{path}: notes file must end in .yml, .yaml or .toml")
    if not isinstance(data, dict):
        raise NotesError(f"{path}: notes must be a mapping of {', '.join(KEYS)}")
    unknown = [key for key in data if key not in KEYS]
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
            if not isinstance(value, str) or value.lower() not in FORMATS:
                raise NotesError(f"{where}: key 'format' must be one of {', '.join(FORMATS)}, got {_shown(value)}")
            out[key] = value.lower()
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
                and set(item) <= {"name", "title"} and isinstance(item.get("title") or "", str):
            people.append({"name": item["name"].strip(), "title": (item.get("title") or "").strip()})
        else:
            raise NotesError(f"{where}: key 'interviewers' has a bad entry {_shown(item)} (a name, or {{name, title}})")
    return people


def parse_date(value: Any, where: str) -> dt.date | dt.datetime:
    """An ISO date or date-time (TOML may already have parsed it), in years 1900-2999."""
    moment = None
    if isinstance(value, (dt.date, dt.datetime)):
        moment = value
    elif isinstance(value, str):
        text = _SPACED_OFFSET.sub("", value.strip())
        text = _YAML_DATE.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
        try:
            moment = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    if moment is None:
        raise NotesError(f"{where} is not an ISO date or date-time: {_shown(value)}")
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise NotesError(f"{where} is out of range: {moment.isoformat()} (years {YEARS[0]}-{YEARS[1]})")
    return moment


def send_time(draft, notes: Mapping[str, Any] | None) -> dt.date | dt.datetime:
    """--date, else the draft's own date (an e-mail's Date header, `date:` in front matter), else now."""
    if (notes or {}).get("send_time"):
        return notes["send_time"]
    own = draft.meta.get("date")
    if isinstance(own, str) and own.strip():
        moment = None
        try:
            moment = email.utils.parsedate_to_datetime(own)
        except (TypeError, ValueError, IndexError, OverflowError):
            try:
                moment = dt.datetime.fromisoformat(own.strip())
            except ValueError:
                pass
        if moment is not None and YEARS[0] <= moment.year <= YEARS[1]:
            return moment
        # unreadable or absurd: fall back to now, as a mail client would send it now
    return dt.datetime.now().astimezone()


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.astimezone()  # naive: local time


def gap(earlier: dt.date | dt.datetime, later: dt.date | dt.datetime) -> tuple[float, str]:
    """(amount, unit): hours when both are date-times, else whole calendar days."""
    if isinstance(earlier, dt.datetime) and isinstance(later, dt.datetime):
        return (_aware(later) - _aware(earlier)).total_seconds() / 3600, "hours"
    as_date = lambda d: d.date() if isinstance(d, dt.datetime) else d  # noqa: E731
    return (as_date(later) - as_date(earlier)).days, "days"
