"""Reading files: encoding detection, binary refusal, HTML article extraction, front matter, and
the dispatch to the document readers (PDF, Word / OpenDocument, e-mail, web archives), each in a
module of its own imported only when a file of its kind is read."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".odt", ".eml", ".warc"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | DOCUMENT_SUFFIXES
DEFAULT_MAX_MB = 25.0

_MAGIC = {
    b"\x89PNG": "a PNG image", b"\x7fELF": "an ELF executable", b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (or an office document)", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive", b"MZ": "a Windows executable", b"SQLite format 3": "an SQLite database",
}


@dataclass
class RawDocument:
    path: str
    text: str  # decoded, not yet cleaned
    encoding: str
    title: str = ""  # from the format (HTML <title>), else derived from the text later
    outlet: str = ""
    # url, author, published_at, captured_at (and outlet) from the file's own metadata
    meta: dict[str, object] = field(default_factory=dict)
    # a paged document (PDF): ``text`` is already cleaned and page i is text[start:end] of pages[i - 1]
    pages: list[tuple[int, int]] | None = None
    notes: list[str] = field(default_factory=list)  # said in the ingest summary (assumed encoding ...)
    key: str = ""  # the stored path when one file holds several documents (a web archive: path#url)


def max_file_bytes() -> int:
    try:
        mb = float(os.environ.get("WORKBENCH_MAX_FILE_MB", DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name).  Raises InputError for binary data."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        return data.decode("utf-32", errors="replace"), "utf-32"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12, 27))
    if sample and ctrl / len(sample) > 0.01:
        raise InputError("binary file (not text in any known encoding)")
    # UTF-8 with a few broken bytes (a truncated download, a bad paste): keep it UTF-8 and mark the
    # bad bytes with U+FFFD, instead of turning every accent of the article into mojibake.
    as_utf8 = data.decode("utf-8", errors="replace")
    bad = as_utf8.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in as_utf8 if ord(ch) > 127 and ch != "\ufffd")
    if multibyte and bad <= multibyte:
        return as_utf8, "utf-8 (with invalid bytes replaced)"
    return _legacy_decode(data)


# Legacy single-byte encodings the detector chooses among: Western (the default), Central European,
# Cyrillic and Greek, in their Windows and ISO forms.
LEGACY_CANDIDATES = ("cp1252", "iso8859_2", "cp1250", "cp1251", "koi8_r", "iso8859_5", "cp1253", "iso8859_7")
ASSUMED = "assumed"  # in an encoding name: detection was unsure (the ingest summary says so)


def _legacy_decode(data: bytes) -> tuple[str, str]:
    """A file that is not UTF-8: charset-normalizer scores each candidate decoding for mess (odd
    symbols inside words, mixed scripts) and coherence (letter frequencies of a language).
    Windows-1252 stays the answer whenever it reads as cleanly as the best candidate: the workbench
    reads Western European news, and detectors pick cp1250 for short Spanish text (n-tilde ->
    n-acute) that cp1252 reads just as cleanly.  A Russian, Polish or Greek file reads as a mess of
    symbols in cp1252, and so gets its own encoding.  When nothing reads cleanly, or the text is
    too short to tell, the encoding chosen carries ``(assumed)``."""
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data, cp_isolation=list(LEGACY_CANDIDATES), explain=False))
    except Exception:  # noqa: BLE001  (a detector failure must not fail the file: fall back to cp1252)
        matches = []
    by_enc = {m.encoding: m for m in matches}
    best = min(matches, key=lambda m: (round(m.chaos, 2), -m.coherence), default=None)
    western = by_enc.get("cp1252")
    if western is None and best is not None and _same_in_cp1252(data, best.encoding):
        western = best  # the detector grouped cp1252 with an encoding that reads these bytes the same way
    if best is None or (western is not None and western.chaos <= best.chaos + 0.01):
        chosen, match = "cp1252", western
    else:
        chosen, match = best.encoding, best
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252
        chosen, match = "latin_1", None
        text = data.decode("latin-1")
    high = sum(1 for b in data[:65536] if b > 127)
    sure = match is not None and match.chaos <= 0.05 and (match.coherence >= 0.1 or high >= 20)
    return text, chosen if sure else f"{chosen} ({ASSUMED})"


def _same_in_cp1252(data: bytes, encoding: str) -> bool:
    try:
        return data.decode("cp1252") == data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False


def html_document(html: str, url: str = "") -> tuple[str, str, str, dict[str, object]]:
    """(text, title, outlet, metadata) of an HTML page: the article body, not the page chrome, and
    the page's own metadata (canonical URL, author, publication date) as trafilatura reads it."""
    import trafilatura

    # dates from the page's markup only (meta tags, <time>, the URL): a date guessed from the
    # running text (htmldate's extensive search) is no date to cite
    doc = trafilatura.bare_extraction(html, url=url or None, include_comments=False, include_tables=True,
                                      favor_precision=True, with_metadata=True,
                                      date_extraction_params={"original_date": True, "extensive_search": False})
    title = outlet = ""
    body = ""
    meta: dict[str, object] = {}
    if doc is not None:
        get = doc.get if isinstance(doc, dict) else lambda k, d=None: getattr(doc, k, d)
        body = get("text") or ""
        title = get("title") or ""
        outlet = get("sitename") or ""
        meta = {"url": get("url") or "", "author": get("author") or "", "published_at": get("date") or ""}
    if not body.strip():
        body = _fallback_html_text(html)
    if title and not body.lstrip().startswith(title):
        body = f"{title}\n\n{body}"
    return body, title, outlet, meta


# front matter keys -> source metadata (the first key present wins)
FRONT_MATTER_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url", "canonical", "source_url", "permalink"),
    "author": ("author", "authors", "byline", "by", "creator"),
    "outlet": ("outlet", "publisher", "site_name", "sitename", "site", "publication", "source"),
    "published_at": ("published_at", "date", "published", "pubdate", "publication_date", "datePublished"),
    "captured_at": ("captured_at", "captured", "retrieved", "accessed", "archived", "fetched"),
}


def split_front_matter(text: str) -> tuple[str, dict[str, object], str]:
    """(text without its front matter, metadata, note).  Front matter is a YAML block between
    ``---`` lines at the very top of a .md / .txt file (python-frontmatter); it is not part of the
    stored text.  A block that is not valid YAML, or not a mapping, is kept as text (note says so)."""
    probe = text.lstrip("\ufeff")
    if not probe.startswith("---") or probe[3:4] not in ("\n", "\r"):
        return text, {}, ""
    import frontmatter

    try:
        post = frontmatter.loads(probe)
    except Exception:  # noqa: BLE001  (yaml raises many kinds: the block stays text, with a note)
        return text, {}, "front matter is not valid YAML: kept as text"
    if not post.metadata:
        return text, {}, ""
    meta: dict[str, object] = {}
    lower = {str(k).lower(): v for k, v in post.metadata.items()}
    for field_name, keys in FRONT_MATTER_KEYS.items():
        for k in keys:
            v = lower.get(k.lower())
            if isinstance(v, list):
                v = ", ".join(str(x) for x in v if x)
            if isinstance(v, dict):
                v = v.get("name") or ""
            if v not in (None, ""):
                meta[field_name] = v
                break
    return post.content, meta, ""


def _fallback_html_text(html: str) -> str:
    from html.parser import HTMLParser

    class P(HTMLParser):
        skip = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer"}
        block = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.depth = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in self.skip:
                self.depth += 1
            elif tag in self.block:
                self.out.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in self.skip and self.depth:
                self.depth -= 1
            elif tag in self.block:
                self.out.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.depth:
                self.out.append(data)

    p = P()
    p.feed(html)
    lines = [" ".join(ln.split()) for ln in "".join(p.out).split("\n")]
    return "\n\n".join(ln for ln in lines if ln)


def _read_limited(path: Path) -> bytes:
    """The bytes of a regular file, at most the size limit.  Opened non-blocking and checked on the
    open descriptor, so a FIFO or device named ``*.txt`` is refused instead of hanging the ingest."""
    limit = max_file_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file (a folder, pipe or device)")
        if st.st_size > limit:
            raise InputError(f"file is {st.st_size / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB limit "
                             f"(set WORKBENCH_MAX_FILE_MB to raise it)")
        chunks: list[bytes] = []
        total = 0
        while True:  # the file may grow while we read: never hold more than the limit
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(f"file is over the {limit / 1048576:.0f} MB limit "
                                 f"(set WORKBENCH_MAX_FILE_MB to raise it)")
        return b"".join(chunks)
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def document_kind(path: Path) -> str:
    """pdf, docx, odt, eml, warc, html or text, from the file's name."""
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    suffix = path.suffix.lower()
    if suffix in (".pdf", ".docx", ".odt", ".eml"):
        return suffix[1:]
    return "html" if suffix in HTML_SUFFIXES else "text"


def read_documents(path: Path) -> list[RawDocument]:
    """Read one file into its documents (one, except a web archive: one per HTML page), or raise
    InputError with one clear line."""
    kind = document_kind(path)
    data = _read_limited(path)
    if kind == "text" and data.startswith(b"%PDF-"):
        kind = "pdf"  # a PDF under another name is still a PDF
    if kind == "pdf":
        from .pdf import read_pdf

        return [read_pdf(path, data)]
    if kind in ("docx", "odt"):
        from .office import read_docx, read_odt

        return [(read_docx if kind == "docx" else read_odt)(path, data)]
    if kind == "eml":
        from .mail import read_eml

        return [read_eml(path, data)]
    if kind == "warc":
        from .webarchive import read_warc

        return read_warc(path, data)
    text, enc = decode_bytes(data)
    del data
    notes = [f"encoding unsure: assumed {enc.split()[0]}"] if ASSUMED in enc else []
    if kind == "html" or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        body, title, outlet, meta = html_document(text)
        return [RawDocument(str(path), body, enc, title=title, outlet=outlet, meta=meta, notes=notes)]
    text, meta, note = split_front_matter(text)
    if note:
        notes.append(note)
    title = str(meta.pop("title", "") or "")
    outlet = str(meta.get("outlet", "") or "")
    return [RawDocument(str(path), text, enc, title=title, outlet=outlet, meta=meta, notes=notes)]


def paged_text(pages: list[str], joins: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join the cleaned text of each page (``joins[i]`` goes between page i and page i + 1) into the
    stored text; returns it and each page's (start, end) in it."""
    from .clean import clean_text

    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, page in enumerate(pages):
        page = clean_text(page)
        if i:
            out.append(joins[i - 1])
            pos += len(joins[i - 1])
        out.append(page)
        spans.append((pos, pos + len(page)))
        pos += len(page)
    return "".join(out), spans


def expand_paths(paths: list[str | os.PathLike[str]]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest from files and folders (recursive, sorted, symlink loops safe).  Returns
    (files, problems); a named file of any suffix is tried, a folder contributes supported files."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            problems.append((str(raw), "no such file or folder" if not p.is_symlink() else "broken symbolic link"))
            continue
        if p.is_file():
            files.append(p)
            continue
        if not p.is_dir():
            problems.append((str(raw), "not a regular file or folder"))
            continue
        for root, dirs, names in os.walk(p, followlinks=True, onerror=lambda e: problems.append(
                (str(e.filename), e.strerror or str(e)))):
            try:
                st = os.stat(root)
                ident = (st.st_dev, st.st_ino)
            except OSError:
                continue
            if ident in seen:  # a symlink loop or a folder reached twice
                dirs[:] = []
                continue
            seen.add(ident)
            dirs.sort()
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in sorted(names):
                f = Path(root) / name
                if (f.suffix.lower() in SUPPORTED or name.lower().endswith(".warc.gz")) and not name.startswith("."):
                    files.append(f)  # pipes / devices are refused per file by read_documents
    return files, problems
