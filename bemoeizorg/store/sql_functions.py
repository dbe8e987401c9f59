"""SQL that differs between the two engines, as named SQLAlchemy constructs (issue 17).

The casework and exports write one query; each construct compiles to SQLite's own function
on the encrypted file (what was written before: `strftime`, `julianday`, `group_concat`)
and to PostgreSQL's on a team register. Nothing above `store/` names an engine.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Date, Integer, String, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import functions
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement, GenericFunction
from sqlalchemy.types import Float


class year_of(FunctionElement[str]):
    """The year of a date column as four digits of text ('2026')."""

    type = String()
    inherit_cache = True
    name = "year_of"


class month_of(FunctionElement[int]):
    """The month of a date column as a number (1-12)."""

    type = Integer()
    inherit_cache = True
    name = "month_of"


class days_between(FunctionElement[float]):
    """Days from the first date to the second (a number; later minus earlier)."""

    type = Float()
    inherit_cache = True
    name = "days_between"


class joined_text(FunctionElement[str]):
    """An aggregate: every value of a text column joined by a separator."""

    type = String()
    inherit_cache = True
    name = "joined_text"


def _args(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(arg, **kw) for arg in element.clauses]


@compiles(year_of, "sqlite")
def _year_sqlite(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"strftime('%Y', {day})"


@compiles(year_of, "postgresql")
def _year_pg(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"to_char({day}, 'YYYY')"


@compiles(month_of, "sqlite")
def _month_sqlite(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"CAST(strftime('%m', {day}) AS INTEGER)"


@compiles(month_of, "postgresql")
def _month_pg(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"CAST(EXTRACT(MONTH FROM {day}) AS INTEGER)"


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    return f"(julianday({end}) - julianday({start}))"


@compiles(days_between, "postgresql")
def _days_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    return f"(CAST({end} AS DATE) - CAST({start} AS DATE))"


@compiles(joined_text, "sqlite")
def _joined_sqlite(element: joined_text, compiler: SQLCompiler, **kw: Any) -> str:
    column, separator = _args(element, compiler, **kw)
    return f"group_concat({column}, {separator})"


@compiles(joined_text, "postgresql")
def _joined_pg(element: joined_text, compiler: SQLCompiler, **kw: Any) -> str:
    column, separator = _args(element, compiler, **kw)
    return f"string_agg({column}, {separator})"


def erase_for_good(session: Session) -> None:
    """Before deleting for good: SQLite overwrites freed pages (secure_delete). On a team
    register the server's storage is the administrator's duty (disk encryption)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))


# --- SQLite's own names, compiled for PostgreSQL too ---------------------------------------
# Queries written before the team register (and modules still being changed by others) call
# `func.julianday`, `func.strftime` and `func.group_concat` directly. Registered here as
# generic functions, they stay exactly what they were on SQLite and get PostgreSQL's
# counterpart on a team register. New code uses the neutral names above.

_PG_DATE_FORMAT = (("%Y", "YYYY"), ("%m", "MM"), ("%d", "DD"), ("%H", "HH24"), ("%M", "MI"))


class julianday(GenericFunction[float]):
    type = Float()
    inherit_cache = True


class strftime(GenericFunction[str]):
    type = String()
    inherit_cache = True


class group_concat(GenericFunction[str]):
    type = String()
    inherit_cache = True


@compiles(julianday, "postgresql")
def _julianday_pg(element: julianday, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    # Only differences of julian days are ever used; the epoch makes them SQLite's numbers.
    return f"(CAST({day} AS DATE) - DATE '2000-01-01' + 2451544.5)"


@compiles(strftime, "postgresql")
def _strftime_pg(element: strftime, compiler: SQLCompiler, **kw: Any) -> str:
    pattern, *rest = element.clauses
    value = getattr(pattern, "value", None)
    if not isinstance(value, str) or len(rest) != 1:
        raise ValueError("strftime on PostgreSQL: a fixed format and one value only")
    for sqlite_code, pg_code in _PG_DATE_FORMAT:
        value = value.replace(sqlite_code, pg_code)
    if "%" in value:
        raise ValueError("strftime on PostgreSQL: a format code without a counterpart")
    day = compiler.process(rest[0], **kw)
    return f"to_char(CAST({day} AS TIMESTAMP), '{value}')"


@compiles(group_concat, "postgresql")
def _group_concat_pg(element: group_concat, compiler: SQLCompiler, **kw: Any) -> str:
    args = _args(element, compiler, **kw)
    separator = args[1] if len(args) > 1 else "','"
    return f"string_agg(CAST({args[0]} AS TEXT), {separator})"


class likelihood(GenericFunction[bool]):
    """SQLite's planner hint (casework/case_list.mostly_true); the condition itself elsewhere."""

    type = Boolean()
    inherit_cache = True


@compiles(likelihood, "postgresql")
def _likelihood_pg(element: likelihood, compiler: SQLCompiler, **kw: Any) -> str:
    condition = list(element.clauses)[0]
    return f"({compiler.process(condition, **kw)})"


@compiles(functions.coalesce, "postgresql")
def _coalesce_pg(element: functions.coalesce[Any], compiler: SQLCompiler, **kw: Any) -> str:
    """On SQLite a date is ISO text, and queries coalesce a date with text ('' or a day
    written out): on PostgreSQL such a date is taken as its ISO text, as SQLite has it."""
    clauses = list(element.clauses)
    mixed = any(isinstance(c.type, Date) for c in clauses) and any(
        isinstance(c.type, String) for c in clauses
    )
    parts = [
        f"CAST({compiler.process(c, **kw)} AS TEXT)"
        if mixed and isinstance(c.type, Date)
        else compiler.process(c, **kw)
        for c in clauses
    ]
    return f"COALESCE({', '.join(parts)})"
