"""The one place for the program's colours, font sizes and style sheets.

Widgets never write a colour or a style sheet of their own: they take a name from here, so
the red of an error is the same red everywhere and a change of look is a change in one file.
Colours are hex strings (``QColor(style.ERROR)`` where Qt wants a colour); style sheets come
from small functions, so a widget reads ``label.setStyleSheet(style.error_text())``.
Colours taken from the palette (``palette(placeholder-text)``) follow the system theme.
"""

from __future__ import annotations

# Colours -------------------------------------------------------------------------------

ERROR = "#b3261e"  # errors, late items and other warnings
ERROR_BACKGROUND = "#fdecea"
OK = "#1b5e20"  # a sound log, an open case, a strong passphrase
OK_BACKGROUND = "#e8f5e9"
WARNING = "#663c00"  # notices the user should read before going on
WARNING_BACKGROUND = "#fff4e5"
ATTENTION = "#8a5300"  # something missing that is not yet an error
HIDDEN_NUMBER = "#8a5a00"  # a number hidden to protect others in a published table
CLOSED = "#424242"
CLOSED_BACKGROUND = "#e0e0e0"
PHASE = "#0d47a1"
PHASE_BACKGROUND = "#e3f2fd"
DRAFT_BACKGROUND = "#fff4d6"
DRAFT_BORDER = "#e0b64c"
INACTIVE = "#8a8a8a"  # an inactive team member, a contact point not in force today
DONE = "#6f6f6f"  # an action that is done
LABEL = "#555555"  # the labels of the pack preview

# The passphrase meter, by strength score 0-4: red, red, amber, green, dark green.
STRENGTH = (ERROR, ERROR, "#b26a00", "#2e7d32", OK)
# Its word ("Sterk") beside the bar, on the window's background: darker where the bar's
# colour would be too faint to read (at least 4.5:1 on a light background).
STRENGTH_TEXT = (ERROR, ERROR, ATTENTION, OK, OK)

# ZRM scores as (background, text): 1-2 red, 3 amber, 4-5 green; light tints keep text legible.
ZRM_RED = ("#f6d5d3", "#7f1d1d")
ZRM_AMBER = ("#fbe6bf", "#6b4300")
ZRM_GREEN = ("#d4ecd5", "#1b4d1f")

# The bar chart: one colour per series, the axis, the names and the note under the legend.
CHART_SERIES = ("#1f5f8b", "#4f9dc9", "#f2a541", "#c8553d", "#6a994e", "#8e7dbe")
CHART_AXIS = "#999999"
CHART_TEXT = "#333333"
CHART_NOTE = "#666666"


def series_colour(index: int) -> str:
    """The chart colour of series `index`; the colours repeat past the last."""
    return CHART_SERIES[index % len(CHART_SERIES)]


# Font sizes in pixels ------------------------------------------------------------------

START_TITLE_SIZE = 24
UNLOCK_TITLE_SIZE = 20
NAME_SIZE = 18  # the person's name above a case
PAGE_TITLE_SIZE = 16
HEADER_SIZE = 15
PLACEHOLDER_SIZE = 14
SMALL_SIZE = 11

MUTED = "color: palette(placeholder-text);"
BOLD = "font-weight: 600;"
_BADGE = "padding: 2px 8px; border-radius: 4px;"
_BANNER = "padding: 8px; border-radius: 4px;"


# Style sheets --------------------------------------------------------------------------


def error_text() -> str:
    """Red text: a problem with what was typed or done."""
    return f"color: {ERROR};"


def error_heading() -> str:
    return f"color: {ERROR}; font-weight: bold;"


def muted_text() -> str:
    """Grey text that explains, in the theme's placeholder colour."""
    return MUTED


def faint_text() -> str:
    """Text fainter still: a hint or an empty list."""
    return "color: palette(mid);"


def normal_text() -> str:
    """The theme's own text colour, where a label switches back from an error."""
    return "color: palette(text);"


def attention_text() -> str:
    return f"color: {ATTENTION};"


def bold() -> str:
    return BOLD


def late_title() -> str:
    """A bold title in red: past its date."""
    return f"{BOLD} color: {ERROR};"


def title(size: int = PAGE_TITLE_SIZE) -> str:
    """A bold title; the page title size unless another is given."""
    return f"font-size: {size}px; {BOLD}"


def page_title() -> str:
    return title(PAGE_TITLE_SIZE)


def sized_text(size: int) -> str:
    return f"font-size: {size}px;"


def placeholder_text() -> str:
    """The large grey sentence shown where nothing is chosen yet."""
    return f"{MUTED} font-size: {PLACEHOLDER_SIZE}px;"


def footer_text() -> str:
    return f"{MUTED} font-size: {SMALL_SIZE}px;"


def warning_banner() -> str:
    """Brown on light orange: read this before going on."""
    return f"color: {WARNING}; background: {WARNING_BACKGROUND}; {_BANNER}"


def warning_note() -> str:
    """The warning colours as a plain strip inside a form."""
    return f"color: {WARNING}; background: {WARNING_BACKGROUND}; padding: 6px;"


def ok_banner() -> str:
    return f"color: {OK}; background: {OK_BACKGROUND}; {_BANNER}"


def error_banner() -> str:
    return f"color: {ERROR}; background: {ERROR_BACKGROUND}; {_BANNER}"


def open_badge() -> str:
    return f"color: {OK}; background: {OK_BACKGROUND}; {_BADGE}"


def closed_badge() -> str:
    return f"color: {CLOSED}; background: {CLOSED_BACKGROUND}; {_BADGE}"


def phase_badge() -> str:
    return f"color: {PHASE}; background: {PHASE_BACKGROUND}; {_BADGE}"


def draft_banner(selector: str) -> str:
    """The yellow strip that says a draft is waiting, for the widget named by `selector`."""
    return (
        f"{selector} {{ background: {DRAFT_BACKGROUND}; border: 1px solid {DRAFT_BORDER};"
        " border-radius: 4px; }"
    )


def card(selector: str) -> str:
    """A block set off from the page by the theme's alternate background."""
    return f"{selector} {{ background: palette(alternate-base); border-radius: 4px; }}"


def framed_card(selector: str) -> str:
    """A card with a thin border, for a chosen row."""
    return (
        f"{selector} {{ background: palette(alternate-base); border: 1px solid palette(mid);"
        " border-radius: 4px; }"
    )


def offer_box(selector: str) -> str:
    """A framed box on the base colour: an offer the user can take or leave."""
    return (
        f"{selector} {{ border: 1px solid palette(mid); border-radius: 4px;"
        " padding: 8px; background: palette(base); }"
    )


def read_only_line_edit() -> str:
    """Read-only line edits look like the window, not like a field to type in."""
    return 'QLineEdit[readOnly="true"] { background: palette(window); }'


def bold_group_titles() -> str:
    """Group box titles in bold, their contents not."""
    return "QGroupBox { font-weight: 600; } QGroupBox * { font-weight: normal; }"


def list_item_padding(selector: str) -> str:
    return f"{selector}::item {{ padding: 6px 10px; }}"


def meter_chunk(colour: str) -> str:
    return f"QProgressBar::chunk {{ background: {colour}; }}"


def strength_text(score: int) -> str:
    """The passphrase strength's word, in its colour, bold: never black on dark green."""
    return f"color: {STRENGTH_TEXT[score]}; {BOLD}"
