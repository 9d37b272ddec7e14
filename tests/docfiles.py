"""Documents built by the tests (and by bench/documents.py): PDFs (fpdf2), .docx (python-docx),
.odt (a zip written by hand), .eml (the standard library), .warc.gz (warcio).  Nothing here is
copied from the corpus; every text is written here, so the tests know what the readers must give."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

HEADER = "Informe anual 2025 - Ministerio de Prueba"
# (left column lines, right column lines) per page; page 3 is one full-width column
REPORT_PAGES: list[tuple[list[str], list[str]]] = [
    (["El ministro de Hacienda declaró ayer que el",
      "presupuesto de la región crecerá un diez por",
      "ciento en los próximos años, una cifra sin prece-",
      "dentes en la historia reciente del país."],
     ["La oposición pidió explicaciones sobre el",
      "contrato firmado con la empresa estatal y",
      "exigió que el ministro compareciera"]),
    (["ante el parlamento la semana próxima.",
      "Los datos fueron publicados por la agencia."],
     ["Segunda columna de la segunda página,",
      "con un texto distinto del anterior."]),
    (["Conclusiones del informe: el gasto público aumentó un cinco por ciento en 2024.",
      "El documento fue aprobado por el consejo de ministros el 4 de marzo."], []),
]
# what the reader must give for REPORT_PAGES: reading order, header / footer gone, hyphenation
# joined, the sentence that crosses from page 1 to page 2 one sentence
REPORT_TEXT = (
    "El ministro de Hacienda declaró ayer que el presupuesto de la región crecerá un diez por ciento en los "
    "próximos años, una cifra sin precedentes en la historia reciente del país.\n\n"
    "La oposición pidió explicaciones sobre el contrato firmado con la empresa estatal y exigió que el "
    "ministro compareciera ante el parlamento la semana próxima. Los datos fueron publicados por la agencia."
    "\n\nSegunda columna de la segunda página, con un texto distinto del anterior."
    "\n\nConclusiones del informe: el gasto público aumentó un cinco por ciento en 2024. El documento fue "
    "aprobado por el consejo de ministros el 4 de marzo.")
CROSSING_CLAIM = "exigió que el ministro compareciera ante el parlamento la semana próxima."


def report_pdf(path: Path, *, pages: list[tuple[list[str], list[str]]] | None = None, interleave: bool = True,
               title: str = "Informe anual 2025", author: str = "Ministerio de Prueba") -> Path:
    """A two-column report with a running header and a page-number footer.  With ``interleave``
    the content stream goes row by row across both columns (as many generators write it), so a
    reader that follows the stream mixes the columns."""
    from fpdf import FPDF

    pages = REPORT_PAGES if pages is None else pages
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creation_date(dt.datetime(2025, 3, 4, 10, 0, 0, tzinfo=dt.timezone.utc))
    for n, (left, right) in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(20, 10)
        pdf.cell(170, 5, HEADER, align="C")
        pdf.set_xy(20, 284)
        pdf.cell(170, 5, f"Página {n} de {len(pages)}", align="C")
        pdf.set_font("Helvetica", size=9)
        width = 170 if not right else 80
        cells = []
        for i in range(max(len(left), len(right))):
            if i < len(left):
                cells.append((20, 30 + i * 5, left[i]))
            if i < len(right):
                cells.append((110, 30 + i * 5, right[i]))
        if not interleave:
            cells.sort(key=lambda c: (c[0], c[1]))
        for x, y, line in cells:
            pdf.set_xy(x, y)
            pdf.cell(width, 5, line)
    pdf.output(str(path))
    return path


def scanned_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF of images only (a scan): no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF(format="A4")
    for _ in range(pages):
        img = Image.new("L", (600, 800), 255)
        draw = ImageDraw.Draw(img)
        for y in range(60, 740, 24):  # lines of "text" as a scanner sees them: ink, not characters
            draw.rectangle([50, y, 550 - (y * 7) % 120, y + 10], fill=30)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        pdf.add_page()
        pdf.image(buf, x=0, y=0, w=210, h=297)
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(100, 10, "Documento confidencial del ministerio.")
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    pdf.output(str(path))
    return path


DOCX_PARAGRAPHS = ["Contrato de suministro", "El ayuntamiento adjudicó el contrato a la empresa Obras del Sur.",
                   "La tabla resume las ofertas recibidas:"]
DOCX_TABLE = [["Empresa", "Oferta (EUR)", "Plazo"], ["Obras del Sur", "1.250.000", "12 meses"],
              ["Construcciones Norte", "1.190.000", "18 meses"]]
DOCX_AFTER = "La diferencia de precio no fue explicada en el acta."


def report_docx(path: Path, *, paragraphs: int = 0, number: int = 0) -> Path:
    """A Word file with a heading, paragraphs, a table and a closing paragraph (plus ``paragraphs``
    more about file ``number``, for the benchmark)."""
    import docx

    d = docx.Document()
    d.core_properties.title = "Contrato de suministro"
    d.core_properties.author = "Secretaría municipal"
    d.core_properties.created = dt.datetime(2024, 11, 20, 9, 30, tzinfo=dt.timezone.utc)
    d.add_heading(DOCX_PARAGRAPHS[0], level=1)
    for p in DOCX_PARAGRAPHS[1:]:
        d.add_paragraph(p)
    table = d.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for r, row in enumerate(DOCX_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph(DOCX_AFTER)
    for i in range(paragraphs):
        d.add_paragraph(f"Párrafo {i} del expediente {number}: el pleno debatió la adjudicación y la oposición pidió el expediente completo "
                        f"del contrato, con las ofertas y los informes técnicos de cada empresa.")
    d.save(str(path))
    return path


def report_odt(path: Path) -> Path:
    """A minimal OpenDocument text: a heading, a paragraph with a span and a table."""
    content = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">
<office:body><office:text>
<text:h text:outline-level="1">Acta de la sesión</text:h>
<text:p>El pleno aprobó <text:span>por mayoría</text:span> el presupuesto<text:s/>de 2025.</text:p>
<table:table><table:table-row><table:table-cell><text:p>Votos a favor</text:p></table:table-cell>
<table:table-cell><text:p>14</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>"""
    meta = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0">
<office:meta><dc:title>Acta</dc:title><dc:creator>Secretaría</dc:creator>
<meta:creation-date>2025-01-15T12:00:00</meta:creation-date></office:meta></office:document-meta>"""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("meta.xml", meta)
    return path


EML_BODY = "Buenos días:\n\nAdjunto el informe que confirma que la obra costó 3,2 millones de euros.\n\nUn saludo,\nAna"


def message_eml(path: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "Ana Pérez <ana@example.org>"
    msg["To"] = "redaccion@example.com, editor@example.com"
    msg["Subject"] = "Informe de la obra del puerto"
    msg["Date"] = "Tue, 04 Mar 2025 10:15:00 +0100"
    msg["Message-ID"] = "<20250304.1015@example.org>"
    msg.set_content(EML_BODY)
    msg.add_attachment(b"%PDF-1.4 not really a pdf", maintype="application", subtype="pdf", filename="informe.pdf")
    path.write_bytes(msg.as_bytes())
    return path


WARC_PAGES = [
    ("https://news.example.org/2025/03/puerto.html", "La obra del puerto costó el doble",
     "El puerto de la ciudad costó 3,2 millones de euros, el doble de lo previsto, según el informe municipal."
     " El alcalde no quiso responder a las preguntas de los periodistas sobre el sobrecoste."),
    ("https://news.example.org/2025/03/pleno.html", "El pleno pide explicaciones",
     "La oposición pidió en el pleno que el alcalde explique el sobrecoste de la obra del puerto antes de abril."
     " Los concejales exigieron además la publicación de todas las facturas de la empresa adjudicataria."),
]


def _html(title: str, body: str) -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta name='author' content='Luis Gómez'><meta property='og:site_name' content='Noticias Ejemplo'>"
            f"<meta property='article:published_time' content='2025-03-03T08:00:00+01:00'></head>"
            f"<body><nav>Portada · Deportes</nav><article><h1>{title}</h1><p>{body}</p></article>"
            f"<footer>© Noticias Ejemplo</footer></body></html>").encode()


def pages_warc(path: Path) -> Path:
    """Two HTML pages (each with its request record), one image response and a warcinfo record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "workbench tests"}))
        for i, (url, title, body) in enumerate(WARC_PAGES):
            req = w.create_warc_record(url, "request", payload=io.BytesIO(b""), warc_headers_dict={
                "WARC-Date": f"2025-03-0{5 + i}T12:00:00Z"},
                http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "news.example.org")],
                                              is_http_request=True))
            w.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(_html(title, body)),
                                                http_headers=headers,
                                                warc_headers_dict={"WARC-Date": f"2025-03-0{5 + i}T12:00:00Z"}))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example.org/logo.png", "response",
                                            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)), http_headers=img))
    return path


FRONT_MATTER_MD = """---
title: "El alcalde y el puerto"
url: https://blog.example.net/puerto
author: Marta Ruiz
date: 2025-03-02
outlet: Blog Ejemplo
---
El alcalde inauguró el puerto en 2023.

La obra costó 3,2 millones de euros según el informe municipal.
"""

# Legacy encodings: (file text, encoding).  Long enough to be a real paragraph, as files are.
LEGACY_TEXTS = {
    "cp1251": ("Президент заявил вчера, что правительство выделит дополнительные средства на здравоохранение "
               "и образование в следующем году.\n", "cp1251"),
    "iso-8859-2": ("Prezydent oświadczył wczoraj, że rząd przeznaczy dodatkowe środki na służbę zdrowia i "
                   "szkolnictwo. Źródła w ministerstwie potwierdzają tę decyzję.\n", "iso-8859-2"),
    "cp1253": ("Ο πρωθυπουργός δήλωσε χθες ότι η κυβέρνηση θα διαθέσει επιπλέον κονδύλια για την υγεία και "
               "την παιδεία τον επόμενο χρόνο.\n", "cp1253"),
    "cp1252": ("El presidente anunció ayer que España invertirá más de 10.000 millones en la región; «sí», "
               "dijo el señor Núñez, y añadió que la inversión llegará a Córdoba y a Cádiz.\n", "cp1252"),
}
