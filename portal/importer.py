"""An editor's import of figures: ``portal template`` and ``portal import FILE``.

``portal template OUT`` writes a figure template (XLSX or CSV): one row a figure, the columns of
``content/observations.csv`` (:data:`portal.content.OBS_COLUMNS`, the one definition the content
loader also uses), the indicator chosen from a list.

``portal import FILE`` reads a filled template, checks every row with the content loader's own
rules (on a temporary copy of the content with the new rows appended), reports bad rows by their
row number and column, shows what will change (the new rows; each target's status before and
after, computed by the progress functions), and only when every row is good appends the rows to
``observations.csv`` in one atomic replace. Nothing is written when any row is bad.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from portal.content import (
    OBS_COLUMNS,
    OBS_REQUIRED,
    OBS_ROLES,
    OBS_STATUSES,
    Content,
    ContentInvalid,
    document_folder,
    load_content,
)
from portal.progress import Assessment
from portal.store import compute_progress

OBSERVATIONS = "observations.csv"
SHEET = "figures"
INDICATOR_SHEET = "indicators"
TEMPLATE_ROWS = 500  # rows of the XLSX template that carry the drop-down lists and text cells
TEXT_COLUMNS = ("period", "published")  # typed as text in the XLSX so that 2026-01 stays 2026-01


class ImportFailed(Exception):
    """The file cannot be imported; ``messages`` say why, one a line."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class StatusChange:
    target_id: str
    before: str
    after: str
    with_data_before: tuple[int, int]
    with_data_after: tuple[int, int]
    indicators: list[tuple[str, str, str]] = field(default_factory=list)  # (indicator id, before, after)


@dataclass
class ImportPlan:
    """What an import would do; :func:`apply_import` writes it."""

    source: Path
    target: Path
    original: bytes
    new_text: str
    rows: list[tuple[int, dict[str, str]]]  # (row number in the import file, values by column)
    changes: list[StatusChange]


# Reading ---------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text the CSV would hold (numbers without exponent, dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value).strip()


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty rows (with their row number, the header being row 1)."""
    if not path.is_file():
        raise ImportFailed([f"{path}: no such file"])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows = _read_xlsx(path)
    elif path.suffix.lower() == ".csv":
        rows = _read_csv(path)
    else:
        raise ImportFailed([f"{path}: give an .xlsx or a .csv file (made with 'portal template')"])
    numbered = [(n, [_cell_text(v) for v in row]) for n, row in enumerate(rows, start=1)]
    numbered = [(n, row) for n, row in numbered if any(row)]
    if not numbered:
        raise ImportFailed([f"{path}: the file is empty"])
    (first, header), body = numbered[0], numbered[1:]
    if first != 1:
        raise ImportFailed([f"{path}: row 1 must hold the column names"])
    while header and not header[-1]:
        header.pop()
    return header, body


def _read_xlsx(path: Path) -> list[tuple[Any, ...]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFailed([f"{path}: not a readable XLSX file ({exc})"]) from exc
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        return [tuple(r) for r in ws.iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFailed([f"{path}: not a readable XLSX file ({exc})"]) from exc
    finally:
        wb.close()


def _read_csv(path: Path) -> list[tuple[Any, ...]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([f"{path}: not UTF-8 text (save it as 'CSV UTF-8')"]) from exc
    # Spreadsheets set to Vietnamese (decimal comma) save CSV with semicolons between values.
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    try:
        return [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFailed([f"{path}: not a readable CSV file ({exc})"]) from exc


# Planning --------------------------------------------------------------------------------------


def _header_problems(header: list[str]) -> list[str]:
    problems = []
    for n, name in enumerate(header, start=1):
        if not name:
            problems.append(f"row 1, column {n}: has no name")
        elif name not in OBS_COLUMNS:
            problems.append(f"row 1, column {name!r}: not a column of {OBSERVATIONS} "
                            f"(expected: {', '.join(OBS_COLUMNS)})")
        elif header.count(name) > 1 and header.index(name) != n - 1:
            problems.append(f"row 1, column {name!r}: appears twice")
    missing = [c for c in OBS_REQUIRED if c not in header]
    if missing:
        problems.append(f"row 1: missing column(s) {', '.join(missing)} (make a new template with "
                        "'portal template')")
    return problems


def _csv_line(values: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def plan_import(content_dir: Path, source: Path, document: str | None = None) -> ImportPlan:
    """Check ``source`` against the content of one document (its folder ``content/<document>/``,
    or the only one); raise ImportFailed on any problem."""
    try:
        content_dir = document_folder(content_dir, document)
    except ContentInvalid as exc:
        raise ImportFailed([str(p) for p in exc.problems]) from exc
    target = content_dir / OBSERVATIONS
    try:
        before = load_content(content_dir)
    except ContentInvalid as exc:
        raise ImportFailed(["the content has problems already; fix them first ('portal check'):",
                            *(f"  {p}" for p in exc.problems)]) from exc
    header, body = read_table(source)
    problems = _header_problems(header)
    if problems:
        raise ImportFailed(problems)
    if not body:
        raise ImportFailed([f"{source}: no figures below the column names"])
    rows: list[tuple[int, dict[str, str]]] = []
    for n, values in body:
        extra = [v for v in values[len(header):] if v]
        if extra:
            problems.append(f"row {n}: has values right of the last column ({', '.join(extra)})")
        padded = values[:len(header)] + [""] * max(0, len(header) - len(values))
        rows.append((n, dict(zip(header, padded, strict=True))))
    original = target.read_bytes()
    old_text = original.decode("utf-8-sig")
    existing = {tuple(r) for r in csv.reader(io.StringIO(old_text, newline=""))}
    file_header = next(csv.reader(io.StringIO(old_text, newline="")), None) or OBS_COLUMNS
    lines = []
    for n, r in rows:
        line = [r.get(c, "") for c in file_header]
        lost = [c for c in header if c not in file_header and r.get(c)]
        if lost:
            problems.append(f"row {n}: {OBSERVATIONS} has no column {', '.join(lost)}; add the column there first")
        if any("\n" in v or "\r" in v for v in line):
            problems.append(f"row {n}: a cell holds a line break; write each value on one line")
        if tuple(line) in existing:
            problems.append(f"row {n}: this figure is already in {OBSERVATIONS} (same values in every column)")
        existing.add(tuple(line))
        lines.append(_csv_line(line))
    new_text = old_text + ("" if old_text.endswith("\n") or not old_text else "\n") + "".join(lines)
    after, row_problems = _check_with_rows(content_dir, new_text, [n for n, _ in rows])
    problems.extend(row_problems)
    if problems or after is None:
        raise ImportFailed(sorted(problems, key=_row_order))
    return ImportPlan(source, target, original, new_text, rows, status_changes(before, after))


def _row_order(message: str) -> tuple[int, str]:
    word = message.split(",")[0].split(":")[0]
    return (int(word[4:]) if word.startswith("row ") and word[4:].isdigit() else 0, message)


def _check_with_rows(content_dir: Path, new_text: str, row_numbers: list[int]) -> tuple[Content | None, list[str]]:
    """Load a temporary copy of the content with ``new_text`` as observations; map each problem
    of an appended line back to its row in the import file."""
    with tempfile.TemporaryDirectory(prefix="portal-import-") as tmp:
        copy = Path(tmp) / content_dir.name
        shutil.copytree(content_dir, copy)
        (copy / OBSERVATIONS).write_text(new_text, encoding="utf-8")
        # The line each record ends on, as the loader reports it; the last ones are the new rows.
        reader = csv.reader(new_text.splitlines())
        ends = [reader.line_num for record in reader if any(v.strip() for v in record)]
        by_line = dict(zip(ends[-len(row_numbers):], row_numbers, strict=True))
        try:
            return load_content(copy), []
        except ContentInvalid as exc:
            messages = []
            for p in exc.problems:
                file, _, line = p.file.rpartition(":")
                if file.endswith(OBSERVATIONS) and line.isdigit() and int(line) in by_line:
                    column = f", column {p.field}" if p.field != "-" else ""
                    messages.append(f"row {by_line[int(line)]}{column}: {p.message}")
                else:
                    messages.append(f"content: {p}")
            return None, messages


def status_changes(before: Content, after: Content) -> list[StatusChange]:
    """Each target whose status, count of indicators with data, or an indicator's status or its
    reason differs, before → after."""
    old, new = compute_progress(before), compute_progress(after)
    changes = []
    for target_id, b in old.items():
        a = new[target_id]
        per = [(i, _state(b.indicators[i]), _state(a.indicators[i])) for i in b.indicators
               if _state(b.indicators[i]) != _state(a.indicators[i])]
        if b.status != a.status or b.with_data != a.with_data or per:
            changes.append(StatusChange(target_id, b.status, a.status, (b.with_data, b.total),
                                        (a.with_data, a.total), per))
    return changes


def _state(a: Assessment) -> str:
    """An indicator's status with the reason behind it ("no-data (baseline_only)")."""
    return f"{a.status} ({a.reason})"


def apply_import(plan: ImportPlan) -> None:
    """Append the rows: write the new file beside the old one and rename it over it."""
    if plan.target.read_bytes() != plan.original:
        raise ImportFailed([f"{plan.target} changed while importing; run the import again"])
    fd, tmp = tempfile.mkstemp(prefix=".observations-", suffix=".csv", dir=plan.target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(plan.new_text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, plan.target.stat().st_mode & 0o777)
        os.replace(tmp, plan.target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def describe(plan: ImportPlan, out: TextIO) -> None:
    print(f"{len(plan.rows)} new figure(s) from {plan.source}:", file=out)
    for n, r in plan.rows:
        print(f"  + row {n}: {r['indicator']} {r['period']} = {r['value']} {r['unit']} ({r['status']}, "
              f"{r['role']}, published {r['published']} by {r['publisher']})", file=out)
    if not plan.changes:
        print("No target's status changes.", file=out)
        return
    print("Status per target, before -> after:", file=out)
    for c in plan.changes:
        print(f"  {c.target_id}: {c.before} -> {c.after} (indicators with data {c.with_data_before[0]}/"
              f"{c.with_data_before[1]} -> {c.with_data_after[0]}/{c.with_data_after[1]})", file=out)
        for ind, b, a in c.indicators:
            print(f"      {ind}: {b} -> {a}", file=out)


def run_import(content_dir: Path, source: Path, *, document: str | None = None, dry_run: bool = False,
               yes: bool = False,
               out: TextIO | None = None, err: TextIO | None = None,
               ask: Callable[[str], str] | None = None) -> int:
    """The ``portal import`` command; returns the exit code."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        plan = plan_import(content_dir, source, document)
    except ImportFailed as exc:
        print(f"Nothing was imported: {source} has problems:", file=err)
        for m in exc.messages:
            print(f"  {m}", file=err)
        return 1
    describe(plan, out)
    if dry_run:
        print("Dry run: nothing written.", file=out)
        return 0
    if not yes:
        if ask is None and not sys.stdin.isatty():
            print(f"Nothing written: run again with --yes to append to {plan.target}.", file=out)
            return 0
        answer = (ask or input)(f"Append {len(plan.rows)} row(s) to {plan.target}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "c", "có"):
            print("Nothing written.", file=out)
            return 0
    try:
        apply_import(plan)
    except ImportFailed as exc:
        print("\n".join(exc.messages), file=err)
        return 1
    print(f"Appended {len(plan.rows)} row(s) to {plan.target}. Run 'portal build' to publish them.", file=out)
    return 0


# The template ----------------------------------------------------------------------------------


def indicator_rows(content: Content) -> list[tuple[str, str, str, str]]:
    """(indicator id, name, unit, target title) for every indicator, in the document's order."""
    return [(ind.id, ind.name, ind.unit, f"{item.id}: {item.title}")
            for item in content.items for ind in item.indicators]


def write_template(content: Content, out: Path, fmt: str | None = None) -> list[Path]:
    """Write the figure template; returns the files written (the CSV form writes two)."""
    fmt = fmt or ("csv" if out.suffix.lower() == ".csv" else "xlsx")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return _write_csv_template(content, out)
    return [_write_xlsx_template(content, out)]


def _write_csv_template(content: Content, out: Path) -> list[Path]:
    listing = out.with_name(out.stem + "-indicators.csv")
    with out.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(OBS_COLUMNS)
    with listing.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["indicator", "name", "unit", "target"])
        w.writerows(indicator_rows(content))
    return [out, listing]


def _write_xlsx_template(content: Content, out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(OBS_COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    listing = wb.create_sheet(INDICATOR_SHEET)
    listing.append(["indicator", "name", "unit", "target"])
    for row in indicator_rows(content):
        listing.append(list(row))
    for cell in listing[1]:
        cell.font = Font(bold=True)
    n = listing.max_row
    lists = {
        "indicator": f"={INDICATOR_SHEET}!$A$2:$A${n}",
        "status": '"' + ",".join(OBS_STATUSES) + '"',
        "role": '"' + ",".join(OBS_ROLES) + '"',
    }
    for name, formula in lists.items():
        letter = get_column_letter(OBS_COLUMNS.index(name) + 1)
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                            errorTitle=name, error=f"Choose a {name} from the list.")
        dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        ws.add_data_validation(dv)
    for name in TEXT_COLUMNS:
        col = OBS_COLUMNS.index(name) + 1
        for r in range(2, TEMPLATE_ROWS + 2):
            ws.cell(row=r, column=col).number_format = "@"
    for i, name in enumerate(OBS_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 40 if name in ("indicator", "source_url", "note") else 16
    listing.column_dimensions["A"].width = 45
    listing.column_dimensions["B"].width = 60
    wb.save(out)
    return out
