"""Commands on a claim (``t`` tags, ``v`` status, ``e`` entities, ``n`` note, ``d`` delete, ``o``
corroborate, ``g`` linked claims, ``h`` history, ``y`` copy with citation, ``w`` span): a dispatch
table of small methods, one per command.  The same keys work in the reader and the claims pane."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text

from ..text import cite, lit, one_line
from .corroboration import Corroboration
from .dialogs import ClaimDialog, ClaimDraft, ConfirmDialog, ListDialog, NoteDialog, TagSuggester, TextDialog, \
    split_tags, status_dialog
from .entity_search import entity_picker

if TYPE_CHECKING:
    from ...store import Claim, Workspace
    from .main import MainScreen

ACTION_WORDS = {"claim.add": "created", "claim.edit": "edited", "claim.delete": "deleted", "claim.accept": "linked",
                "claim.link": "linked", "claim.unlink": "unlinked", "claim.span": "span changed",
                "claim.import": "imported"}


def saved_message(changes: dict[str, Any]) -> str:
    """What a claim edit did, in the user's words (not field names)."""
    parts = []
    for key, value in changes.items():
        if key == "tags":
            parts.append("tags: " + (", ".join(value) if value else "none"))
        elif key == "status":
            parts.append(f"status: {value}")
        elif key == "note":
            parts.append("note saved" if value else "note removed")
        elif key == "entity_ids":
            n = len(value)
            parts.append(f"{n} linked entit{'y' if n == 1 else 'ies'}" if n else "no linked entities")
        else:
            parts.append(key)
    return "claim saved: " + "; ".join(parts)


def local_time(iso: str) -> str:
    """An ISO-8601 UTC stamp from the log, shown in local time to the minute."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16]


def what_goes_with(claim: Claim) -> list[str]:
    """What a deleted claim takes with it, in words."""
    carries = []
    if claim.tags:
        carries.append(f"{len(claim.tags)} tag{'s' if len(claim.tags) != 1 else ''}")
    if claim.entities:
        carries.append(f"{len(claim.entities)} linked entit{'ies' if len(claim.entities) != 1 else 'y'}")
    if claim.links:
        carries.append(f"{len(claim.links)} link{'s' if len(claim.links) != 1 else ''} to other claims "
                       "(corroborations / contradictions)")
    if claim.note:
        carries.append("a note")
    return carries


class ClaimCommands:
    """Claim commands, looked up by name in :attr:`table` (the ``ClaimCommand`` message carries it)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.corroboration = Corroboration(screen)
        # commands that act on the text selected in the reader (no claim yet)
        self.selection_table: dict[str, Callable[[], None]] = {
            "create": self.create, "copy-selection": self.copy_selection}
        self.table: dict[str, Callable[[Claim], None]] = {
            "tags": self.tags, "status": self.status, "note": self.note, "entities": self.entities,
            "delete": self.delete, "corroborate": self.corroborate, "links": self.links,
            "history": self.history, "copy": self.copy, "span": self.span, "span-save": self.span_save}

    @property
    def ws(self) -> Workspace:
        return self.screen.ws

    def run(self, command: str, claim_id: str | None) -> None:
        if command in self.selection_table:
            self.selection_table[command]()
            return
        if claim_id is None:
            self.screen.warn("no claim here: put the cursor in a claim or highlight one in Claims")
            return
        claim = self.screen.guard(self.ws.get_claim, claim_id)
        if claim is not None and command in self.table:
            self.table[command](claim)

    def _update(self, claim: Claim, field: str, convert: Callable[[Any], Any]) -> Callable[[Any], None]:
        """A dialog callback that saves one field of the claim (``None``: cancelled)."""
        def done(value: Any) -> None:
            if value is None:
                return
            changes = {field: convert(value)}
            if self.screen.guard(self.ws.update_claim, claim.id, **changes) is not None:
                self.screen.refresh_claims(claim.id)
                self.screen.say(saved_message(changes))
        return done

    # -- editing -----------------------------------------------------------------------------
    def tags(self, claim: Claim) -> None:
        tags = [t["tag"] for t in self.ws.list_tags()]
        value = ", ".join(claim.tags) + (", " if claim.tags else "")
        self.screen.app.push_screen(
            TextDialog("Tags", value, label="Comma-separated tags; → completes a tag", placeholder="e.g. ai, funding",
                       suggester=TagSuggester(tags), hint="enter: save · escape: cancel · in use: " + ", ".join(tags[:10])),
            self._update(claim, "tags", split_tags))

    def status(self, claim: Claim) -> None:
        self.screen.app.push_screen(status_dialog(claim.status), self._update(claim, "status", str))

    def note(self, claim: Claim) -> None:
        self.screen.app.push_screen(NoteDialog("Note", claim.note, label="Note on this claim (several lines allowed)"),
                                    self._update(claim, "note", lambda v: str(v).strip()))

    def entities(self, claim: Claim) -> None:
        selected = [int(e["id"]) for e in claim.entities]
        if not selected:
            selected = [e.id for e in self.ws.entities_in_span(claim.source_id, claim.start, claim.end)]
        self.screen.app.push_screen(entity_picker(self.ws, "Entities this claim is about", multi=True,
                                                  selected=selected),
                                    self._update(claim, "entity_ids", list))

    def delete(self, claim: Claim) -> None:
        def gone(ok: bool | None) -> None:
            if ok and self.screen.guard(self.ws.delete_claim, claim.id) is not None:
                self.screen.refresh_claims()
                self.screen.say("claim deleted (ctrl+z undoes)")

        message = one_line(claim.quote, 300)
        carries = what_goes_with(claim)
        if carries:
            message += "\n\nIt carries " + ", ".join(carries) + ": they go with it (ctrl+z undoes)."
        self.screen.app.push_screen(ConfirmDialog("Delete this claim?", message), gone)

    def span(self, claim: Claim) -> None:
        if self.screen.reader.source_id != claim.source_id or self.screen.claim_context == "claims":
            self.screen.jump_to_claim(claim.id)
        self.screen.reader.start_span_edit(claim)

    def span_save(self, claim: Claim) -> None:
        r = self.screen.reader
        span = r.selected_span
        r.span_edit = None
        if span is None:
            self.screen.warn("empty span: the claim is unchanged")
            return
        moved = self.screen.guard(self.ws.move_claim, claim.id, *span)
        if moved is not None:
            self.screen.refresh_claims(claim.id)
            r.select_span(moved.start, moved.end)
            self.screen.say(f"claim span saved ({moved.end - moved.start} characters; ctrl+z undoes)")

    def create(self) -> None:
        r = self.screen.reader
        span = r.selected_span
        if r.source_id is None or span is None:
            self.screen.warn("select some text in the reader first (s selects a sentence)")
            return
        sid, (a, b) = r.source_id, span
        ws = self.ws
        quote = ws.source_text(sid)[a:b]
        ents = self.screen.guard(ws.entities_in_span, sid, a, b) or []
        tags = [t["tag"] for t in ws.list_tags()]

        def save(draft: ClaimDraft | None) -> None:
            if draft is None:
                return
            c = self.screen.guard(ws.add_claim, sid, a, b, tags=draft.tags, entity_ids=draft.entity_ids,
                                  status=draft.status, note=draft.note)
            if c is not None:
                self.screen.refresh_claims(c.id)
                r.select_span(c.start, c.start)
                self.screen.say(f"claim saved ({c.status}{', ' + ', '.join(c.tags) if c.tags else ''})")

        self.screen.app.push_screen(ClaimDialog(quote, tags, [(e.id, e.name) for e in ents]), save)

    # -- following the evidence ----------------------------------------------------------------
    def corroborate(self, claim: Claim) -> None:
        self.corroboration.start(claim.id)

    def links(self, claim: Claim) -> None:
        """``g``: the claims this one corroborates or contradicts, and those that do so to it."""
        if not claim.links:
            self.screen.say("no linked claims yet: o finds corroborating passages")
            return
        others = [o for o in (self.screen.guard(self.ws.get_claim, lk.claim_id) for lk in claim.links) if o is not None]
        titles = self.ws.source_titles([o.source_id for o in others])
        rows = []
        for lk in claim.links:
            other = next((o for o in others if o.id == lk.claim_id), None)
            if other is None:
                continue
            t = Text(end="")
            arrow = ("this claim " if lk.direction == "out" else "") + lk.relation + \
                    ("" if lk.direction == "out" else " this claim")
            t.append(arrow, style="bold green" if lk.relation == "corroborates" else "bold red")
            t.append("  ")
            t.append_text(lit(one_line(titles.get(other.source_id, ""), 40), "italic cyan"))
            t.append("\n")
            t.append_text(lit(one_line(other.quote, 200)))
            rows.append((other.id, t))
        if len(rows) == 1:
            self.screen.jump_to_claim(rows[0][0])
            self.screen.say("jumped to the linked claim (alt+left goes back)")
            return

        def jump(key: str | None) -> None:
            if key:
                self.screen.jump_to_claim(key)

        self.screen.app.push_screen(ListDialog(f"Claims linked to this one ({len(rows)})", rows,
                                               hint="enter: jump (alt+left comes back) · escape: close"), jump)

    def history(self, claim: Claim) -> None:
        """``h``: who changed what and when, from the action log."""
        rows = []
        for entry in self.screen.guard(self.ws.claim_history, claim.id) or []:
            t = Text(no_wrap=True, overflow="ellipsis", end="")
            t.append(local_time(entry.get("at") or ""), style="dim")
            author = entry.get("author")
            if author:
                t.append("  ")
                t.append_text(lit(one_line(str(author), 20), "bold cyan"))
            t.append("  ")
            t.append(ACTION_WORDS.get(entry.get("action", ""), entry.get("action", "")), style="bold")
            if entry.get("state") in ("undone", "dropped"):
                t.append(" (undone)", style="italic red")
            t.append("\n")
            t.append_text(lit(one_line(entry.get("summary") or "", 200), "dim"))
            rows.append((str(entry.get("id")), t))
        if not rows:
            self.screen.say("no recorded changes to this claim")
            return
        self.screen.app.push_screen(ListDialog(f"History of this claim ({len(rows)} changes)", rows,
                                               hint="escape: close"), lambda _k: None)

    # -- copying -----------------------------------------------------------------------------
    def copy(self, claim: Claim) -> None:
        self.copy_cited(claim.source_id, claim.start, claim.end)

    def copy_selection(self) -> None:
        r = self.screen.reader
        span = r.selected_span
        if r.source_id is None or span is None:
            self.screen.warn("select some text first")
            return
        self.copy_cited(r.source_id, *span)

    def copy_cited(self, source_id: int, start: int, end: int) -> None:
        """``y``: the quote and its citation (title, outlet, date, URL when known) to the clipboard."""
        src = self.screen.guard(self.ws.get_source, source_id)
        if src is None:
            return
        text = cite(self.ws.source_text(source_id)[start:end], src)
        self.screen.app.copy_to_clipboard(text)
        self.screen.say(f"copied the quote with its citation ({len(text):,} characters)")
