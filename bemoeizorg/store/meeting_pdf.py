"""Renders a meeting pack (`meeting_pack.Pack`) to PDF bytes with reportlab.

Placeholder interface, filled in by the PDF work: `render_pack(pack, password=None)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bemoeizorg.store.meeting_pack import Pack


def render_pack(pack: Pack, password: str | None = None) -> bytes:
    raise NotImplementedError
