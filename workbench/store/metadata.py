"""Source metadata for citations (URL, author, outlet, publication and capture dates) and the page
map of paged documents (PDFs): which stored characters lie on which page."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping

from ..errors import InputError
from ..textutil import clean_text
from .sources import SourcesMixin

# The metadata a user can set with `workbench source set` (and the TUI's source dialog).
META_FIELDS = ("title", "outlet", "url", "author", "published_at", "captured_at")
# What ingest may fill from a file's own metadata (the title is set by ingest itself).
FILE_META_FIELDS = ("outlet", "url", "author", "published_at", "captured_at")
DATE_FIELDS = ("published_at", "captured_at")
_MAX_META = 2000


def pages_label(first: int, last: int) -> str:
    """"4" for one page, "4-5" for a span crossing pages."""
    return str(first) if first == last else f"{first}-{last}"


_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-]\d{2}'?\d{2}'?)?")


def iso_date(value: object) -> str:
    """A date in any of the forms files carry (ISO 8601, RFC 2822 e-mail dates, PDF ``D:`` dates,
    ``datetime`` / ``date`` objects) as ISO-8601 text: ``2025-03-04`` for a date alone,
    ``2025-03-04T10:00:00+00:00`` with a time.  '' when it cannot be read."""
    if value is None or value == "":
        return ""
    if isinstance(value, _dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    s = " ".join(clean_text(str(value)).split())
    if not s or len(s) > 100:
        return ""
    m = _PDF_DATE.match(s)
    if m:
        y, mo, d, h, mi, sec, tz = m.groups()
        try:
            if h is None:
                return _dt.date(int(y), int(mo or 1), int(d or 1)).isoformat()
            tzinfo = None
            if tz == "Z":
                tzinfo = _dt.timezone.utc
            elif tz:
                digits = tz.replace("'", "")
                sign = -1 if digits[0] == "-" else 1
                tzinfo = _dt.timezone(sign * _dt.timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5] or 0)))
            return _dt.datetime(int(y), int(mo or 1), int(d or 1), int(h), int(mi or 0), int(sec or 0),
                                tzinfo=tzinfo).isoformat()
        except ValueError:
            return ""
    iso = s[:-1] + "+00:00" if s.endswith("Z") else s
    try:
        return _dt.date.fromisoformat(iso).isoformat()
    except ValueError:
        pass
    try:
        return _dt.datetime.fromisoformat(iso).replace(microsecond=0).isoformat()
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).replace(microsecond=0).isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def clean_meta(field: str, value: object) -> str:
    """One metadata value as stored: one line of clean text; dates as ISO-8601."""
    if field in DATE_FIELDS:
        return iso_date(value)
    s = " ".join(clean_text(str(value or "")).split())
    return s[:_MAX_META]


class SourceMetaMixin(SourcesMixin):
    def put_source_meta(self, source_id: int, meta: Mapping[str, object], *, keep_existing: bool = False) -> None:
        """Metadata from a file (inside the caller's transaction, not logged).  With
        ``keep_existing``, values already stored (e.g. set by the user) are not overwritten."""
        fields = {f: clean_meta(f, meta[f]) for f in FILE_META_FIELDS if f in meta and meta[f]}
        fields = {f: v for f, v in fields.items() if v}
        if not fields:
            return
        sets = ", ".join(f"{f} = CASE WHEN {f} = '' THEN ? ELSE {f} END" if keep_existing else f"{f} = ?"
                         for f in fields)
        self.conn.execute(f"UPDATE sources SET {sets} WHERE id = ?", [*fields.values(), source_id])

    def put_source_pages(self, source_id: int, spans: Iterable[tuple[int, int]]) -> None:
        """The page map of a paged document: page i (1-based) is ``text[start:end]`` (inside the
        caller's transaction).  Replaces any earlier map (a new version of the file)."""
        self.conn.execute("DELETE FROM source_pages WHERE source_id = ?", (source_id,))
        self.conn.executemany("INSERT INTO source_pages (source_id, page, start, end) VALUES (?, ?, ?, ?)",
                              [(source_id, i, s, e) for i, (s, e) in enumerate(spans, 1)])

    def source_pages(self, source_id: int) -> list[tuple[int, int, int]]:
        """(page, start, end) of each page of a source, in order; [] for a source without pages."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT page, start, end FROM source_pages WHERE source_id = ? ORDER BY page", (source_id,))]

    def claim_pages(self, claim_ids: list[str]) -> dict[str, str]:
        """claim id -> its page(s), for the claims that lie on a paged source."""
        if not claim_ids:
            return {}
        m = ",".join("?" * len(claim_ids))
        rows = self.conn.execute(
            f"SELECT c.id, min(p.page), max(p.page) FROM claims c JOIN source_pages p ON p.source_id = c.source_id"
            f" AND p.start < max(c.end, c.start + 1) AND p.end > c.start WHERE c.id IN ({m}) GROUP BY c.id",
            claim_ids).fetchall()
        return {r[0]: pages_label(r[1], r[2]) for r in rows}

    def set_source_meta(self, source_id: int, **changes: str | None) -> dict[str, str]:
        """The user's correction of a source's metadata (title, outlet, url, author, published_at,
        captured_at; None leaves a field alone, '' clears it): one transaction, logged, undoable.
        Returns the fields that changed (new values)."""
        src = self.get_source(source_id)
        unknown = set(changes) - set(META_FIELDS)
        if unknown:
            raise InputError(f"unknown source field(s): {', '.join(sorted(unknown))}")
        new: dict[str, str] = {}
        for f, v in changes.items():
            if v is None:
                continue
            value = clean_meta(f, v)
            if f in DATE_FIELDS and str(v).strip() and not value:
                raise InputError(f"{str(v)[:60]!r} is not a date (use ISO 8601, e.g. 2025-03-04 or "
                                 f"2025-03-04T10:00:00+01:00)")
            if f == "title" and not value:
                raise InputError("a source's title cannot be empty")
            if f == "url" and value and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", value):
                raise InputError(f"{value[:60]!r} is not a URL (e.g. https://example.org/article)")
            if value != getattr(src, f):
                new[f] = value
        if not changes or all(v is None for v in changes.values()):
            raise InputError("nothing to set (give --title, --outlet, --url, --author, --date or --captured)")
        summary = f"source {source_id}: " + ("; ".join(f"{f} {v!r}" if v else f"{f} cleared" for f, v in new.items())
                                            or "metadata")

        def change(scope: dict) -> None:
            if new:
                self.conn.execute(f"UPDATE sources SET {', '.join(f'{f} = ?' for f in new)} WHERE id = ?",
                                  [*new.values(), source_id])

        self.recorded("source.set", summary, {"sources": [source_id]}, change)
        return new
