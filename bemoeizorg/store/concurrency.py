"""Two workers saving the same case at once (issue 17): the second is told, nothing is lost.

Every ORM change of a case row raises `Case.version` and succeeds only from the version its
transaction read (SQLAlchemy's version counter: `UPDATE ... WHERE version = read`). When
another worker's change came in between, the update finds no row and the whole transaction
is rolled back: `Register.session()` turns that into `CaseChangedMeanwhile`.

A window that stays open while the user types keeps the state of the case it showed
(casework/cases.CaseState): a change of that state (phase, closing, owner, reopening) made
after someone else's is refused the same way, and the dialog keeps the typed text for the
user to look again and save.
"""

from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from bemoeizorg.store.errors import RegisterError


class CaseChangedMeanwhile(RegisterError):
    def __init__(self) -> None:
        super().__init__(
            "Deze casus is intussen door een ander gewijzigd; uw tekst staat nog in het "
            "venster en er is niets opgeslagen. De casus is opnieuw geladen: bekijk wat er "
            "veranderd is en klik nogmaals op Opslaan als uw wijziging nog klopt."
        )


def is_stale(exc: BaseException) -> bool:
    """Whether a failed flush was an update of a row someone else changed first."""
    return isinstance(exc, StaleDataError)
