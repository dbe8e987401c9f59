"""Qt's own strings in Dutch: Qt's Dutch translation, and the few it lacks.

Qt's `qtbase_nl` has "Zoeken in:" for "Look in:", but no entry for the forms with an
accelerator that the file dialog shows since Qt 6 ("&Look in:", "Files of &type:"), so
those stayed English; nor for the file list's "Folder". `MissingDutch` answers for exactly
those and passes on the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

# (context, source) -> Dutch, in Qt's own words where qtbase_nl has the form without "&".
MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Zoeken in:",
    ("QFileDialog", "Files of &type:"): "Bestanden van &type:",
    # The file list's "Type" column names a folder with these.
    ("QAbstractFileIconProvider", "Folder"): "Map",
    ("QAbstractFileIconProvider", "Drive"): "Schijf",
}


class MissingDutch(QTranslator):
    """The strings Qt's Dutch translation lacks; installed after it, so asked first."""

    def translate(
        self,
        context: bytes | str,
        source_text: bytes | str,
        disambiguation: bytes | str | None = None,
        n: int = -1,
    ) -> str:
        context = context.decode() if isinstance(context, bytes) else context
        source = source_text.decode() if isinstance(source_text, bytes) else source_text
        # None reaches Qt as a null string: "not here, ask the next translator". An empty
        # string would be taken as the translation and blank every other label.
        return MISSING.get((context, source))  # type: ignore[return-value]

    def isEmpty(self) -> bool:
        return False


def install_dutch(app: QCoreApplication) -> list[QTranslator]:
    """Qt's own strings (standard buttons, file dialogs) in Dutch; returns what it installed
    (kept referenced by the application as their parent)."""
    installed: list[QTranslator] = []
    qt_dutch = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_dutch.load(QLocale(QLocale.Language.Dutch), "qtbase", "_", folder):
        app.installTranslator(qt_dutch)
        installed.append(qt_dutch)
    ours = MissingDutch(app)
    app.installTranslator(ours)
    installed.append(ours)
    return installed
