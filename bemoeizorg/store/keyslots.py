"""Key slots: the register's random data key, wrapped once per way in.

Beside the register lies a small JSON file with one slot per user passphrase
(Argon2id, then AES-256-GCM), one for the recovery code, and one per remembered device
(a random secret kept in the OS keyring). Changing a passphrase rewrites one slot, never
the database. The associated data binds each slot to its register, kind and user, so a
slot cannot be moved to another user or register unnoticed.
"""

from __future__ import annotations

import base64
import json
import secrets
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bemoeizorg.store.errors import (
    KeyFileDamaged,
    KeyFileMissing,
    RegisterError,
    WrongPassphrase,
    WrongRecoveryCode,
)
from bemoeizorg.store.files import write_bytes_atomic
from bemoeizorg.store.secret_memory import random_key

FORMAT = "bemoeizorg-sleutels"
VERSION = 1
DATA_KEY_BYTES = 32
# RFC 9106's second recommended Argon2id setting: 64 MiB, 3 passes; about 0.13 s here.
ARGON2_TIME = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_LANES = 4
# ARGON2_BOUNDS: the costs a slot may ask for. The slot file is not signed, so anyone who
# can write it could raise them and make every unlock take minutes and gigabytes (t=16
# with 1 GiB: 80 s). Accepted: 1 to 8 passes, 8 KiB per lane up to 256 MiB, 1 to 8 lanes,
# and passes x memory at most 1 GiB (5 1/3 times the program's own 3 x 64 MiB, so an
# unlock stays under a second here). The program's own slots (3, 64 MiB, 4) and the tests'
# cheap ones (1 pass, 1 MiB) are well inside; outside, the file is not trusted and no key
# is derived.
ARGON2_MAX_TIME = 8
ARGON2_MAX_MEMORY_KIB = 256 * 1024
ARGON2_MAX_LANES = 8
ARGON2_MAX_WORK = 1024 * 1024  # passes x KiB
MAX_ARGON2_SLOTS = 32  # the command line may try every passphrase slot in turn
MAX_SLOTS = 256
MAX_FILE_BYTES = 1024 * 1024  # a slot is about 400 bytes

# Crockford base32 without I, L, O, U: nothing to misread on paper.
_RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LEN = 5  # 30 symbols = 150 bits


class SlotKind(StrEnum):
    PASSPHRASE = "wachtwoordzin"
    RECOVERY = "herstelcode"
    DEVICE = "apparaat"


@dataclass(slots=True)
class Slot:
    id: str
    kind: SlotKind
    user: str
    kdf: dict[str, Any]
    nonce: str
    wrapped: str
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


def slots_path_for(register_path: Path) -> Path:
    return register_path.with_name(register_path.name + ".sleutels")


def new_data_key() -> bytearray:
    return random_key(DATA_KEY_BYTES)


def new_recovery_code() -> str:
    symbols = "".join(
        secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN)
    )
    return "-".join(
        symbols[i : i + RECOVERY_GROUP_LEN] for i in range(0, len(symbols), RECOVERY_GROUP_LEN)
    )


def normalise_recovery_code(code: str) -> str:
    """Accept the code as people type it: any case, spaces, dashes, O for 0, I/L for 1."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("OILU", "011V"))
    return cleaned


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _passphrase_bytes(passphrase: str) -> bytes:
    """NFC first: the same phrase typed on another keyboard or pasted from a password
    manager can arrive decomposed (e + combining accent) and must still open the slot."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _normalise_user(name: str) -> str:
    return " ".join(name.split()).casefold()


def _argon2(secret: bytes, kdf: dict[str, Any]) -> bytes:
    return hash_secret_raw(
        secret,
        _unb64(kdf["salt"]),
        time_cost=int(kdf["time_cost"]),
        memory_cost=int(kdf["memory_cost"]),
        parallelism=int(kdf["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def _hkdf(secret: bytes, kdf: dict[str, Any]) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=_unb64(kdf["salt"]), info=b"bemoeizorg-device"
    ).derive(secret)


def _new_argon2_params() -> dict[str, Any]:
    return {
        "name": "argon2id",
        "time_cost": ARGON2_TIME,
        "memory_cost": ARGON2_MEMORY_KIB,
        "parallelism": ARGON2_LANES,
        "salt": _b64(secrets.token_bytes(16)),
    }


class KeyFileUntrusted(KeyFileDamaged):
    """The slot file asks for a key derivation outside ARGON2_BOUNDS, or is bigger or
    holds more slots than any register's: refused before any key is derived."""

    COST = (
        "het vraagt een zwaardere sleutelberekening dan dit programma toestaat (hoogstens "
        f"{ARGON2_MAX_TIME} rondes, {ARGON2_MAX_MEMORY_KIB // 1024} MB geheugen en "
        f"{ARGON2_MAX_LANES} rekenstromen)"
    )
    SIZE = (
        f"het is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB of heeft meer sleutels "
        "dan een register ooit heeft"
    )

    def __init__(self, name: str, why: str = COST) -> None:
        RegisterError.__init__(
            self,
            f"Het sleutelbestand '{name}' wordt niet vertrouwd: {why}. Het is beschadigd of "
            "gewijzigd. Zet het terug uit een back-up.",
        )


class _OutOfBounds(ValueError):
    pass


def _whole_number(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not a whole number")
    return value


def _checked_kdf(kdf: dict[str, Any]) -> dict[str, Any]:
    """Refuse KDF parameters a damaged or altered file could carry: ValueError for a bad
    salt or a cost that is no whole number, _OutOfBounds for costs outside ARGON2_BOUNDS
    (which would make every unlock take minutes or gigabytes)."""
    name = kdf.get("name")
    if name in ("argon2id", "hkdf-sha256") and not 8 <= len(_unb64(str(kdf["salt"]))) <= 64:
        raise ValueError("salt")
    if name == "argon2id":
        time_cost = _whole_number(kdf["time_cost"])
        memory_cost = _whole_number(kdf["memory_cost"])
        lanes = _whole_number(kdf["parallelism"])
        if not (
            1 <= time_cost <= ARGON2_MAX_TIME
            and 1 <= lanes <= ARGON2_MAX_LANES
            and 8 * lanes <= memory_cost <= ARGON2_MAX_MEMORY_KIB
            and time_cost * memory_cost <= ARGON2_MAX_WORK
        ):
            raise _OutOfBounds("cost")
    return kdf


class KeySlots:
    """The slot file of one register, held in memory; save() writes it atomically."""

    def __init__(self, register_id: str, slots: list[Slot] | None = None) -> None:
        self.register_id = register_id
        self.slots: list[Slot] = slots or []

    # --- file -------------------------------------------------------------------------

    @classmethod
    def new(cls) -> KeySlots:
        return cls(uuid.uuid4().hex)

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        try:
            with path.open("rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            raise KeyFileMissing(path.name) from None
        if len(raw) > MAX_FILE_BYTES:
            raise KeyFileUntrusted(path.name, KeyFileUntrusted.SIZE)
        try:
            doc = json.loads(raw.decode("utf-8"))
            if not isinstance(doc, dict):
                raise ValueError("format")
            if doc.get("format") != FORMAT or int(doc.get("version", 0)) > VERSION:
                raise ValueError("format")
            slots = [
                Slot(
                    id=str(s["id"]),
                    kind=SlotKind(s["kind"]),
                    user=str(s["user"]),
                    kdf=_checked_kdf(dict(s["kdf"])),
                    nonce=str(s["nonce"]),
                    wrapped=str(s["wrapped"]),
                    created=str(s.get("created", "")),
                )
                for s in doc["slots"]
            ]
            argon2 = [s for s in slots if s.kdf.get("name") == "argon2id"]
            if len(slots) > MAX_SLOTS or len(argon2) > MAX_ARGON2_SLOTS:
                raise KeyFileUntrusted(path.name, KeyFileUntrusted.SIZE)
            return cls(str(doc["register_id"]), slots)
        except _OutOfBounds:
            raise KeyFileUntrusted(path.name) from None
        except (
            ValueError,
            KeyError,
            TypeError,
            UnicodeDecodeError,
            AttributeError,
            RecursionError,
        ):
            raise KeyFileDamaged(path.name) from None

    def save(self, path: Path) -> None:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "register_id": self.register_id,
            "slots": [asdict(s) for s in self.slots],
        }
        write_bytes_atomic(path, json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8"))

    # --- looking up ---------------------------------------------------------------------

    def users(self) -> list[str]:
        return [s.user for s in self.slots if s.kind is SlotKind.PASSPHRASE]

    def passphrase_slot(self, user: str) -> Slot | None:
        wanted = _normalise_user(user)
        for slot in self.slots:
            if slot.kind is SlotKind.PASSPHRASE and _normalise_user(slot.user) == wanted:
                return slot
        return None

    def slot(self, slot_id: str) -> Slot | None:
        return next((s for s in self.slots if s.id == slot_id), None)

    def has_recovery(self) -> bool:
        return any(s.kind is SlotKind.RECOVERY for s in self.slots)

    # --- wrapping ----------------------------------------------------------------------

    def _aad(self, slot_id: str, kind: SlotKind, user: str) -> bytes:
        return json.dumps([FORMAT, self.register_id, slot_id, kind.value, user]).encode("utf-8")

    def _wrap(
        self, kind: SlotKind, user: str, kek: bytes, kdf: dict[str, Any], data_key: bytearray
    ) -> Slot:
        slot_id = secrets.token_hex(6)
        nonce = secrets.token_bytes(12)
        # The key goes in as the bytearray itself: bytes(data_key) would leave a copy.
        wrapped = AESGCM(kek).encrypt(nonce, data_key, self._aad(slot_id, kind, user))
        return Slot(slot_id, kind, user, kdf, _b64(nonce), _b64(wrapped))

    def _unwrap(self, slot: Slot, kek: bytes) -> bytearray:
        wrapped = _unb64(slot.wrapped)
        # Decrypted straight into a bytearray (the register zeroes it when it locks): no
        # immutable copy of the data key is made.
        plain = bytearray(max(len(wrapped) - 16, 0))
        try:
            AESGCM(kek).decrypt_into(
                _unb64(slot.nonce), wrapped, self._aad(slot.id, slot.kind, slot.user), plain
            )
        except (InvalidTag, ValueError):
            raise WrongPassphrase() from None
        return plain

    def _kek_for(self, slot: Slot, secret: bytes) -> bytes:
        if slot.kdf.get("name") == "argon2id":
            return _argon2(secret, slot.kdf)
        if slot.kdf.get("name") == "hkdf-sha256":
            return _hkdf(secret, slot.kdf)
        raise WrongPassphrase()

    def add_passphrase(self, user: str, passphrase: str, data_key: bytearray) -> Slot:
        user = " ".join(user.split())
        kdf = _new_argon2_params()
        slot = self._wrap(
            SlotKind.PASSPHRASE, user, _argon2(_passphrase_bytes(passphrase), kdf), kdf, data_key
        )
        old = self.passphrase_slot(user)
        if old is not None:
            self.slots[self.slots.index(old)] = slot
        else:
            self.slots.append(slot)
        return slot

    def set_recovery(self, code: str, data_key: bytearray) -> Slot:
        kdf = _new_argon2_params()
        secret = normalise_recovery_code(code).encode("ascii")
        slot = self._wrap(SlotKind.RECOVERY, "", _argon2(secret, kdf), kdf, data_key)
        self.slots = [s for s in self.slots if s.kind is not SlotKind.RECOVERY] + [slot]
        return slot

    def add_device(self, user: str, secret: bytes, data_key: bytearray) -> Slot:
        kdf = {"name": "hkdf-sha256", "salt": _b64(secrets.token_bytes(16))}
        slot = self._wrap(SlotKind.DEVICE, user, _hkdf(secret, kdf), kdf, data_key)
        self.slots.append(slot)
        return slot

    def remove(self, slot_id: str) -> None:
        self.slots = [s for s in self.slots if s.id != slot_id]

    def unwrap_passphrase(self, user: str, passphrase: str) -> tuple[Slot, bytearray]:
        slot = self.passphrase_slot(user)
        if slot is None:
            raise WrongPassphrase()
        return slot, self._unwrap(slot, self._kek_for(slot, _passphrase_bytes(passphrase)))

    def unwrap_any_passphrase(self, passphrase: str) -> tuple[Slot, bytearray]:
        """For the command line, which knows no user: try each user's slot."""
        for slot in self.slots:
            if slot.kind is SlotKind.PASSPHRASE:
                try:
                    kek = self._kek_for(slot, _passphrase_bytes(passphrase))
                    return slot, self._unwrap(slot, kek)
                except WrongPassphrase:
                    continue
        raise WrongPassphrase()

    def unwrap_recovery(self, code: str) -> bytearray:
        secret = normalise_recovery_code(code).encode("ascii")
        for slot in self.slots:
            if slot.kind is SlotKind.RECOVERY:
                try:
                    return self._unwrap(slot, self._kek_for(slot, secret))
                except WrongPassphrase:
                    break
        raise WrongRecoveryCode()

    def unwrap_device(self, slot_id: str, secret: bytes) -> tuple[Slot, bytearray]:
        slot = self.slot(slot_id)
        if slot is None or slot.kind is not SlotKind.DEVICE:
            raise WrongPassphrase()
        return slot, self._unwrap(slot, self._kek_for(slot, secret))
