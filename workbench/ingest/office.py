"""Word (.docx, python-docx) and OpenDocument text (.odt, the standard library's zip and XML).

Paragraphs and tables in document order; a paragraph is a block of its own (blank line between),
a table row is one line with its cells separated by `` | ``.  Headers, footers, comments and
images are not part of the text.  Title, author and dates come from the document's properties.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..errors import InputError
from .readers import RawDocument

CELL_SEP = " | "
_MAX_XML = 200 * 1024 * 1024  # uncompressed size of the document's XML (a zip bomb stops here)


def _open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"damaged {what} (not a valid zip container)") from None
    if sum(i.file_size for i in z.infolist() if i.filename.endswith(".xml")) > _MAX_XML:
        raise InputError(f"{what} is too large once uncompressed (over {_MAX_XML // 1048576} MB of XML)")
    names = set(z.namelist())
    if "EncryptedPackage" in names or "encryption.xml" in names:
        raise InputError(f"encrypted {what}: save a copy without a password and ingest that")
    return z


def read_docx(path: Path, data: bytes) -> RawDocument:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("encrypted or legacy Word file (.doc / password-protected): save it as .docx without "
                         "a password")
    z = _open_zip(data, ".docx file")
    if "word/document.xml" not in z.namelist():
        raise InputError("not a Word document (no word/document.xml)")
    z.close()
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  (python-docx raises KeyError, ValueError, lxml errors ...)
        raise InputError(f"damaged .docx file ({type(exc).__name__})") from None
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if text:
                blocks.append(text)
        elif isinstance(item, Table):
            blocks.append(_docx_table(item))
    text = "\n\n".join(b for b in blocks if b)
    props = document.core_properties
    meta: dict[str, object] = {}
    if props.author:
        meta["author"] = props.author
    if props.created:
        meta["published_at"] = props.created
    return RawDocument(str(path), text, "docx", title=(props.title or "").strip(), meta=meta)


def _docx_table(table: Any) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(CELL_SEP.join(cells))
    return "\n".join(rows)


_ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_ODF[prefix]}}}{name}"


def read_odt(path: Path, data: bytes) -> RawDocument:
    z = _open_zip(data, ".odt file")
    try:
        try:
            content = z.read("content.xml")
        except KeyError:
            raise InputError("not an OpenDocument text (no content.xml)") from None
        meta_xml = z.read("meta.xml") if "meta.xml" in z.namelist() else b""
    finally:
        z.close()
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise InputError(f"damaged .odt file ({exc})") from None
    body = root.find(f"{_q('office', 'body')}/{_q('office', 'text')}")
    blocks: list[str] = []
    if body is not None:
        _odt_blocks(body, blocks)
    meta: dict[str, object] = {}
    title = ""
    if meta_xml:
        try:
            m = ET.fromstring(meta_xml)
            title = (m.findtext(f".//{_q('dc', 'title')}") or "").strip()
            author = m.findtext(f".//{_q('dc', 'creator')}") or m.findtext(f".//{_q('meta', 'initial-creator')}")
            if author:
                meta["author"] = author
            date = m.findtext(f".//{_q('meta', 'creation-date')}") or m.findtext(f".//{_q('dc', 'date')}")
            if date:
                meta["published_at"] = date
        except ET.ParseError:
            pass
    return RawDocument(str(path), "\n\n".join(b for b in blocks if b), "odt", title=title, meta=meta)


def _odt_text(el: ET.Element) -> str:
    """The text of a paragraph element: spans, links, spaces (text:s), tabs and line breaks."""
    out: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag == _q("text", "s"):
            out.append(" " * int(child.get(_q("text", "c"), "1") or 1))
        elif tag == _q("text", "tab"):
            out.append("\t")
        elif tag == _q("text", "line-break"):
            out.append("\n")
        elif tag in (_q("text", "note"), _q("office", "annotation")):
            pass  # footnotes and comments are not the document's running text
        else:
            out.append(_odt_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _odt_blocks(el: ET.Element, blocks: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in (_q("text", "p"), _q("text", "h")):
            text = " ".join(_odt_text(child).split(" ")).strip()
            if text:
                blocks.append(text)
        elif tag == _q("table", "table"):
            rows = []
            for row in child.iter(_q("table", "table-row")):
                cells = [" ".join(" ".join(_odt_text(p) for p in cell.iter(_q("text", "p"))).split())
                         for cell in row.findall(_q("table", "table-cell"))]
                if any(cells):
                    rows.append(CELL_SEP.join(cells))
            if rows:
                blocks.append("\n".join(rows))
        else:  # lists, sections, frames: their paragraphs in order
            _odt_blocks(child, blocks)
