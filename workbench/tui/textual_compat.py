"""Every use of Textual's private API, in one place.

The reader needs three things Textual does not offer publicly, each measured on a
200,000-character article (bench/tui_startup.py):

* the wrapped document's height kept between wraps (``WrappedDocument._wrap_offsets``; the class
  itself is public in ``textual.widgets.text_area``): Textual sums it for every painted row;
* the second wrap after ``load_text`` skipped (``TextArea._rewrap_and_refresh_virtual_size``,
  ``_line_cache``, ``_refresh_size``): the reader hard-wraps its text itself;
* the cursor cell not drawn at the end of a forward selection (``TextArea._draw_cursor``), so what
  is highlighted is exactly what ``c`` saves; and word movement that keeps "10.000" one word
  (``TextArea._word_pattern``).

Nothing else in ``workbench.tui`` touches a private Textual name.  :func:`missing` lists what the
installed Textual no longer has (``tests/tui/test_textual_compat.py`` fails naming it), so an
upgrade of Textual says exactly which of these to port.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from textual.widgets import TextArea
from textual.widgets.text_area import Document, WrappedDocument

# name -> the parameters it must take (None: an attribute or property)
TEXT_AREA_PRIVATE: dict[str, tuple[str, ...] | None] = {
    "_rewrap_and_refresh_virtual_size": ("self",),
    "_refresh_size": ("self",),
    "_draw_cursor": None,
}
TEXT_AREA_INSTANCE = ("_line_cache", "_word_pattern")
WRAPPED_DOCUMENT_METHODS: dict[str, tuple[str, ...]] = {
    "wrap": ("self", "width", "tab_width"),
    "wrap_range": ("self", "start", "old_end", "new_end"),
}


class CachedHeightDocument(WrappedDocument):
    """Textual recomputes ``height`` (a sum over every line) for each painted row; a reader's
    document never changes between wraps, so the sum is kept until the next wrap.  On a
    200,000-character article that is a third of the first paint."""

    _cached_height: int | None = None

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._cached_height = None
        super().wrap(width, tab_width)

    def wrap_range(self, *args: Any, **kwargs: Any) -> None:
        self._cached_height = None
        super().wrap_range(*args, **kwargs)

    @property
    def height(self) -> int:
        if self._cached_height is None:
            self._cached_height = sum(len(offsets) + 1 for offsets in self._wrap_offsets)
        return self._cached_height


class CompatTextArea(TextArea):
    """A TextArea whose private hooks are reached through public methods a subclass overrides:
    :meth:`skip_rewrap` and :meth:`cursor_drawn`."""

    def skip_rewrap(self) -> bool:
        """True: the next re-wrap is not needed (the text was just loaded, wrapped already)."""
        return False

    def cursor_drawn(self) -> bool:
        """False: the cursor cell is not painted (Textual still decides when it is True)."""
        return True

    def clear_line_cache(self) -> None:
        """Rendered lines are cached by Textual; highlights drawn on top need them redrawn."""
        self._line_cache.clear()

    def set_word_pattern(self, pattern: re.Pattern[str]) -> None:
        """Where ctrl+arrows stop (word starts and ends)."""
        self._word_pattern = pattern

    def cache_document_height(self) -> None:
        """After ``load_text``: the document keeps its height between wraps."""
        self.wrapped_document.__class__ = CachedHeightDocument

    def _rewrap_and_refresh_virtual_size(self) -> None:
        if self.skip_rewrap():
            self._line_cache.clear()
            self._refresh_size()
            return
        super()._rewrap_and_refresh_virtual_size()

    @property
    def _draw_cursor(self) -> bool:
        return self.cursor_drawn() and super()._draw_cursor


def _params(fn: Any) -> tuple[str, ...]:
    return tuple(inspect.signature(fn).parameters)


def missing() -> list[str]:
    """What this module needs from Textual and the installed version lacks ([] when all is there)."""
    out = []
    for name, params in TEXT_AREA_PRIVATE.items():
        attr = inspect.getattr_static(TextArea, name, None)
        if attr is None:
            out.append(f"TextArea.{name} is gone")
        elif params is None and not isinstance(attr, property):
            out.append(f"TextArea.{name} is no longer a property")
        elif params is not None and _params(attr) != params:
            out.append(f"TextArea.{name} now takes {_params(attr)}, not {params}")
    area = TextArea("a b")
    out += [f"TextArea instances no longer have {name}" for name in TEXT_AREA_INSTANCE if not hasattr(area, name)]
    if not hasattr(getattr(area, "_line_cache", None), "clear"):
        out.append("TextArea._line_cache has no clear()")
    for name, wanted in WRAPPED_DOCUMENT_METHODS.items():
        fn = getattr(WrappedDocument, name, None)
        if fn is None or _params(fn) != wanted:
            out.append(f"WrappedDocument.{name} is gone or now takes {_params(fn) if fn else '-'}, not {wanted}")
    doc = WrappedDocument(Document("one two\nthree"), width=4)
    if not isinstance(getattr(doc, "_wrap_offsets", None), list):
        out.append("WrappedDocument._wrap_offsets is no longer a list of lists")
    elif not isinstance(inspect.getattr_static(WrappedDocument, "height", None), property):
        out.append("WrappedDocument.height is no longer a property")
    return out
