"""Writing the published (suppressed) counts to XLSX, CSV or PDF.

Only `PublishedTable`s reach this module: aggregates, with small numbers already hidden.
No file names a person, a worker or a reporter; the metadata of each file is neutral.
Every file goes out through `publish` (0600, fsync, atomic replace, then logged).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.suppression import (
    REGION,
    TOTAL,
    CannotSuppress,
    Cell3,
    CountTable,
    PublishedTable,
    explain,
    full_grid,
    suppress_family,
)
from bemoeizorg.exports.cells import csv_row, xlsx_append
from bemoeizorg.exports.counts import Counts, Period, compute_counts, publishable
from bemoeizorg.exports.publish import publish_coded, write_file
from bemoeizorg.store.access_log import code_line
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register

FORMATS = (".xlsx", ".csv", ".pdf")
PRODUCER = "Bemoeizorg Register"
SHEET_NAMES = {
    "meldingen": "Meldingen",
    "melders": "Melders",
    "zorgen": "Zorgen",
    "kwartalen": "Kwartalen",
    "geopend": "Geopend",
    "afgesloten": "Afgesloten",
    "open": "Open eind periode",
}


@dataclass(frozen=True, slots=True)
class Publication:
    """What leaves the team: the suppressed tables and the words that explain them."""

    counts: Counts
    tables: tuple[PublishedTable, ...]
    threshold: int
    explanation: tuple[str, ...]
    control_code: str = ""  # the access log's when published (see `export_publication`)

    def received_text(self) -> str:
        """Reports received in the whole region, as published (it may be hidden too)."""
        return self.tables[0].cell(REGION, TOTAL).text(self.threshold)

    @property
    def title(self) -> str:
        return f"Bemoeizorg: meldingen Noord- en Midden-Limburg, {self.counts.period.label}"

    def default_file_name(self, suffix: str = ".xlsx") -> str:
        period = self.counts.period
        return f"bemoeizorg-cijfers-{period.start.isoformat()}-{period.end.isoformat()}{suffix}"


# Tables whose totals are the same number (reports received): a total hidden in one must
# not be published in another.
SAME_TOTALS = ("meldingen", "melders", "kwartalen")


def links(tables: Sequence[CountTable]) -> list[list[Cell3]]:
    """The equations between tables: shared totals, and youth + adults = the whole."""
    by_key = {t.key: t for t in tables}
    found: list[list[Cell3]] = []
    same = [k for k in SAME_TOTALS if k in by_key]
    for first, second in itertools.pairwise(same):
        rows, _columns, _grid = full_grid(by_key[first])
        found += [[(first, r, TOTAL), (second, r, TOTAL)] for r in rows]
    for base in ("afgesloten", "open"):
        parts = [f"{base}:{s.value}" for s in Specialism]
        if base in by_key and all(p in by_key for p in parts):
            rows, columns, _grid = full_grid(by_key[base])
            found += [[*((p, r, c) for p in parts), (base, r, c)] for r in rows for c in columns]
    return found


def families(
    tables: Sequence[CountTable], equations: Sequence[Sequence[Cell3]]
) -> list[list[CountTable]]:
    """Tables joined by an equation are suppressed together; the others alone."""
    group = {t.key: t.key for t in tables}

    def root(key: str) -> str:
        while group[key] != key:
            key = group[key]
        return key

    for eq in equations:
        first = root(eq[0][0])
        for cell in eq[1:]:
            group[root(cell[0])] = first
    found: dict[str, list[CountTable]] = {}
    for table in tables:
        found.setdefault(root(table.key), []).append(table)
    return list(found.values())


def publish(counts: Counts, threshold: int) -> Publication:
    chosen = publishable(counts)
    equations = links(chosen)
    suppressed: dict[str, PublishedTable] = {}
    for family in families(chosen, equations):
        keys = {t.key for t in family}
        own = [eq for eq in equations if eq[0][0] in keys]
        try:
            family_tables = suppress_family(family, own, threshold)
        except CannotSuppress:
            raise InvalidInput(
                "Deze cijfers kunnen niet veilig worden gepubliceerd: een verborgen klein "
                "aantal blijft terug te rekenen. Kies een langere periode."
            ) from None
        for table in family_tables:
            suppressed[table.table.key] = table
    tables = tuple(suppressed[t.key] for t in chosen)
    words = [
        f"Periode: {counts.period.label} ({date_text(counts.period.start)} tot en met "
        f"{date_text(counts.period.end)}).",
        "Gemeenten: het werkgebied van het team; meldingen uit andere gemeenten tellen niet mee.",
        *explain(tables, threshold),
        "Geef per periode één uitvoer af: wie een jaar én losse kwartalen naast elkaar legt, kan "
        "uit het verschil verborgen aantallen terugrekenen. De tabel per kwartaal in de "
        "jaaruitvoer geeft de kwartalen al veilig.",
    ]
    return Publication(counts, tables, threshold, tuple(words))


def sheet_name(table: PublishedTable) -> str:
    base, _, specialism = table.table.key.partition(":")
    name = SHEET_NAMES.get(base, base)
    return f"{name} {specialism}"[:31] if specialism else name


def _value(table: PublishedTable, row: str, column: str) -> int | str:
    cell = table.cell(row, column)
    return cell.text(table.threshold) if cell.hidden else cell.value


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
        header = ["Gebied", *[table.column_label(c) for c in table.column_keys]]
        for cell in xlsx_append(sheet, header):
            cell.font = Font(bold=True)
        for row in table.row_keys:
            values = [_value(table, row, c) for c in table.column_keys]
            cells = xlsx_append(sheet, [table.row_label(row), *values])
            if row == REGION or row.startswith("sub:"):
                for cell in cells:
                    cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 28
        for column in sheet.iter_cols(min_col=2, max_col=sheet.max_column, min_row=3):
            for cell in column:
                cell.alignment = Alignment(horizontal="right")
    # Neutral metadata: no user name, no program user.
    book.properties.creator = PRODUCER
    book.properties.lastModifiedBy = None
    book.properties.title = publication.title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- CSV -------------------------------------------------------------------------------------


def csv_bytes(publication: Publication) -> bytes:
    """One long table: tabel; gebied; kolom; waarde. Semicolons and a BOM, as Dutch
    spreadsheet programs expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_row(["tabel", "gebied", "kolom", "waarde"]))
    for table in publication.tables:
        for row in table.row_keys:
            for column in table.column_keys:
                writer.writerow(
                    csv_row(
                        [
                            table.table.title,
                            table.row_label(row),
                            table.column_label(column),
                            _value(table, row, column),
                        ]
                    )
                )
    for line in publication.explanation:
        writer.writerow(csv_row(["toelichting", "", "", line]))
    return out.getvalue().encode("utf-8-sig")


# --- PDF -------------------------------------------------------------------------------------


def _quarter_chart(table: PublishedTable) -> object:
    """Reports per municipality per quarter; hidden numbers are not drawn."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    rows = [r for r in table.row_keys if r != REGION and not r.startswith("sub:")]
    quarters = [c for c in table.column_keys if c != TOTAL]
    drawing = Drawing(760, 230)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, 560, 170
    chart.data = [
        [0 if table.cell(r, q).hidden else table.cell(r, q).value for r in rows] for q in quarters
    ]
    chart.categoryAxis.categoryNames = [table.row_label(r) for r in rows]
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    palette = [colors.HexColor(c) for c in ("#1f5f8b", "#4f9dc9", "#f2a541", "#c8553d")]
    for i in range(len(quarters)):
        chart.bars[i].fillColor = palette[i % len(palette)]
        chart.bars[i].strokeColor = None
    legend = Legend()
    legend.x, legend.y = 620, 200
    legend.fontSize = 8
    legend.columnMaximum = len(quarters)
    legend.colorNamePairs = [
        (palette[i % len(palette)], table.column_label(q)) for i, q in enumerate(quarters)
    ]
    drawing.add(chart)
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
    for table in publication.tables:
        if table.table.key == "kwartalen":
            story += [
                Spacer(1, 6 * mm),
                Paragraph("Meldingen per gemeente per kwartaal", styles["Heading2"]),
            ]
            story.append(_quarter_chart(table))
            note = (
                f"Verborgen aantallen (<{table.threshold} en x) zijn niet getekend: "
                "een ontbrekende staaf is dus niet altijd 0."
            )
            story.append(Paragraph(_escape(note), styles["BodyText"]))
    for table in publication.tables:
        story.append(PageBreak())
        story.append(Paragraph(_escape(table.table.title), styles["Heading2"]))
        story.append(Paragraph(_escape(table.table.note), styles["BodyText"]))
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
    """Publish what was suppressed: logged as one export, no case ids; the file is removed
    again when the log cannot be written."""
    publish_with_code(register, publication, path)
    return path


def publish_with_code(register: Register, publication: Publication, path: Path) -> Publication:
    """As `export_publication`; the file's explanation ends with the access log's control
    code, the state including this export's own entry. Returns what was published."""
    published: list[Publication] = []

    def build(code: str) -> bytes:
        explanation = (*publication.explanation, code_line(code))
        published.append(replace(publication, explanation=explanation, control_code=code))
        return render(published[-1], path.suffix)

    publish_coded(register, _checked(path), build)
    return published[-1]


def export_counts(register: Register, period: Period, path: Path, threshold: int) -> Publication:
    """Compute, suppress and publish the period's counts."""
    publication = publish(compute_counts(register, period), threshold)
    return publish_with_code(register, publication, path)
