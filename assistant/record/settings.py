"""The force's settings for the decision record: a ``[record]`` table in ``settings.toml``.

The file lives in the user's config folder (``CR_ASSISTANT_SETTINGS`` points elsewhere, as a
deployment would). Every key is optional::

    [record]
    enabled = true                      # record every finished case (as --record does)
    units = ["Maidstone OCU", "Medway CSU"]   # the OCUs and teams a case may be recorded under
    unit = "Maidstone OCU"              # this device's unit (one of units); --unit overrides it
    retention_days = 365                # records older than this are deleted on start
    db = "postgresql://cr@db.example/records"   # else SQLite in the user data folder

A malformed file is one line naming ``file:key`` and the fix (an InputError): the officer is told
before the first question, not after the result.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from assistant.errors import InputError, problem
from assistant.record.model import slug
from assistant.safefile import parse_toml, read_input

APP_NAME = "cr-assistant"
ENV_SETTINGS = "CR_ASSISTANT_SETTINGS"
DEFAULT_RETENTION_DAYS = 365
# The longest a force may keep records through this setting (ten years): a longer number is
# more likely a typing slip than a retention policy.
MAX_RETENTION_DAYS = 3650
_KEYS: dict[str, type | tuple[type, ...]] = {
    "enabled": bool,
    "units": list,
    "unit": str,
    "retention_days": int,
    "db": str,
}
# A unit is an OCU or team name: words, not a sentence.
MAX_UNIT_LENGTH = 60


def settings_path() -> Path:
    override = os.environ.get(ENV_SETTINGS)
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP_NAME) / "settings.toml"


@dataclass(frozen=True)
class RecordSettings:
    path: Path
    enabled: bool = False
    units: tuple[str, ...] = ()
    unit: str = ""
    retention_days: int = DEFAULT_RETENTION_DAYS
    db: str = ""

    def unit_key(self, name: str | None) -> str | None:
        """The key of the unit ``name`` (or this device's unit), checked against the force's
        list; None when no unit is given. InputError (one line) for a unit not on the list."""
        name = (name or self.unit).strip()
        if not name:
            return None
        by_key = {slug(unit): unit for unit in self.units}
        if slug(name) in by_key:
            return slug(name)
        if not self.units:
            raise InputError(
                problem(
                    str(self.path),
                    "[record] units",
                    f"no units are listed, so '{name[:40]}' cannot be recorded",
                    'list the force\'s OCUs and teams: units = ["Maidstone OCU", ...]',
                )
            )
        raise InputError(
            f"unit '{name[:40]}' is not one of the force's units in {self.path}: "
            f"use one of {', '.join(self.units)}"
        )

    def unit_name(self, key: str | None) -> str:
        """The name a unit key stands for (the key itself for a unit no longer listed)."""
        if key is None:
            return "(no unit)"
        return {slug(unit): unit for unit in self.units}.get(key, key)


def load_settings(path: Path | None = None) -> RecordSettings:
    path = path or settings_path()
    if not path.exists():
        return RecordSettings(path)
    text = read_input(path, "a settings file")
    data = parse_toml(text, str(path))
    record = data.get("record", {})
    where = str(path)
    if not isinstance(record, dict):
        raise InputError(problem(where, "[record]", "must be a table", "write [record] keys"))
    for key, value in record.items():
        if key not in _KEYS:
            raise InputError(
                problem(where, f"[record] {key}", "unknown key", f"use {', '.join(_KEYS)}")
            )
        kind = _KEYS[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise InputError(problem(where, f"[record] {key}", "wrong type", _fix(key)))
    units = tuple(_unit(where, item) for item in record.get("units", []))
    days = record.get("retention_days", DEFAULT_RETENTION_DAYS)
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise InputError(
            problem(
                where,
                "[record] retention_days",
                f"{days} is outside 1 to {MAX_RETENTION_DAYS}",
                "give the number of days the force keeps decision records",
            )
        )
    settings = RecordSettings(
        path=path,
        enabled=record.get("enabled", False),
        units=units,
        unit=record.get("unit", "").strip(),
        retention_days=days,
        db=record.get("db", "").strip(),
    )
    if settings.unit:
        settings.unit_key(settings.unit)  # this device's unit must be on the list
    return settings


def _unit(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(problem(where, "[record] units", "a unit must be text", _fix("units")))
    name = " ".join(value.split())
    if len(name) > MAX_UNIT_LENGTH or any(not (ch.isalnum() or ch in " &'()-.") for ch in name):
        raise InputError(
            problem(
                where,
                "[record] units",
                f"'{name[:40]}' is not an OCU or team name",
                f"use letters, digits and spaces, at most {MAX_UNIT_LENGTH} characters",
            )
        )
    return name


def _fix(key: str) -> str:
    return {
        "enabled": "write enabled = true or false",
        "units": 'write units = ["Maidstone OCU", "Medway CSU"]',
        "unit": 'write unit = "Maidstone OCU"',
        "retention_days": "write retention_days = 365",
        "db": 'write db = "postgresql://HOST/DATABASE"',
    }[key]
