"""Reading files: encoding detection, binary refusal, HTML article extraction."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES
DEFAULT_MAX_MB = 25.0

_MAGIC = {
    b"\x89PNG": "a PNG image", b"\x7fELF": "an ELF executable", b"%PDF": "a PDF (convert it to text first)",
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
    # A single-byte legacy encoding.  The workbench reads Western European news (es, pt, it, en):
    # Windows-1252 is what such files are in practice (latin-1 differs only in 0x80-0x9F, which it
    # maps to invisible C1 controls); detectors guess cp1250 on short Spanish text (n-tilde -> n-acute).
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252
        return data.decode("latin-1"), "latin_1"


def _html_to_text(html: str) -> tuple[str, str, str]:
    """(text, title, outlet) of an HTML page: the article body, not the page chrome."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, favor_precision=True,
                                      with_metadata=True)
    title = outlet = ""
    body = ""
    if doc is not None:
        get = doc.get if isinstance(doc, dict) else lambda k, d=None: getattr(doc, k, d)
        body = get("text") or ""
        title = get("title") or ""
        outlet = get("sitename") or ""
    if not body.strip():
        body = _fallback_html_text(html)
    if title and not body.lstrip().startswith(title):
        body = f"{title}\n\n{body}"
    return body, title, outlet


def _fallback_html_text(html: str) -> str:
    from html.parser import HTMLParser

    class P(HTMLParser):
        skip = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer"}
        block = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.depth = 0

        def handle_starttag(self, tag, attrs):
            if tag in self.skip:
                self.depth += 1
            elif tag in self.block:
                self.out.append("\n")

        def handle_endtag(self, tag):
            if tag in self.skip and self.depth:
                self.depth -= 1
            elif tag in self.block:
                self.out.append("\n")

        def handle_data(self, data):
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


def read_document(path: Path) -> RawDocument:
    """Read one file into a :class:`RawDocument`, or raise InputError with one clear line."""
    data = _read_limited(path)
    text, enc = decode_bytes(data)
    del data
    if path.suffix.lower() in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        body, title, outlet = _html_to_text(text)
        return RawDocument(str(path), body, enc, title=title, outlet=outlet)
    return RawDocument(str(path), text, enc)


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
                if f.suffix.lower() in SUPPORTED and not name.startswith("."):
                    files.append(f)  # pipes / devices are refused per file by read_document
    return files, problems
