"""Spreadsheets: the Excel template, reading a filled one, and the plan it becomes."""
