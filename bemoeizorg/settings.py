"""Every setting of the program, declared once and typed.

Device settings (this laptop, this user account) live in a small JSON file in the
platform's config folder and never hold case data: only numbers and the paths of recently
opened registers. Team settings and policy live inside the encrypted register (see
casework/reference_data.py and casework/team_policy.py). Window geometry is the UI's
business (QSettings).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

import platformdirs

from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.store.files import write_bytes_atomic

APP_DIR_NAME = "bemoeizorg-register"
MAX_RECENT = 8


@dataclass(frozen=True, slots=True)
class Bounds:
    low: int
    high: int
    label: str


@dataclass(slots=True)
class DeviceSettings:
    idle_lock_minutes: int = 5
    # Mijn werk: when an open case needs attention.
    attention_no_contact_days: int = 30
    attention_long_in_vinden_days: int = 60
    # Back-ups: a folder on this computer (a USB stick, a network share); empty means none.
    backup_folder: str = ""
    backup_daily: bool = True  # at the first unlock of a day with no back-up yet
    backup_on_close: bool = True  # when the program closes with the register open
    backup_keep: int = 10
    recent_registers: list[str] = field(default_factory=list)
    last_user: dict[str, str] = field(default_factory=dict)  # register path -> user name
    # Nieuwe melding starts at the municipality (CBS code) of the last melding saved on
    # this computer: a working habit, no case data; typed and kept here, not as window state.
    last_municipality: str = ""
    # The folder the last file dialog was left in (opening, saving, choosing a folder): the
    # next one opens there. A path on this computer, never a case's data.
    last_folder: str = ""
    # The team register opened last here (issue 17): its address without name or password,
    # the worker's login name, and whether its password is kept in the OS keyring
    # (store/keyring_store.remember_password); never the password itself.
    last_team_register: str = ""
    last_team_user: str = ""
    team_password_remembered: bool = False

    BOUNDS: ClassVar[dict[str, Bounds]] = {
        "idle_lock_minutes": Bounds(1, 120, "Automatisch vergrendelen na (minuten)"),
        "attention_no_contact_days": Bounds(1, 365, "Aandacht bij geen contact na (dagen)"),
        "attention_long_in_vinden_days": Bounds(
            1, 730, "Aandacht bij lang in de fase vinden na (dagen)"
        ),
        "backup_keep": Bounds(1, 100, "Aantal back-ups dat bewaard blijft"),
    }

    def validate(self) -> None:
        for name, bounds in self.BOUNDS.items():
            value = getattr(self, name)
            if not isinstance(value, int) or not bounds.low <= value <= bounds.high:
                raise ValueError(
                    f"{bounds.label}: kies een getal van {bounds.low} tot {bounds.high}."
                )

    def remember_register(self, path: Path, user: str | None = None) -> None:
        key = str(Path(path).resolve())
        self.recent_registers = [key] + [p for p in self.recent_registers if p != key]
        del self.recent_registers[MAX_RECENT:]
        if user:
            self.last_user[key] = user

    def forget_register(self, path: Path) -> None:
        key = str(Path(path).resolve())
        self.recent_registers = [p for p in self.recent_registers if p != key]
        self.last_user.pop(key, None)

    def user_for(self, path: Path) -> str | None:
        return self.last_user.get(str(Path(path).resolve()))


def config_dir() -> Path:
    override = os.environ.get("BEMOEIZORG_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_DIR_NAME))


def data_dir() -> Path:
    override = os.environ.get("BEMOEIZORG_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_DIR_NAME))


def settings_path() -> Path:
    return config_dir() / "instellingen.json"


def load_device_settings(path: Path | None = None) -> DeviceSettings:
    """Read the settings; an unreadable or odd file gives the defaults, never a crash."""
    path = path or settings_path()
    try:
        raw: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return DeviceSettings()
    settings = DeviceSettings()
    # Keys no longer known are left behind, such as "small_number_threshold": the counts
    # threshold is team policy in the register now (casework/team_policy.py).
    for f in fields(DeviceSettings):
        if f.name in raw and isinstance(raw[f.name], type(getattr(settings, f.name))):
            setattr(settings, f.name, raw[f.name])
    try:
        settings.validate()
    except ValueError:
        defaults = DeviceSettings()
        for name, bounds in DeviceSettings.BOUNDS.items():
            value = getattr(settings, name)
            if isinstance(value, bool) or not bounds.low <= value <= bounds.high:
                setattr(settings, name, getattr(defaults, name))
    settings.recent_registers = [str(p) for p in settings.recent_registers][:MAX_RECENT]
    if settings.last_municipality not in BY_CODE:
        settings.last_municipality = ""  # an old or edited file: start with no choice
    return settings


def save_device_settings(settings: DeviceSettings, path: Path | None = None) -> None:
    settings.validate()
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_bytes_atomic(path, json.dumps(asdict(settings), indent=1).encode("utf-8"))
