"""Writing the published (suppressed) counts to XLSX, CSV or PDF.

Only `PublishedTable`s reach this module: aggregates, with small numbers already hidden.
No file names a person, a worker or a reporter; the metadata of each file is neutral.
Every file goes out through `publish` (0600, fsync, atomic replace, then logged).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from bemoeizorg.casework.publications import LoggedCell, last_publication_id, record_publication
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.suppression import (
    MARK,
    REGION,
    TOTAL,
    CannotSuppress,
    Cell3,
    Context,
    CountTable,
    Progress,
    PublishedTable,
    equations,
    explain,
    full_grid,
    suppress_family,
)
from bemoeizorg.exports.cells import csv_row, xlsx_append
from bemoeizorg.exports.counts import Counts, Period, compute_counts, links, publishable
from bemoeizorg.exports.counts_history import (
    History,
    build_context,
    inequalities,
    read_history,
)
from bemoeizorg.exports.publish import publish_coded, write_file
from bemoeizorg.store.access_log import code_line
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register

FORMATS = (".xlsx", ".csv", ".pdf")
PRODUCER = "Bemoeizorg Register"
SHEET_NAMES = {
    "gemeenten": "Gemeenten",
    "meldingen": "Meldingen",
    "melders": "Melders",
    "zorgen": "Zorgen",
    "kwartalen": "Kwartalen",
    "geopend": "Geopend",
    "afgesloten": "Afgesloten",
    "open": "Open",
}
RELATIONS_SHEET = "Samenhang"
FIRST_DATA_ROW = 3  # a title row, a header row, then the areas
FIRST_VALUE_COLUMN = 3  # area, CBS code, then the numbers
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Publication:
    """What leaves the team: the tables with withheld cells, the relations between their
    cells (total = sum of parts), and the words that explain them."""

    counts: Counts
    tables: tuple[PublishedTable, ...]
    threshold: int
    explanation: tuple[str, ...]
    control_code: str = ""  # the access log's when published (see `export_publication`)
    relations: tuple[tuple[Cell3, ...], ...] = ()  # each: parts..., total
    per_municipality: bool = False
    earlier: tuple[str, ...] = ()  # earlier publications protected together, in words
    merged: bool = False  # team files of several registers, not this register's counts
    log_mark: int = 0  # the last publication in the register's log when this was made
    seconds: float = 0.0  # how long the analyst took
    left_out: tuple[str, ...] = ()  # tables that could not be protected, by title

    def received_text(self) -> str:
        """Reports received in the whole region, as published (it may be withheld too)."""
        return self.tables[0].cell(REGION, self.tables[0].column_keys[-1]).text()

    @property
    def title(self) -> str:
        return f"Bemoeizorg: meldingen Noord- en Midden-Limburg, {self.counts.period.label}"

    @property
    def withheld(self) -> int:
        return sum(t.hidden_count for t in self.tables)

    @property
    def cell_count(self) -> int:
        return sum(len(t.cells) for t in self.tables)

    def default_file_name(self, suffix: str = ".xlsx") -> str:
        period = self.counts.period
        return f"bemoeizorg-cijfers-{period.start.isoformat()}-{period.end.isoformat()}{suffix}"

    def table(self, key: str) -> PublishedTable:
        return next(t for t in self.tables if t.table.key == key)


def publish(
    counts: Counts,
    threshold: int,
    *,
    per_municipality: bool = False,
    history: History | None = None,
    merged: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Publication:
    """Shape the tables, let the analyst choose what to withhold (together with `history`,
    the register's earlier publications), and explain it. A table in which a small count
    cannot be protected against the earlier publications is left out and named; refused in
    Dutch when that leaves nothing, or per municipality."""
    started = time.perf_counter()
    chosen = publishable(counts, per_municipality=per_municipality)
    left_out: list[str] = []
    while True:
        try:
            tables, between, earlier = _withhold(
                chosen, counts.period, threshold, history, progress, cancelled
            )
            break
        except CannotSuppress as refused:
            # Reshaped, not refused: a table in which a small count cannot be protected
            # against the earlier publications is left out (and named), the rest is
            # published. Per municipality the screen offers the shape by subregion instead.
            lost = {c[0] for c in refused.cells if isinstance(c, tuple) and len(c) == 3}
            keep = [t for t in chosen if t.key not in lost]
            if per_municipality:
                raise InvalidInput(
                    "Per gemeente kunnen deze cijfers niet veilig worden gepubliceerd: een "
                    "weggelaten klein aantal blijft terug te rekenen. Kies de indeling per "
                    "subregio of een langere periode."
                ) from None
            if not keep or len(keep) == len(chosen):
                raise InvalidInput(
                    "Deze cijfers kunnen niet veilig worden gepubliceerd: samen met wat eerder "
                    "uit dit register is gepubliceerd blijft een weggelaten klein aantal terug "
                    "te rekenen. Kies een andere periode."
                ) from None
            left_out += [t.title for t in chosen if t.key in lost]
            chosen = keep
    relations: list[tuple[Cell3, ...]] = []
    for table in chosen:
        relations += [tuple((table.key, r, c) for r, c in eq) for eq in equations(table)]
    relations += [tuple(link) for link in between]
    words = [
        f"Periode: {counts.period.label} ({date_text(counts.period.start)} tot en met "
        f"{date_text(counts.period.end)}).",
        "Gemeenten: het werkgebied van het team; meldingen uit andere gemeenten tellen niet mee. "
        "Naast elke gemeente staat haar CBS-code.",
        *explain(tables, threshold),
        f"Welke cijfers samen optellen, staat op het blad {RELATIONS_SHEET}: per regel het "
        "totaal en de delen die er samen op uitkomen.",
        "Tussen publicaties geldt verder: een jaar is de som van zijn vier kwartalen, en de "
        "open casussen aan het eind van een jaar zijn de open casussen aan het eind van het "
        "jaar ervoor, plus de geopende, min de afgesloten casussen in het jaar (op "
        "heropende casussen na). Eerdere publicaties uit dit register zijn bij het weglaten "
        "meegenomen.",
    ]
    if earlier:
        words.append("Samen beschermd met de eerdere publicaties over: " + "; ".join(earlier) + ".")
    if left_out:
        words.append(
            "Niet opgenomen: "
            + "; ".join(left_out)
            + ". Samen met de eerdere publicaties uit dit register zou daarin een klein "
            "aantal terug te rekenen zijn."
        )
    return Publication(
        counts,
        tables,
        threshold,
        tuple(words),
        relations=tuple(relations),
        per_municipality=per_municipality,
        earlier=tuple(earlier),
        merged=merged,
        log_mark=history.mark if history else 0,
        seconds=time.perf_counter() - started,
        left_out=tuple(left_out),
    )


def _withhold(
    chosen: list[CountTable],
    period: Period,
    threshold: int,
    history: History | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[tuple[PublishedTable, ...], list[list[Cell3]], list[str]]:
    """The tables withheld as the analyst decides, the relations between them that hold,
    and the earlier publications in words. Raises CannotSuppress."""
    grid: dict[Cell3, int] = {}
    for table in chosen:
        grid.update({(table.key, r, c): v for (r, c), v in full_grid(table)[2].items()})
    # Only relations that hold are stated (merged team files need not add up across tables).
    between = [eq for eq in links(chosen) if grid[eq[-1]] == sum(grid[c] for c in eq[:-1])]
    bounded = [
        (smaller, larger)
        for smaller, larger in inequalities(chosen)
        if sum(grid[c] for c in smaller) <= sum(grid[c] for c in larger)
    ]
    context, earlier = build_context(chosen, grid, period, history) if history else (Context(), [])
    tables = suppress_family(
        chosen,
        between,
        threshold,
        context,
        inequalities=bounded,
        progress=progress,
        cancelled=cancelled,
    )
    return tuple(tables), between, earlier


def prepare(
    register: Register,
    period: Period,
    threshold: int,
    *,
    per_municipality: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Publication:
    """Count the period and withhold, protected together with the register's earlier
    publications: what the screen shows and the export writes."""
    counts = compute_counts(register, period)
    history = read_history(register, period)
    return publish(
        counts,
        threshold,
        per_municipality=per_municipality,
        history=history,
        progress=progress,
        cancelled=cancelled,
    )


def sheet_name(table: PublishedTable) -> str:
    base, _, specialism = table.table.key.partition(":")
    name = SHEET_NAMES.get(base, base)
    return f"{name}_{specialism}"[:31] if specialism else name


def _value(table: PublishedTable, row: str, column: str) -> int | str:
    cell = table.cell(row, column)
    return MARK if cell.hidden else cell.value


def cell_reference(publication: Publication, cell: Cell3) -> str:
    """Where a cell stands in the workbook: 'Sheet!C5'."""
    from openpyxl.utils import get_column_letter

    key, row, column = cell
    table = publication.table(key)
    r = FIRST_DATA_ROW + table.row_keys.index(row)
    c = FIRST_VALUE_COLUMN + table.column_keys.index(column)
    return f"{sheet_name(table)}!{get_column_letter(c)}{r}"


# --- XLSX ------------------------------------------------------------------------------------


def xlsx_bytes(publication: Publication) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    explanation = book.active
    assert explanation is not None
    explanation.title = "Toelichting"
    xlsx_append(explanation, [publication.title])[0].font = Font(bold=True, size=13)
    explanation.append([])
    for line in publication.explanation:
        xlsx_append(explanation, [line])
    explanation.append([])
    xlsx_append(explanation, ["Definities"])[0].font = Font(bold=True)
    for table in publication.tables:
        xlsx_append(explanation, [f"{sheet_name(table)}: {table.table.note}"])
    explanation.column_dimensions["A"].width = 120
    for row in explanation.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    for table in publication.tables:
        sheet = book.create_sheet(sheet_name(table))
        xlsx_append(sheet, [table.table.title])[0].font = Font(bold=True)
        header = ["Gebied", "Code", *[table.column_label(c) for c in table.column_keys]]
        for cell in xlsx_append(sheet, header):
            cell.font = Font(bold=True)
        for row in table.row_keys:
            values = [_value(table, row, c) for c in table.column_keys]
            cells = xlsx_append(sheet, [table.row_label(row), table.row_code(row) or None, *values])
            if row == REGION or row.startswith("sub:"):
                for cell in cells:
                    cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 28
        for column in sheet.iter_cols(
            min_col=FIRST_VALUE_COLUMN, max_col=sheet.max_column, min_row=FIRST_DATA_ROW
        ):
            for cell in column:
                cell.alignment = Alignment(horizontal="right")
    # One relation a row, nothing else (no header): the total, then its parts.
    relations = book.create_sheet(RELATIONS_SHEET)
    for relation in publication.relations:
        *parts, total = relation
        xlsx_append(
            relations,
            [cell_reference(publication, total), *[cell_reference(publication, p) for p in parts]],
        )
    # Neutral metadata: no user name, no program user.
    book.properties.creator = PRODUCER
    book.properties.lastModifiedBy = None
    book.properties.title = publication.title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- CSV -------------------------------------------------------------------------------------


def csv_bytes(publication: Publication) -> bytes:
    """One long table: periode; van; tot; tabel; gebied; code; kolom; waarde (the period
    on every row, the CBS code beside each municipality). Semicolons and a BOM, as Dutch
    spreadsheet programs expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    period = publication.counts.period
    when = [period.label, period.start.isoformat(), period.end.isoformat()]
    writer.writerow(csv_row(["periode", "van", "tot", "tabel", "gebied", "code", "kolom",
                             "waarde"]))  # fmt: skip
    for table in publication.tables:
        for row in table.row_keys:
            for column in table.column_keys:
                writer.writerow(
                    csv_row(
                        [
                            *when,
                            table.table.title,
                            table.row_label(row),
                            table.row_code(row),
                            table.column_label(column),
                            _value(table, row, column),
                        ]
                    )
                )
    for line in publication.explanation:
        writer.writerow(csv_row([*when, "toelichting", "", "", "", line]))
    return out.getvalue().encode("utf-8-sig")


# --- PDF -------------------------------------------------------------------------------------


CHART_NOTE = (
    'Weggelaten cijfers (".") zijn niet getekend: een ontbrekende staaf is dus niet altijd 0.'
)


@dataclass(frozen=True, slots=True)
class Chart:
    """What the chart draws: exactly the published cells of one table (None: withheld)."""

    title: str
    groups: tuple[str, ...]
    series: tuple[str, ...]
    values: tuple[tuple[int | None, ...], ...]  # [group][series]


def chart(publication: Publication) -> Chart:
    """Reports per quarter per area as published (per subregion, or per municipality when
    the breakdowns are); for a period within one quarter, the reports per municipality."""
    keys = [t.table.key for t in publication.tables]
    table = publication.table(next((k for k in ("kwartalen", "gemeenten") if k in keys), keys[0]))
    sums = [r for r in table.row_keys if r.startswith("sub:")]
    detail = [r for r in table.row_keys if not (r == REGION or r.startswith("sub:"))]
    rows = detail or sums
    columns = [c for c in table.column_keys if c != TOTAL]
    values = tuple(
        tuple(None if table.cell(r, c).hidden else table.cell(r, c).value for c in columns)
        for r in rows
    )
    where = "gemeente" if detail else "subregio"
    what = "per kwartaal" if table.table.key == "kwartalen" else ""
    return Chart(
        " ".join(f"Meldingen per {where} {what}".split()),
        tuple(table.row_label(r) for r in rows),
        tuple(table.column_label(c) for c in columns),
        values,
    )


def _chart_drawing(data: Chart) -> object:
    """The published chart; withheld numbers are not drawn."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    drawing = Drawing(760, 230)
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 40, 40, 560, 170
    bars.data = [[v or 0 for v in column] for column in zip(*data.values, strict=True)]
    bars.categoryAxis.categoryNames = list(data.groups)
    bars.categoryAxis.labels.angle = 30
    bars.categoryAxis.labels.boxAnchor = "ne"
    bars.categoryAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    bars.valueAxis.labels.fontSize = 7
    palette = [colors.HexColor(c) for c in ("#1f5f8b", "#4f9dc9", "#f2a541", "#c8553d")]
    for i in range(len(data.series)):
        bars.bars[i].fillColor = palette[i % len(palette)]
        bars.bars[i].strokeColor = None
    legend = Legend()
    legend.x, legend.y = 620, 200
    legend.fontSize = 8
    legend.columnMaximum = len(data.series)
    legend.colorNamePairs = [
        (palette[i % len(palette)], name) for i, name in enumerate(data.series)
    ]
    drawing.add(bars)
    drawing.add(legend)
    return drawing


def pdf_bytes(publication: Publication) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table
    from reportlab.platypus.tables import TableStyle

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title="",
        author="",
        subject="",
        keywords="",
        creator=PRODUCER,
        producer=PRODUCER,
        invariant=1,
    )
    small = styles["BodyText"].clone("small", fontSize=7, leading=8)
    story: list[object] = [
        Paragraph(publication.title, styles["Title"]),
        *[Paragraph(_escape(line), styles["BodyText"]) for line in publication.explanation],
    ]
    drawn = chart(publication)
    story += [
        Spacer(1, 6 * mm),
        Paragraph(_escape(drawn.title), styles["Heading2"]),
        _chart_drawing(drawn),
        Paragraph(_escape(CHART_NOTE), styles["BodyText"]),
    ]
    for table in publication.tables:
        story.append(PageBreak())
        story.append(Paragraph(_escape(table.table.title), styles["Heading2"]))
        story.append(Paragraph(_escape(table.table.note), styles["BodyText"]))
        story.append(Spacer(1, 3 * mm))  # the note's last line sat on the table
        header = [Paragraph("Gebied", small)] + [
            Paragraph(_escape(table.column_label(c)), small) for c in table.column_keys
        ]
        data: list[list[object]] = [header]
        bold_rows = []
        for i, row in enumerate(table.row_keys, start=1):
            data.append(
                [table.row_label(row), *[str(_value(table, row, c)) for c in table.column_keys]]
            )
            if row == REGION or row.startswith("sub:"):
                bold_rows.append(i)
        first = 42 * mm
        rest = (doc.width - first) / max(1, len(table.column_keys))
        grid = Table(data, colWidths=[first] + [rest] * len(table.column_keys), repeatRows=1)
        style = [
            ("FONTSIZE", (0, 0), (-1, -1), 7),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        for i in bold_rows:
            style.append(("FONTNAME", (0, i), (-1, i), "Helvetica-Bold"))
            style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f3f3f3")))
        grid.setStyle(TableStyle(style))
        story.append(grid)
    doc.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- writing ---------------------------------------------------------------------------------


def render(publication: Publication, suffix: str) -> bytes:
    match suffix.lower():
        case ".xlsx":
            return xlsx_bytes(publication)
        case ".csv":
            return csv_bytes(publication)
        case ".pdf":
            return pdf_bytes(publication)
    raise InvalidInput("Kies een bestand dat eindigt op .xlsx, .csv of .pdf.")


def _checked(path: Path) -> Path:
    if path.suffix.lower() not in FORMATS:
        raise InvalidInput("Kies een bestand dat eindigt op .xlsx, .csv of .pdf.")
    return path


def write_publication(publication: Publication, path: Path) -> Path:
    """Write without logging: for team files merged with no register open."""
    return write_file(_checked(path), render(publication, path.suffix))


def export_publication(register: Register, publication: Publication, path: Path) -> Path:
    """Publish what was withheld: logged as one export, no case ids, and recorded in the
    publication log; the file is removed again when the log cannot be written. A
    publication made before another was recorded is made again first, so that it is
    protected together with that one too."""
    if not publication.merged and publication.log_mark != last_publication_id(register):
        publication = prepare(
            register,
            publication.counts.period,
            publication.threshold,
            per_municipality=publication.per_municipality,
        )
    publish_with_code(register, publication, path)
    return path


def logged_cells(publication: Publication) -> list[LoggedCell]:
    """The cells as shown. A small count that an earlier publication at a lower threshold
    had already given away is not logged as small: it was protected only as far as still
    possible, and later publications cannot promise it more."""
    return [
        LoggedCell(t.table.key, r, c, cell.text(), cell.primary and (r, c) not in t.given_before)
        for t in publication.tables
        for (r, c), cell in t.cells.items()
    ]


def publish_with_code(register: Register, publication: Publication, path: Path) -> Publication:
    """As `export_publication`; the file's explanation ends with the access log's control
    code, the state including this export's own entry. Returns what was published."""
    published: list[Publication] = []

    def build(code: str) -> bytes:
        explanation = (*publication.explanation, code_line(code))
        published.append(replace(publication, explanation=explanation, control_code=code))
        return render(published[-1], path.suffix)

    def record(session: Session) -> None:
        period = publication.counts.period
        record_publication(
            session,
            start=period.start,
            end=period.end,
            threshold=publication.threshold,
            per_municipality=publication.per_municipality,
            merged=publication.merged,
            cells=logged_cells(publication),
        )

    publish_coded(register, _checked(path), build, record=record)
    return published[-1]


def export_counts(
    register: Register,
    period: Period,
    path: Path,
    threshold: int,
    *,
    per_municipality: bool = False,
) -> Publication:
    """Count, withhold (with the earlier publications) and publish the period's counts."""
    publication = prepare(register, period, threshold, per_municipality=per_municipality)
    return publish_with_code(register, publication, path)
