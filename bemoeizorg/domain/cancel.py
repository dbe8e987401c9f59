"""Stopping long work when the user asks: the one exception a cancelled job raises.

Its own module, with nothing else in it, so the worker (`ui/jobs`) can know it without
loading what raises it (`domain/disclosure` brings HiGHS and numpy)."""

from __future__ import annotations


class Cancelled(Exception):
    """The caller asked to stop (the screen's cancel button)."""
