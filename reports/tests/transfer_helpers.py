"""Helpers of the import and export tests: files built in memory."""

import csv
import io

from openpyxl import Workbook


def csv_file(rows: list[list], *, delimiter=";", bom=True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_file(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
