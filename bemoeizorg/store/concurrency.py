"""Two workers saving the same case at once (issue 17): the second is told, nothing is lost.

Every ORM change of a case row raises `Case.version` and succeeds only from the version its
transaction read (SQLAlchemy's version counter: `UPDATE ... WHERE version = read`). When
another worker's change came in between, the update finds no row and the whole transaction
is rolled back: `Register.session()` turns that into `CaseChangedMeanwhile`.

A form that stays open while the user types keeps the version it showed
(`case_version`) and saves with `expect_version(session, case, shown)` first: a case
changed by someone else since it was shown is refused the same way, and the form keeps the
typed text (the UI's draft) for the user to look again and save.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.schema import Case


class CaseChangedMeanwhile(RegisterError):
    def __init__(self) -> None:
        super().__init__(
            "Deze casus is intussen door een ander gewijzigd; uw tekst staat nog in het "
            "venster. Sluit het venster niet: open de casus opnieuw om de wijziging te zien "
            "en sla daarna uw tekst op."
        )


def case_version(session: Session, case_id: int) -> int:
    """The version of the case as it is now (to keep with a form that shows it)."""
    version = session.scalar(select(Case.version).where(Case.id == case_id))
    return int(version or 0)


def expect_version(session: Session, case: Case, shown: int | None) -> None:
    """Refuse (CaseChangedMeanwhile) when the case is no longer the version the user saw.
    `shown` None: the caller did not keep one (nothing to compare)."""
    if shown is not None and case.version != shown:
        raise CaseChangedMeanwhile()


def is_stale(exc: BaseException) -> bool:
    """Whether a failed flush was an update of a row someone else changed first."""
    return isinstance(exc, StaleDataError)
