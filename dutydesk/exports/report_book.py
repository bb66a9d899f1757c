"""`dutydesk report`'s Excel workbook: a summary, every measure day by day, then a sheet
per measure with its native line chart (days as Excel dates)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from dutydesk.domain.series import Series
from dutydesk.exports.report_data import Report, median


def workbook(report: Report) -> bytes:
    """The figures in Excel: a summary, every measure day by day on one sheet, then a
    sheet per measure with its native line chart (days as Excel dates)."""
    import xlsxwriter  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    made = report.now.replace(tzinfo=None)
    book.set_properties({"title": report.title, "creator": "dutydesk", "created": made})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    when = book.add_format({"num_format": "ddd dd mmm yyyy"})
    number = book.add_format({"num_format": "0.0"})
    summary = book.add_worksheet("Summary")
    summary.write_row(
        0, 0, ["Measure", "Unit", "Baseline median", "Test days median", "What it shows"], bold
    )
    summary.set_column(0, 0, 44)
    summary.set_column(1, 3, 16)
    summary.set_column(4, 4, 90, wrap)
    for row, series in enumerate(report.series, start=1):
        m = series.measure
        summary.write_string(row, 0, m.title)
        summary.write_string(row, 1, m.unit)
        for col, test in ((2, False), (3, True)):
            value = median([p.value for p in series.points if p.test == test])
            if value is not None:
                summary.write_number(row, col, value, number)
        summary.write_string(row, 4, series.chart.sentence)
    daily = book.add_worksheet("Daily")
    daily.write_row(0, 0, ["Day", "Test day", *(s.measure.key for s in report.series)], bold)
    daily.set_column(0, 0, 16)
    imported = set(report.imported)
    for row, day in enumerate(report.every_day, start=1):
        daily.write_datetime(row, 0, datetime(day.year, day.month, day.day), when)
        kind = "yes" if day in report.tests else "no (case system)" if day in imported else "no"
        daily.write_string(row, 1, kind)
        for col, series in enumerate(report.series, start=2):
            value = series.points[row - 1].value
            if value is not None:
                daily.write_number(row, col, value)
    daily.freeze_panes(1, 1)
    _voices_sheets(book, report, bold, when)
    _pathway_sheets(book, report, bold)
    _reviews_sheet(book, report, bold)
    for series in report.series:
        _measure_sheet(book, series, bold, when, report)
    book.close()
    return buffer.getvalue()


def _voices_sheets(book: Any, report: Report, bold: Any, when: Any) -> None:
    from dutydesk.domain.trials import RETRO_COLUMNS
    from dutydesk.domain.voices import (
        experience_columns,
        experience_rows,
        feedback_columns,
        feedback_rows,
    )

    sheets: tuple[tuple[str, Sequence[Mapping[str, str | int]], Sequence[str]], ...] = (
        (
            "Referrers said",
            feedback_rows(report.said, report.identifiable),
            feedback_columns(report.identifiable),
        ),
        (
            "Agencies said",
            experience_rows(report.said, report.identifiable, report.lists),
            experience_columns(report.identifiable),
        ),
        ("Retrospectives", report.retrospectives, RETRO_COLUMNS),
    )
    for name, rows, columns in sheets:
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, columns, bold)
        sheet.set_column(0, 0, 16)
        for r, row in enumerate(rows, start=1):
            for c, column in enumerate(columns):
                value = row.get(column, "")
                if column == "day":
                    day = date.fromisoformat(str(value))
                    sheet.write_datetime(r, c, datetime(day.year, day.month, day.day), when)
                elif isinstance(value, int):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))


def _pathway_sheets(book: Any, report: Report, bold: Any) -> None:
    needs = book.add_worksheet("Needs")
    needs.write_row(
        0,
        0,
        [
            *("Need", "Referrals", "Met beyond social care", "Service linked"),
            *("No service linked", "Examples", "Services linked most"),
        ],
        bold,
    )
    needs.set_column(0, 0, 36)
    for r, row in enumerate(report.needs, start=1):
        needs.write_string(r, 0, row.need)
        for c, n in enumerate(
            (row.referrals, row.beyond_social_care, row.service_linked, row.unmet), start=1
        ):
            needs.write_number(r, c, n)
        needs.write_string(r, 5, ", ".join(row.examples))
        needs.write_string(r, 6, "; ".join(f"{name} ({n})" for name, n in row.services))
    orgs = book.add_worksheet("Organisations")
    orgs.write_row(0, 0, ["Organisation type", "Referrals", "Decided", "Outcomes"], bold)
    orgs.set_column(0, 0, 40)
    for r, org in enumerate(report.organisations, start=1):
        orgs.write_string(r, 0, org.organisation)
        orgs.write_number(r, 1, org.referrals)
        orgs.write_number(r, 2, org.decided)
        orgs.write_string(r, 3, "; ".join(f"{label} {n}" for label, n in org.outcomes))


def _reviews_sheet(book: Any, report: Report, bold: Any) -> None:
    """Reviewers' answers to each question of the rubric (each plan's latest review)."""
    from dutydesk.domain.reviews import SCORES

    r = report.reviews
    sheet = book.add_worksheet("Plan reviews")
    sheet.set_column(0, 0, 36)
    sheet.write_row(0, 0, ["Decided referrals", "Plans reviewed"], bold)
    sheet.write_row(1, 0, [r.decided, r.reviewed])
    sheet.write_row(3, 0, ["Question", *SCORES], bold)
    for row, (label, counts) in enumerate(r.by_question, start=4):
        sheet.write_string(row, 0, label)
        sheet.write_row(row, 1, [counts.get(s, 0) for s in SCORES])


def _measure_sheet(book: Any, series: Series, bold: Any, when: Any, report: Report) -> None:
    m, chart = series.measure, series.chart
    sheet = book.add_worksheet(m.key[:31])
    header = ["Day", "Test day", m.title, "Baseline median"]
    if chart.limits is not None:
        header += ["Lower limit", "Upper limit"]
    sheet.write_row(0, 0, header, bold)
    sheet.write_string(0, len(header) + 1, chart.sentence)
    sheet.set_column(0, 0, 16)
    sheet.set_column(2, 2, 20)
    for row, point in enumerate(chart.points, start=1):
        sheet.write_datetime(row, 0, datetime(point.day.year, point.day.month, point.day.day), when)
        sheet.write_string(row, 1, "yes" if point.test else "no")
        if point.value is not None:
            sheet.write_number(row, 2, point.value)
        if chart.median is not None:
            sheet.write_number(row, 3, chart.median)
        if chart.limits is not None:
            sheet.write_number(row, 4, chart.limits.lower)
            sheet.write_number(row, 5, chart.limits.upper)
    last = len(chart.points)
    if len(chart.valued) < 2:
        return
    line = book.add_chart({"type": "line"})
    name = m.key[:31]
    for col, style in (
        (2, {"marker": {"type": "circle", "size": 5}}),
        (3, {"line": {"dash_type": "dash", "color": "black"}}),
        (4, {"line": {"dash_type": "round_dot", "color": "gray"}}),
        (5, {"line": {"dash_type": "round_dot", "color": "gray"}}),
    ):
        if col >= len(header):
            break
        line.add_series(
            {
                "name": [name, 0, col],
                "categories": [name, 1, 0, last, 0],
                "values": [name, 1, col, last, col],
                **style,
            }
        )
    line.set_title({"name": m.title[:80]})
    line.set_x_axis({"date_axis": False, "num_format": "dd mmm"})
    line.show_blanks_as("gap")
    line.set_size({"width": 760, "height": 320})
    sheet.insert_chart(1, len(header) + 1, line)
