"""Errors a user can meet, each with one clear Dutch sentence and nothing identifying.

Messages never carry case data; at most a file name the user chose themself.
"""

from __future__ import annotations

import errno

import sqlcipher3.dbapi2 as sqlcipher


class RegisterError(Exception):
    """Base: `str(error)` is the Dutch message shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WrongPassphrase(RegisterError):
    def __init__(self) -> None:
        super().__init__("De wachtwoordzin klopt niet. Let op hoofdletters en de Caps Lock-toets.")


class NotAllowed(RegisterError):
    """The acting user's role does not allow this; refused in the store, below every UI."""

    def __init__(self, what: str) -> None:
        super().__init__(f"Alleen een teamleider mag {what}. Vraag dit aan uw teamleider.")


class WrongRecoveryCode(RegisterError):
    def __init__(self) -> None:
        super().__init__("De herstelcode klopt niet. Controleer de code op het papier.")


class RegisterNotFound(RegisterError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Het register '{name}' bestaat niet (meer) op deze plek.")


class RegisterExists(RegisterError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Er staat al een bestand '{name}'. Kies een andere naam of map.")


class KeyFileMissing(RegisterError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Het sleutelbestand '{name}' ontbreekt naast het register. Zonder dit bestand kan "
            "het register niet worden geopend: zet het terug uit een back-up."
        )


class KeyFileDamaged(RegisterError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Het sleutelbestand '{name}' is beschadigd. Zet het terug uit een back-up."
        )


class RegisterCorrupt(RegisterError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Register beschadigd: '{name}' kan niet worden gelezen. Er is niets gewijzigd. "
            "Zet de nieuwste goede back-up terug."
        )


class RegisterMismatch(RegisterError):
    def __init__(self) -> None:
        super().__init__(
            "Het sleutelbestand hoort niet bij dit register. Zet beide bestanden samen terug."
        )


class RegisterInUse(RegisterError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"Dit register is al geopend in een ander venster of programma ({where}). "
            "Sluit het daar eerst af."
        )


class RegisterLocked(RegisterError):
    def __init__(self) -> None:
        super().__init__("Het register is vergrendeld. Ontgrendel het eerst.")


class DiskFull(RegisterError):
    def __init__(self) -> None:
        super().__init__(
            "De schijf is vol: er is niets opgeslagen. Maak ruimte vrij en probeer het opnieuw."
        )


class DiskError(RegisterError):
    def __init__(self) -> None:
        super().__init__(
            "Schrijven naar de schijf is mislukt: er is niets opgeslagen. Controleer de schijf "
            "of USB-stick en probeer het opnieuw."
        )


class ProgramError(RegisterError):
    def __init__(self) -> None:
        super().__init__(
            "Dit lukte niet door een fout in het programma. Er is niets gewijzigd; wat al "
            "was opgeslagen blijft bewaard."
        )


class NotPermitted(RegisterError):
    pass


class InvalidInput(RegisterError):
    pass


class UnsafeRegister(RegisterError):
    def __init__(self, what: str) -> None:
        super().__init__(f"Het register wordt niet geopend: {what}.")


def from_os_error(exc: OSError) -> RegisterError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull()
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return DiskError()
    return DiskError()


def from_database_error(exc: BaseException, register_name: str) -> RegisterError:
    """Map an SQLite/SQLCipher error to a Dutch one; the raw text never reaches a user."""
    if isinstance(exc, RegisterError):
        return exc
    if isinstance(exc, MemoryError):
        # SQLCipher reports a page that fails its HMAC on a write path as SQLITE_NOMEM,
        # which the driver raises as MemoryError: the file is damaged, not the memory.
        return RegisterCorrupt(register_name)
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFull()
    if "disk i/o error" in text or "readonly" in text or "unable to open" in text:
        return DiskError()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return RegisterCorrupt(register_name)
    if "locked" in text or "busy" in text:
        return RegisterInUse("database bezet")
    if isinstance(exc, OSError):
        return from_os_error(exc)
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlcipher.IntegrityError | sqlcipher.ProgrammingError):
        return ProgramError()
    if isinstance(orig, sqlcipher.DatabaseError):
        return RegisterCorrupt(register_name)
    if isinstance(orig, sqlcipher.Error):
        return DiskError()
    # Not the database's doing (a bug of ours): say so without alarming about damage.
    return ProgramError()
