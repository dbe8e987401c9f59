"""SQLAlchemy models of the register. Changes go through an alembic migration."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key-value facts about the register itself (id, name, created)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """A person who can unlock the register; their key slot carries the same name."""

    __tablename__ = "user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))


class RegisterSetting(Base):
    """Team-wide settings kept inside the register (declared in bemoeizorg.settings)."""

    __tablename__ = "register_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CoveredMunicipality(Base):
    __tablename__ = "covered_municipality"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)


class ContactPoint(Base):
    """A municipality's aanspreekpunt for bemoeizorg, valid over a period."""

    __tablename__ = "contact_point"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)


class TeamMember(Base):
    """Someone who can be case owner (dossierhouder)."""

    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    specialism: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AccessLogEntry(Base):
    """One NEN 7513 entry: who, when, what, which case (id only), from where.

    Each entry's MAC covers its content and the previous MAC, keyed from the data key.
    """

    __tablename__ = "access_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40), index=True)
    user_name: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    program: Mapped[str] = mapped_column(String(40))
    machine: Mapped[str] = mapped_column(String(100))
    mac: Mapped[str] = mapped_column(String(64))


class AccessLogHead(Base):
    """Where the chain starts and ends, so a removed last entry shows too."""

    __tablename__ = "access_log_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_id: Mapped[int] = mapped_column(Integer)
    first_prev_mac: Mapped[str] = mapped_column(String(64))
    last_id: Mapped[int] = mapped_column(Integer)
    last_mac: Mapped[str] = mapped_column(String(64))


__all__ = [
    "AccessLogEntry",
    "AccessLogHead",
    "Base",
    "ContactPoint",
    "CoveredMunicipality",
    "Meta",
    "RegisterSetting",
    "TeamMember",
    "User",
]
