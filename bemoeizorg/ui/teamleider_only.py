"""Teamleider-only controls as a bemoeizorger sees them: there, but disabled, with the
reason (a tooltip, and where there is room a short grey line). The store refuses such an
action anyway (Register.require_teamleider); the screen only says so beforehand.

The reasons come from casework/team_policy.py ("Alleen een teamleider kan gebruikers
toevoegen."), the same words the store's refusal uses.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from bemoeizorg.casework.team_policy import only_teamleider
from bemoeizorg.domain.people import Role
from bemoeizorg.ui import style


def is_lead(role: Role | None) -> bool:
    return role is Role.TEAMLEIDER


def allow(target: QWidget | QAction, lead: bool, what: str, tip: str = "") -> None:
    """Enable `target` for a teamleider (with its own `tip`, if any); for anyone else
    disable it with the reason as its tooltip (and status tip, for menus)."""
    target.setEnabled(lead)
    reason = only_teamleider(what)
    shown = tip if lead else (f"{tip} {reason}" if tip else reason)
    target.setToolTip(shown)
    if isinstance(target, QAction):
        target.setStatusTip("" if lead else reason)


def reason_label(what: str, parent: QWidget | None = None) -> QLabel:
    """The grey line beside or under a teamleider-only control; hidden until `show_reason`."""
    label = QLabel(only_teamleider(what), parent)
    label.setObjectName("teamleider_only")
    label.setWordWrap(True)
    label.setStyleSheet(style.muted_text())
    label.hide()
    return label


def show_reason(label: QLabel, lead: bool) -> None:
    label.setVisible(not lead)
