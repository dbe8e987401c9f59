"""Pure domain values: no I/O, no Qt, no database."""
