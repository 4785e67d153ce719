"""Exports: CSV that Excel opens in Chinese, .xlsx with real numbers, PDF with Chinese text,
and files that are whole or absent — never half-written."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from salesdesk.exports import Document, ExportError, Sheet, write, writers
from salesdesk.exports.document import Image, Section

DOC = Document(
    title="排行榜：销售额",
    subtitle="2026-11",
    sheets=[
        Sheet(
            "销售额 2026-11",
            ("排名", "姓名", "销售额", "日期"),
            [
                [1, "李娜", Decimal("30000.00"), dt.date(2026, 11, 10)],
                [2, '张伟, "大客户"', Decimal("15000.50"), None],
            ],
            money=frozenset({2}),
        ),
        Sheet("团队目标", ("姓名", "占比 %"), [["李娜", Decimal("66.7")]]),
    ],
    sections=[Section("备注", ["本月冲刺。"])],
)


def test_csv_is_utf8_with_a_bom_and_reads_back(tmp_path: Path) -> None:
    path = write(DOC, tmp_path / "board.csv", "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8 Chinese"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["排名", "姓名", "销售额", "日期"],
        ["1", "李娜", "30000.00", "2026-11-10"],
        ["2", '张伟, "大客户"', "15000.50", ""],
    ]


def test_xlsx_has_one_sheet_per_table_with_numbers_as_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    path = write(DOC, tmp_path / "board.xlsx", "xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["销售额 2026-11", "团队目标"]
    sheet = book["销售额 2026-11"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values.index(["排名", "姓名", "销售额", "日期"])
    first = values[header + 1]
    assert first[:2] == [1, "李娜"] and float(first[2]) == 30000.0
    assert sheet.cell(row=header + 2, column=3).number_format == '"¥"#,##0.00'
    assert first[3].date() == dt.date(2026, 11, 10)


def test_pdf_is_drawn_with_a_chinese_font_and_holds_the_chart(tmp_path: Path, qapp: object) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from salesdesk.exports.pdf import CJK_FAMILIES, document_html

    image = QImage(400, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    assert image.save(str(tmp_path / "chart.png"))
    png = (tmp_path / "chart.png").read_bytes()
    document = Document(DOC.title, DOC.subtitle, DOC.sheets, DOC.sections, [Image("趋势", png)])
    html = document_html(document)
    for expected in ("排行榜", "李娜", "¥30,000.00", "团队目标", "本月冲刺", "chart-0"):
        assert expected in html
    path = write(document, tmp_path / "board.pdf", "pdf")
    raw = path.read_bytes()
    assert raw.startswith(b"%PDF") and raw.rstrip().endswith(b"%%EOF")
    fonts = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", raw))
    cjk = {name.replace(" ", "").lower() for name in CJK_FAMILIES}
    assert any(any(c in f.decode().lower() for c in cjk) for f in fonts), fonts
    assert b"/Subtype /Image" in raw or b"/Subtype/Image" in raw, "the chart is embedded"


def test_a_failed_write_leaves_the_old_file_and_no_leftovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "board.csv"
    target.write_text("old content", encoding="utf-8")

    def disk_full(document: Document, path: Path) -> None:
        path.write_text("half a fi", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(writers.WRITERS, "csv", disk_full)
    with pytest.raises(ExportError, match="disk is full"):
        write(DOC, target, "csv")
    assert target.read_text(encoding="utf-8") == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.csv"]


def test_bad_targets_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write(DOC, tmp_path / "missing" / "x.csv", "csv")
    with pytest.raises(ExportError, match="is a folder"):
        write(DOC, tmp_path, "csv")
    with pytest.raises(ExportError, match="unknown format"):
        write(DOC, tmp_path / "x.doc", "doc")
    assert list(tmp_path.iterdir()) == []


def test_exports_other_than_pdf_import_without_qt() -> None:
    probe = """
import importlib.abc, sys
class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('Qt is not allowed here: ' + name)
sys.meta_path.insert(0, BlockQt())
import salesdesk.exports, salesdesk.exports.sources, salesdesk.exports.writers
import salesdesk.store.figures, salesdesk.store.commissions, salesdesk.store.figure_rules
print('ok')
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
