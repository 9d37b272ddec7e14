"""Command-palette provider: every workbench action by name (ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


class WorkbenchCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from .screens.main import MainScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, MainScreen):
                return screen.palette_commands()
        return []

    async def discover(self) -> Hits:
        for title, help_, cb in self._commands():
            yield DiscoveryHit(title, cb, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_, cb in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), cb, help=help_)
