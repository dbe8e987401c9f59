"""Every file dialog of the program: choosing a file to open, a name to save under, or a
folder. The one way to ask for a path.

Qt's own dialog, not the desktop's: it speaks Dutch on every desktop (ui/translations adds
what Qt's Dutch lacks) and opens where it is told. It opens in the folder the last file
dialog was left in on this computer (`DeviceSettings.last_folder`), so a user who saves the
counts next to the log does not click back from the home folder each time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from bemoeizorg.settings import DeviceSettings

DIALOG_SIZE = (820, 500)


class FolderMemory(Protocol):
    """Where the last folder is kept: the session (its settings, saved on this computer)."""

    settings: DeviceSettings

    def save_settings(self) -> None: ...


def start_folder(memory: FolderMemory | None, fallback: Path | None = None) -> Path:
    """The folder the next dialog opens in: the last one used while it still exists, else
    `fallback`, else the home folder."""
    if memory is not None and memory.settings.last_folder:
        last = Path(memory.settings.last_folder)
        if last.is_dir():
            return last
    if fallback is not None and fallback.is_dir():
        return fallback
    return Path.home()


def _remember(memory: FolderMemory | None, folder: Path) -> None:
    if memory is None or memory.settings.last_folder == str(folder):
        return
    memory.settings.last_folder = str(folder)
    memory.save_settings()


def _dialog(parent: QWidget | None, title: str, folder: Path, file_filter: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(folder), file_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setObjectName("file_dialog")
    dialog.resize(DIALOG_SIZE[0], DIALOG_SIZE[1])  # room for whole dates and types
    return dialog


def _run(dialog: QFileDialog) -> list[Path]:
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return [Path(name) for name in dialog.selectedFiles()]
    finally:
        dialog.deleteLater()


def open_file(
    parent: QWidget | None,
    memory: FolderMemory | None,
    title: str,
    file_filter: str,
    *,
    folder: Path | None = None,
) -> Path | None:
    """One existing file, or None when the user cancels."""
    dialog = _dialog(parent, title, start_folder(memory, folder), file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run(dialog)
    if not chosen:
        return None
    _remember(memory, chosen[0].parent)
    return chosen[0]


def open_files(
    parent: QWidget | None, memory: FolderMemory | None, title: str, file_filter: str
) -> list[Path]:
    """One or more existing files; empty when the user cancels."""
    dialog = _dialog(parent, title, start_folder(memory), file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    chosen = _run(dialog)
    if chosen:
        _remember(memory, chosen[0].parent)
    return chosen


def save_file(
    parent: QWidget | None,
    memory: FolderMemory | None,
    title: str,
    suggested: str | Path,
    file_filter: str,
    *,
    suffix: str = "",
) -> Path | None:
    """A name to save under, or None. `suggested` is a file name (put in the last folder)
    or a whole path; `suffix` (".csv") is added when the user types a name without one."""
    suggested = Path(suggested)
    if suggested.is_absolute() and suggested.parent.is_dir():
        folder, name = suggested.parent, suggested.name
    else:
        folder, name = start_folder(memory), suggested.name
    dialog = _dialog(parent, title, folder, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if suffix:
        dialog.setDefaultSuffix(suffix.lstrip("."))
    if name:
        dialog.selectFile(name)
    chosen = _run(dialog)
    if not chosen:
        return None
    _remember(memory, chosen[0].parent)
    return chosen[0]


def choose_folder(
    parent: QWidget | None, memory: FolderMemory | None, title: str, start: str = ""
) -> Path | None:
    """A folder, or None. Opens in `start` when it exists, else in the last folder used."""
    begin = Path(start) if start and Path(start).is_dir() else start_folder(memory)
    dialog = _dialog(parent, title, begin, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run(dialog)
    if not chosen:
        return None
    _remember(memory, chosen[0])
    return chosen[0]
