"""The register's users (who can open it) and their roles, as a table."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from bemoeizorg.domain.people import Role
from bemoeizorg.ui.models.row_table import RowTableModel


class UserColumn(IntEnum):
    NAME = 0
    ROLE = 1


HEADERS = {UserColumn.NAME: "Naam", UserColumn.ROLE: "Rol"}


@dataclass(frozen=True, slots=True)
class UserRow:
    name: str
    role: Role
    is_me: bool  # the acting user: marked, and not removed from here


class UserModel(RowTableModel[UserRow]):
    columns = UserColumn
    headers = HEADERS

    def display(self, item: UserRow, column: Any) -> str:
        if column is UserColumn.NAME:
            return f"{item.name} (u)" if item.is_me else item.name
        return item.role.label
