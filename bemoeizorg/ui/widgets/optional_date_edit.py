"""Kept only for the period filters of Jaarcijfers and the access log, which are QDateEdits
(from-to ranges, not typed dates) and import these three names from here. Every typed date
is a `date_field.DateField`; new code imports from there."""

from __future__ import annotations

from bemoeizorg.ui.widgets.date_field import DATE_FORMAT, from_qdate, to_qdate

__all__ = ["DATE_FORMAT", "from_qdate", "to_qdate"]
