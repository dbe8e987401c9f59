"""Device settings: typed, bounded, kept owner-only, and never a crash on a bad file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from bemoeizorg.settings import (
    MAX_RECENT,
    DeviceSettings,
    config_dir,
    data_dir,
    load_device_settings,
    save_device_settings,
    settings_path,
)


def test_dirs_follow_the_environment(isolated_dirs: Path) -> None:
    assert config_dir() == isolated_dirs / "config"
    assert data_dir() == isolated_dirs / "data"
    assert settings_path() == isolated_dirs / "config" / "instellingen.json"


def test_missing_file_gives_defaults() -> None:
    assert not settings_path().exists()
    settings = load_device_settings()
    assert settings.idle_lock_minutes == 5
    assert settings.recent_registers == [] and settings.last_user == {}


def test_round_trip_and_owner_only(tmp_path: Path) -> None:
    register = tmp_path / "team.bzregister"
    settings = DeviceSettings(idle_lock_minutes=15)
    settings.remember_register(register, "Anna de Vries")
    save_device_settings(settings)

    path = settings_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_device_settings()
    assert loaded.idle_lock_minutes == 15
    assert loaded.recent_registers == [str(register.resolve())]
    assert loaded.user_for(register) == "Anna de Vries"
    assert [p.name for p in path.parent.iterdir()] == ["instellingen.json"]  # no temp left


def test_save_makes_a_missing_config_folder(tmp_path: Path) -> None:
    target = tmp_path / "nieuw" / "dieper" / "instellingen.json"
    save_device_settings(DeviceSettings(idle_lock_minutes=7), target)
    assert load_device_settings(target).idle_lock_minutes == 7


@pytest.mark.parametrize("minutes", [0, -5, 121, 10_000])
def test_out_of_range_idle_minutes_refused_in_dutch(minutes: int) -> None:
    with pytest.raises(
        ValueError,
        match=r"Automatisch vergrendelen na \(minuten\): kies een "
        r"getal van 1 tot 120\.",
    ):
        save_device_settings(DeviceSettings(idle_lock_minutes=minutes))
    assert not settings_path().exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{niet af",
        b"\xff\xfe\x00kapot",
        b"[1, 2, 3]",
        b'"alleen tekst"',
    ],
    ids=["leeg", "afgebroken", "geen-utf8", "lijst", "tekst"],
)
def test_corrupt_file_gives_defaults(content: bytes) -> None:
    path = settings_path()
    path.write_bytes(content)
    settings = load_device_settings()
    assert settings == DeviceSettings()


def test_odd_values_fall_back_one_by_one() -> None:
    settings_path().write_text(
        json.dumps(
            {
                "idle_lock_minutes": 500,
                "recent_registers": ["/a.bzregister", "/b.bzregister"],
                "last_user": "geen dict",
                "onbekend": True,
            }
        ),
        encoding="utf-8",
    )
    settings = load_device_settings()
    assert settings.idle_lock_minutes == 5
    assert settings.recent_registers == ["/a.bzregister", "/b.bzregister"]
    assert settings.last_user == {}
    settings_path().write_text(json.dumps({"idle_lock_minutes": "10"}), encoding="utf-8")
    assert load_device_settings().idle_lock_minutes == 5


def test_recent_registers_newest_first_without_duplicates(tmp_path: Path) -> None:
    settings = DeviceSettings()
    paths = [tmp_path / f"r{i}.bzregister" for i in range(MAX_RECENT + 3)]
    for p in paths:
        settings.remember_register(p)
    settings.remember_register(paths[-3])
    assert len(settings.recent_registers) == MAX_RECENT
    assert settings.recent_registers[0] == str(paths[-3].resolve())
    assert len(set(settings.recent_registers)) == MAX_RECENT
    assert str(paths[0].resolve()) not in settings.recent_registers

    settings.remember_register(paths[-1], "Bram Peeters")
    settings.forget_register(paths[-1])
    assert str(paths[-1].resolve()) not in settings.recent_registers
    assert settings.user_for(paths[-1]) is None


def test_an_old_file_with_the_counts_threshold_still_loads() -> None:
    """The threshold moved into the register (team policy); a file from before still opens,
    keeps its other values, and loses the old key at the next save."""
    settings_path().write_text(
        json.dumps({"idle_lock_minutes": 12, "small_number_threshold": 2, "backup_keep": 4}),
        encoding="utf-8",
    )
    settings = load_device_settings()
    assert settings.idle_lock_minutes == 12 and settings.backup_keep == 4
    assert not hasattr(settings, "small_number_threshold")
    save_device_settings(settings)
    assert "small_number_threshold" not in json.loads(settings_path().read_text("utf-8"))


@pytest.mark.parametrize(("stored", "loaded"), [("GM0988", "GM0988"), ("GM9999", ""), (42, "")])
def test_last_municipality_is_a_known_code_or_nothing(stored: object, loaded: str) -> None:
    settings_path().write_text(json.dumps({"last_municipality": stored}), encoding="utf-8")
    assert load_device_settings().last_municipality == loaded
