"""Key slots: the register's random data key, wrapped once per way in.

Beside the register lies a small JSON file with one slot per user passphrase
(Argon2id), one for the recovery code, and one per remembered device (HKDF of a random
secret kept in the OS keyring). Each slot turns its secret into a key-encryption key
(KEK). Changing a passphrase rewrites one slot, never the database. The associated data
of every encryption binds it to its register, slot, kind and user, so a slot cannot be
moved to another user or register unnoticed.

Two slot formats:

- v1 (file version 1): the KEK wraps the data key D directly (AES-256-GCM). Only the
  slot's owner can ever wrap a new data key into it.
- v2 (file version 2): the slot holds a random 32-byte slot key U and an X25519 key pair.
  `secret` = KEK-wrapped U and the private key (with the public key in the associated
  data); `escrow` = U wrapped under a key derived from D (HKDF), the public key again in
  its associated data; `wrapped` = D under HKDF(U || X25519(eph, public)), `eph` being a
  fresh ephemeral public key. Whoever holds D (any unlocked user) can so wrap a new data
  key D' for every slot (`rekeyed`): U from the escrow, a new ephemeral key, D' to U and
  the public key. Without D nobody can make a slot that its owner accepts (U is needed),
  and a public key swapped by a stranger breaks the escrow, so `rekeyed` refuses it.

  Why both U and the key pair: U alone (escrowed under D) would let a member who is later
  removed keep every U while still a member and read D' out of a later slot file; the
  private key, wrapped under the KEK only, is what such a member never had. What remains
  (stated, not prevented): a member who, while still a member, rewrote another user's
  public key and escrow in the slot file with a key pair of their own gets the next D'
  of that slot; that user's passphrase stops working from then on (the secret's
  associated data holds the original public key), so it does not go unnoticed.

A v1 slot is upgraded to v2 when its owner unlocks with it (the KEK is at hand then, see
`take_renewal` and `renew`); a rekey refuses while passphrase or recovery slots are
still v1 (`not_ready`), and drops v1 device slots (typing the passphrase once on that
computer brings it back). A file with only v1 slots is still written as version 1.
"""

from __future__ import annotations

import base64
import json
import secrets
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
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
from bemoeizorg.store.secret_memory import random_key, scrub, zero

FORMAT = "bemoeizorg-sleutels"
VERSION = 2  # the newest this program reads and writes; 1 while every slot is v1
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
    # v2 only (see the module's docstring); empty in a v1 slot.
    v: int = 1
    public: str = ""
    eph: str = ""
    secret_nonce: str = ""
    secret: str = ""
    escrow_nonce: str = ""
    escrow: str = ""


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

    DOUBLE = "het heeft twee wachtwoordzinnen voor één gebruiker of twee herstelcodes"

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
        self._renewal: tuple[Slot, bytes] | None = None

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
                    **_v2_fields(s),
                )
                for s in doc["slots"]
            ]
            argon2 = [s for s in slots if s.kdf.get("name") == "argon2id"]
            if len(slots) > MAX_SLOTS or len(argon2) > MAX_ARGON2_SLOTS:
                raise KeyFileUntrusted(path.name, KeyFileUntrusted.SIZE)
            owners = [_normalise_user(s.user) for s in slots if s.kind is SlotKind.PASSPHRASE]
            recovery = [s for s in slots if s.kind is SlotKind.RECOVERY]
            if len(owners) != len(set(owners)) or len(recovery) > 1:
                # The program keeps one passphrase per user and one recovery code; a second
                # one for a user could be a key holder's way in under that user's name.
                raise KeyFileUntrusted(path.name, KeyFileUntrusted.DOUBLE)
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

    def dumps(self) -> bytes:
        """The file's bytes. Version 1 while every slot is v1, so that a file this program
        has not had to upgrade stays readable by the version before it."""
        v2 = any(s.v == 2 for s in self.slots)
        doc = {
            "format": FORMAT,
            "version": VERSION if v2 else 1,
            "register_id": self.register_id,
            "slots": [_slot_doc(s) for s in self.slots],
        }
        return json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8")

    def save(self, path: Path) -> None:
        write_bytes_atomic(path, self.dumps())

    def copy(self) -> KeySlots:
        return KeySlots(self.register_id, [replace(s, kdf=dict(s.kdf)) for s in self.slots])

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
        """v1: the data key wrapped under the KEK."""
        return json.dumps([FORMAT, self.register_id, slot_id, kind.value, user]).encode("utf-8")

    def _aad2(self, slot: Slot, part: str) -> bytes:
        """v2: one of the slot's three encryptions ('secret', 'escrow', 'data:<eph>'),
        each bound to the slot and its public key."""
        return json.dumps(
            [FORMAT, 2, self.register_id, slot.id, slot.kind.value, slot.user, part, slot.public]
        ).encode("utf-8")

    def _new_slot(
        self,
        kind: SlotKind,
        user: str,
        kek: bytes,
        kdf: dict[str, Any],
        data_key: bytearray,
        *,
        slot_id: str | None = None,
        created: str | None = None,
    ) -> Slot:
        """A v2 slot: a fresh slot key U and key pair under `kek`, the data key for them."""
        own = random_key(64)  # U, then the X25519 private key: never an immutable copy
        try:
            with memoryview(own) as view:
                private = X25519PrivateKey.from_private_bytes(view[32:])
                public = _b64(private.public_key().public_bytes_raw())
                slot = Slot(slot_id or secrets.token_hex(6), kind, user, kdf, "", "")
                if created is not None:
                    slot.created = created
                slot.v, slot.public = 2, public
                nonce = secrets.token_bytes(12)
                secret = AESGCM(kek).encrypt(nonce, own, self._aad2(slot, "secret"))
                slot.secret_nonce, slot.secret = _b64(nonce), _b64(secret)
                return self._with_data_key(slot, view[:32], data_key)
        finally:
            zero(own)

    def _with_data_key(self, slot: Slot, slot_key: memoryview, data_key: bytearray) -> Slot:
        """`slot` (v2) with `data_key` wrapped for its U and public key under a new
        ephemeral key, and U escrowed under `data_key`."""
        ephemeral = X25519PrivateKey.generate()
        eph = _b64(ephemeral.public_key().public_bytes_raw())
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(_unb64(slot.public)))
        aad = self._aad2(slot, "data:" + eph)
        key = _data_wrap_key(slot_key, shared)
        escrow_key = _escrow_key(data_key)
        try:
            nonce, escrow_nonce = secrets.token_bytes(12), secrets.token_bytes(12)
            wrapped = AESGCM(key).encrypt(nonce, data_key, aad)
            escrow = AESGCM(escrow_key).encrypt(escrow_nonce, slot_key, self._aad2(slot, "escrow"))
        finally:
            zero(key)
            zero(escrow_key)
            scrub(shared)
        return replace(
            slot,
            eph=eph,
            nonce=_b64(nonce),
            wrapped=_b64(wrapped),
            escrow_nonce=_b64(escrow_nonce),
            escrow=_b64(escrow),
        )

    def _unwrap(self, slot: Slot, kek: bytes) -> bytearray:
        if slot.v == 2:
            return self._unwrap_v2(slot, kek)
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
        # Its owner just opened it: the moment to make it v2 (see `renew`).
        self._renewal = (slot, kek)
        return plain

    def _unwrap_v2(self, slot: Slot, kek: bytes) -> bytearray:
        own = bytearray(64)
        key = bytearray()
        try:
            wrapped = _unb64(slot.wrapped)
            AESGCM(kek).decrypt_into(
                _unb64(slot.secret_nonce), _unb64(slot.secret), self._aad2(slot, "secret"), own
            )
            with memoryview(own) as view:
                private = X25519PrivateKey.from_private_bytes(view[32:])
                shared = private.exchange(X25519PublicKey.from_public_bytes(_unb64(slot.eph)))
                key = _data_wrap_key(view[:32], shared)
            scrub(shared)
            plain = bytearray(max(len(wrapped) - 16, 0))
            AESGCM(key).decrypt_into(
                _unb64(slot.nonce), wrapped, self._aad2(slot, "data:" + slot.eph), plain
            )
            return plain
        except (InvalidTag, ValueError):
            raise WrongPassphrase() from None
        finally:
            zero(own)
            zero(key)

    def _kek_for(self, slot: Slot, secret: bytes) -> bytes:
        if slot.kdf.get("name") == "argon2id":
            return _argon2(secret, slot.kdf)
        if slot.kdf.get("name") == "hkdf-sha256":
            return _hkdf(secret, slot.kdf)
        raise WrongPassphrase()

    def add_passphrase(self, user: str, passphrase: str, data_key: bytearray) -> Slot:
        user = " ".join(user.split())
        kdf = _new_argon2_params()
        kek = _argon2(_passphrase_bytes(passphrase), kdf)
        slot = self._new_slot(SlotKind.PASSPHRASE, user, kek, kdf, data_key)
        old = self.passphrase_slot(user)
        if old is not None:
            self.slots[self.slots.index(old)] = slot
        else:
            self.slots.append(slot)
        return slot

    def set_recovery(self, code: str, data_key: bytearray) -> Slot:
        kdf = _new_argon2_params()
        secret = normalise_recovery_code(code).encode("ascii")
        slot = self._new_slot(SlotKind.RECOVERY, "", _argon2(secret, kdf), kdf, data_key)
        self.slots = [s for s in self.slots if s.kind is not SlotKind.RECOVERY] + [slot]
        return slot

    def add_device(self, user: str, secret: bytes, data_key: bytearray) -> Slot:
        kdf = {"name": "hkdf-sha256", "salt": _b64(secrets.token_bytes(16))}
        slot = self._new_slot(SlotKind.DEVICE, user, _hkdf(secret, kdf), kdf, data_key)
        self.slots.append(slot)
        return slot

    def remove(self, slot_id: str) -> None:
        self.slots = [s for s in self.slots if s.id != slot_id]

    def remove_user(self, user: str) -> list[Slot]:
        """Take out the user's passphrase slot and every device slot of theirs; the slots
        removed."""
        wanted = _normalise_user(user)
        gone = [
            s
            for s in self.slots
            if s.kind in (SlotKind.PASSPHRASE, SlotKind.DEVICE)
            and _normalise_user(s.user) == wanted
        ]
        self.slots = [s for s in self.slots if s not in gone]
        return gone

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

    # --- upgrading and replacing the data key ---------------------------------------------

    def take_renewal(self) -> tuple[Slot, bytes] | None:
        """The v1 slot the last unwrap opened and its KEK, once: for `renew`."""
        renewal, self._renewal = self._renewal, None
        return renewal

    def renew(self, old: Slot, kek: bytes, data_key: bytearray) -> bool:
        """Make `old`, a v1 slot its owner just opened (so `kek` is at hand), a v2 slot
        with the same id, if this file still holds it unchanged. True when it did."""
        current = self.slot(old.id)
        if current is None or current != old or current.v != 1:
            return False
        new = self._new_slot(
            old.kind, old.user, kek, old.kdf, data_key, slot_id=old.id, created=old.created
        )
        self.slots[self.slots.index(current)] = new
        return True

    def not_ready(self) -> tuple[list[str], bool]:
        """What stops a rekey: users whose passphrase slot is still v1, and whether the
        recovery slot is."""
        users = [s.user for s in self.slots if s.kind is SlotKind.PASSPHRASE and s.v != 2]
        recovery = any(s.kind is SlotKind.RECOVERY and s.v != 2 for s in self.slots)
        return users, recovery

    def rekeyed(self, old_key: bytearray, new_key: bytearray) -> KeySlots:
        """The same slots, each now wrapping `new_key` (whoever holds `old_key` can do this
        for every v2 slot: see the module's docstring). v1 device slots are left out;
        SlotsNotReady while a passphrase or recovery slot is v1; SlotTampered when a
        slot's escrow does not open under `old_key`."""
        users, recovery = self.not_ready()
        if users or recovery:
            raise SlotsNotReady(users, recovery)
        new = KeySlots(self.register_id)
        escrow_key = _escrow_key(old_key)
        try:
            for slot in self.slots:
                if slot.v != 2:
                    continue  # a v1 device slot: forgotten (the passphrase still opens)
                slot_key = bytearray(32)
                try:
                    AESGCM(escrow_key).decrypt_into(
                        _unb64(slot.escrow_nonce),
                        _unb64(slot.escrow),
                        self._aad2(slot, "escrow"),
                        slot_key,
                    )
                    with memoryview(slot_key) as view:
                        copy = replace(slot, kdf=dict(slot.kdf))
                        new.slots.append(new._with_data_key(copy, view, new_key))
                except (InvalidTag, ValueError):
                    raise SlotTampered(slot) from None
                finally:
                    zero(slot_key)
        finally:
            zero(escrow_key)
        return new


V2_FIELDS = ("v", "public", "eph", "secret_nonce", "secret", "escrow_nonce", "escrow")


def _v2_fields(doc: dict[str, Any]) -> dict[str, Any]:
    version = _whole_number(doc.get("v", 1))
    if version == 1:
        return {}
    if version != 2:
        raise ValueError("slot version")
    return {"v": 2, **{name: str(doc[name]) for name in V2_FIELDS[1:]}}


def _slot_doc(slot: Slot) -> dict[str, Any]:
    doc = asdict(slot)
    if slot.v != 2:
        for name in V2_FIELDS:
            doc.pop(name)
    return doc


def _derived(data_key: bytearray | memoryview, info: bytes) -> bytearray:
    key = bytearray(32)
    HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive_into(data_key, key)
    return key


def _escrow_key(data_key: bytearray) -> bytearray:
    return _derived(data_key, b"bemoeizorg-slot-escrow")


def _data_wrap_key(slot_key: memoryview, shared: bytes) -> bytearray:
    """The key that wraps D in a v2 slot: from U and the X25519 secret together."""
    material = bytearray(64)
    try:
        material[:32] = slot_key
        material[32:] = shared
        return _derived(material, b"bemoeizorg-slot-v2")
    finally:
        zero(material)


class SlotsNotReady(RegisterError):
    """A rekey needs every passphrase and recovery slot in the v2 format."""

    def __init__(self, users: list[str], recovery: bool) -> None:
        parts: list[str] = []
        if users:
            who = ", ".join(users)
            verb = "moet" if len(users) == 1 else "moeten"
            parts.append(
                f"{who} {verb} eerst één keer inloggen met de eigen wachtwoordzin (dan wordt "
                "de sleutel bijgewerkt)"
            )
        if recovery:
            parts.append("maak eerst een nieuwe herstelcode (de huidige is nog van het oude soort)")
        super().__init__(
            "Het register kan nog geen nieuwe sleutel krijgen: "
            + "; en ".join(parts)
            + ". Er is niets veranderd."
        )
        self.users = users
        self.recovery = recovery


class SlotTampered(RegisterError):
    """A v2 slot whose escrow does not open with the data key: changed outside the program."""

    def __init__(self, slot: Slot) -> None:
        whose = {
            SlotKind.PASSPHRASE: f"de wachtwoordzin van {slot.user}",
            SlotKind.RECOVERY: "de herstelcode",
            SlotKind.DEVICE: f"een onthouden computer van {slot.user}",
        }[slot.kind]
        super().__init__(
            f"Het sleutelbestand is buiten het programma om gewijzigd: de sleutel voor {whose} "
            "klopt niet. Er is niets veranderd. Zet het sleutelbestand terug uit een back-up "
            "of verwijder die sleutel eerst."
        )
