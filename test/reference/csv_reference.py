"""Independent CSV and spreadsheet reference for test/data/core/csv.test.ts.

Standard library only. Subcommands, each printing one ASCII JSON document:

  parse FILE|-     the CSV file (or stdin) read with Python's csv module
                   (excel dialect, strict): {"bom": bool, "rows": [[cell, ...], ...]}.
                   The bytes must be valid UTF-8; a leading byte order mark is
                   reported and removed before parsing.
  guard            stdin: a JSON array of strings; prints each string as wfctl
                   documents it writes a text cell (the formula guard, written
                   here from the rule, not from wfctl's code).
  sheet FILE       an .xlsx or .ods file (as LibreOffice wrote it), read with
                   zipfile and ElementTree: {"rows": [[cell, ...], ...]} where
                   each cell is null (empty) or {"type", "formula", "value"};
                   type is "string", "number", "boolean", "error", "date" or
                   another spreadsheet type, formula the formula text or null.
"""
import csv
import io
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

# The rule (README, src/render/csv.ts): a text cell that starts with one of
# CELL_START, and every line inside it (after CR, LF or CRLF) that starts with
# one of LINE_START, get an apostrophe in front. CR at an inner line start is
# just an empty line, whose next line is checked in turn.
LINE_START = set("=+-@\t\uff1d\uff0b\uff0d\uff20")
CELL_START = LINE_START | {"\r"}


def guard(text: str) -> str:
    out = []
    at_cell_start = True
    at_line_start = False
    i = 0
    while i < len(text):
        ch = text[i]
        if (at_cell_start and ch in CELL_START) or (at_line_start and ch in LINE_START):
            out.append("'")
        at_cell_start = False
        at_line_start = False
        out.append(ch)
        if ch == "\n":
            at_line_start = True
        elif ch == "\r":
            if i + 1 < len(text) and text[i + 1] == "\n":
                out.append("\n")
                i += 1
            at_line_start = True
        i += 1
    return "".join(out)


def parse(path: str) -> dict:
    raw = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    text = raw.decode("utf-8")  # strict: invalid UTF-8 fails the test
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    return {"bom": bom, "rows": rows}


def column_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def row_index(ref: str) -> int:
    return int(re.search(r"\d+", ref).group(0)) - 1


def place(grid: dict, r: int, c: int, cell: dict) -> None:
    grid.setdefault(r, {})[c] = cell


def dense(grid: dict) -> list:
    if not grid:
        return []
    rows = []
    for r in range(max(grid) + 1):
        cells = grid.get(r, {})
        rows.append([cells.get(c) for c in range(max(cells) + 1)] if cells else [])
    return rows


XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XLSX_TYPES = {"s": "string", "str": "string", "inlineStr": "string", "n": "number", "b": "boolean", "e": "error", "d": "date"}


def xlsx_unescape(text: str) -> str:
    # ST_Xstring: a character XML cannot hold is written _xHHHH_ (and a literal "_x" as _x005F_x)
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def xlsx_text(si) -> str:
    # a shared or inline string: plain <t>, or rich-text runs <r><t>
    return xlsx_unescape("".join(t.text or "" for t in si.iter(f"{XLSX}t")))


def read_xlsx(z: zipfile.ZipFile) -> list:
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        shared = [xlsx_text(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{XLSX}si")]
    sheets = sorted(n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    if len(sheets) != 1:
        raise SystemExit(f"expected one worksheet, found {sheets}")
    grid: dict = {}
    for c in ET.fromstring(z.read(sheets[0])).iter(f"{XLSX}c"):
        ref = c.get("r")
        kind = c.get("t", "n")
        f = c.find(f"{XLSX}f")
        v = c.find(f"{XLSX}v")
        if kind == "inlineStr":
            value = xlsx_text(c.find(f"{XLSX}is"))
        elif v is None:
            value = None
        elif kind == "s":
            value = shared[int(v.text)]
        else:
            value = v.text or ""
        if value is None and f is None:
            continue
        place(grid, row_index(ref), column_index(ref), {"type": XLSX_TYPES.get(kind, kind), "formula": (f.text or "") if f is not None else None, "value": value})
    return dense(grid)


ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
ODS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODS_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"


def ods_text(node) -> str:
    # paragraphs are lines; <text:s c="n"/> is n spaces, <text:tab/> a tab, <text:line-break/> a newline
    def inline(el) -> str:
        s = el.text or ""
        for child in el:
            tag = child.tag.split("}")[1]
            if tag == "s":
                s += " " * int(child.get(f"{{{ODS_TEXT}}}c", "1"))
            elif tag == "tab":
                s += "\t"
            elif tag == "line-break":
                s += "\n"
            else:
                s += inline(child)
            s += child.tail or ""
        return s

    return "\n".join(inline(p) for p in node.findall(f"{{{ODS_TEXT}}}p"))


def read_ods(z: zipfile.ZipFile) -> list:
    root = ET.fromstring(z.read("content.xml"))
    tables = list(root.iter(f"{{{ODS_TABLE}}}table"))
    if len(tables) != 1:
        raise SystemExit(f"expected one table, found {len(tables)}")
    grid: dict = {}
    r = 0
    for row in tables[0].iter(f"{{{ODS_TABLE}}}table-row"):
        # identical neighbouring rows (and the empty rows after the data) are written once, repeated
        row_repeat = int(row.get(f"{{{ODS_TABLE}}}number-rows-repeated", "1"))
        cells = []
        c = 0
        for cell in row:
            if cell.tag not in (f"{{{ODS_TABLE}}}table-cell", f"{{{ODS_TABLE}}}covered-table-cell"):
                continue
            repeat = int(cell.get(f"{{{ODS_TABLE}}}number-columns-repeated", "1"))
            kind = cell.get(f"{{{ODS_CALCEXT}}}value-type") or cell.get(f"{{{ODS_OFFICE}}}value-type")
            formula = cell.get(f"{{{ODS_TABLE}}}formula")
            if kind is not None or formula is not None:
                if kind in ("float", "percentage", "currency"):
                    value = cell.get(f"{{{ODS_OFFICE}}}value")
                    kind = "number"
                elif kind == "string" and cell.get(f"{{{ODS_OFFICE}}}string-value") is not None:
                    value = cell.get(f"{{{ODS_OFFICE}}}string-value")
                else:
                    value = ods_text(cell)
                for k in range(repeat):
                    cells.append((c + k, {"type": kind, "formula": formula, "value": value}))
            c += repeat
        if cells:
            for k in range(row_repeat):
                for col, cell in cells:
                    place(grid, r + k, col, cell)
        r += row_repeat
    return dense(grid)


def sheet(path: str) -> dict:
    with zipfile.ZipFile(path) as z:
        return {"rows": read_xlsx(z) if path.endswith(".xlsx") else read_ods(z)}


def main() -> None:
    cmd = sys.argv[1]
    if cmd == "parse":
        result = parse(sys.argv[2])
    elif cmd == "guard":
        result = [guard(s) for s in json.loads(sys.stdin.buffer.read().decode("utf-8"))]
    elif cmd == "sheet":
        result = sheet(sys.argv[2])
    else:
        raise SystemExit(f"unknown command {cmd}")
    sys.stdout.write(json.dumps(result, ensure_ascii=True))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
