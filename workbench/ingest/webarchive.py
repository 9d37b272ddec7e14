"""Web archives (.warc / .warc.gz, warcio): each HTML response is one source.

A page's source gets the archived URL (``WARC-Target-URI``) and the capture date (``WARC-Date``);
its text, title, outlet, author and publication date come from the HTML as for an .html file.  Its
stored path is ``ARCHIVE#URL`` (``ARCHIVE#URL@DATE`` for a URL captured again in the same archive),
so ingesting a changed archive updates each page in place.  Records that are not HTML responses
(images, scripts, requests, metadata) are skipped, and the ingest summary counts them.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import InputError
from .readers import RawDocument, decode_bytes, html_document

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str:
    for piece in content_type.split(";")[1:]:
        k, _, v = piece.strip().partition("=")
        if k.strip().lower() == "charset":
            return v.strip().strip('"').lower()
    return ""


def read_warc(path: Path, data: bytes) -> list[RawDocument]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    docs: list[RawDocument] = []
    skipped = 0
    seen: set[str] = set()
    try:
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type not in ("response", "resource"):
                continue  # warcinfo, request, metadata ...: bookkeeping, not pages
            url = rec.rec_headers.get_header("WARC-Target-URI") or ""
            captured = rec.rec_headers.get_header("WARC-Date") or ""
            if rec.rec_type == "response" and rec.http_headers is not None:
                status = rec.http_headers.get_statuscode() or ""
                ctype = rec.http_headers.get_header("Content-Type") or ""
            else:
                status, ctype = "200", rec.rec_headers.get_header("Content-Type") or ""
            body = rec.content_stream().read()
            if not ctype.split(";")[0].strip().lower() in HTML_TYPES or not status.startswith("2"):
                skipped += 1
                continue
            charset = _charset(ctype)
            try:
                html = body.decode(charset) if charset else decode_bytes(body)[0]
            except (LookupError, UnicodeDecodeError):
                html = decode_bytes(body)[0]
            except InputError:
                skipped += 1
                continue
            text, title, outlet, meta = html_document(html, url=url)
            if not text.strip():
                skipped += 1
                continue
            meta = {**meta, "url": url or meta.get("url", ""), "captured_at": captured}
            key = f"{path}#{url}"
            if key in seen:
                key = f"{key}@{captured}"
            seen.add(key)
            docs.append(RawDocument(str(path), text, charset or "html", title=title, outlet=outlet, meta=meta,
                                    key=key))
    except ArchiveLoadFailed as exc:
        raise InputError(f"not a valid web archive ({str(exc).splitlines()[0][:120]})") from None
    except (OSError, EOFError, ValueError) as exc:  # a truncated .warc.gz
        if not docs:
            raise InputError(f"damaged web archive ({exc})") from None
        docs[-1].notes.append(f"the archive is damaged after record {len(docs) + skipped}: the rest was not read")
    if not docs:
        raise InputError(f"no HTML page in this web archive ({skipped} other record{'s' * (skipped != 1)} skipped)")
    docs[0].notes.append(f"{len(docs)} HTML page{'s' * (len(docs) != 1)}; {skipped} non-HTML record"
                         f"{'s' * (skipped != 1)} skipped")
    return docs
