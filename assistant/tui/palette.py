"""Command palette entries: open a paragraph, search the guidance, switch tree, views and help.

The app registers :class:`AssistantCommands` in ``AssistantApp.COMMANDS``. Everything here calls
the app's public methods (``show_paragraph``, ``show_search``, ``switch_tree``,
``toggle_trainer_view``, ``show_matrix``); nothing is worked out at import time and the corpus is
searched only when the officer types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from assistant.tui.host import PaletteHost

# Words shorter than this are not worth a full-text search of the guidance.
_SEARCH_MIN = 3
_SEARCH_LIMIT = 5
# Paragraph commands name the paragraph by its first words: the fuzzy matcher is quick on short
# texts (about 1 ms a keystroke for the whole corpus) and slow on whole sentences.
_FIRST_WORDS = 6


def _open_oversight(app: Any) -> None:
    # Imported when chosen: the charts library is not needed to start the assistant.
    from assistant.tui.screens.oversight import open_oversight

    open_oversight(app)


@dataclass(frozen=True)
class PaletteCommand:
    text: str
    run: Callable[[], Any]
    help: str


class AssistantCommands(Provider):
    """The assistant's own commands; paragraphs and search hits appear only once typed for."""

    @property
    def host(self) -> PaletteHost:
        # The host's methods are the contract (assistant/tui/host.py): any App that offers
        # them, such as the tests' stub, can take this provider.
        return cast("PaletteHost", self.app)

    def _commands(self) -> list[PaletteCommand]:
        app = self.host
        commands = [
            PaletteCommand(
                f"Switch tree: {tree.title} ({tree.id})",
                partial(app.switch_tree, tree.id),
                "Start again on this procedure",
            )
            for tree in app.catalogue.tree_files.values()
        ]
        commands += [
            PaletteCommand(
                "Trainer view",
                app.toggle_trainer_view,
                "Show or hide the node ids and the path taken",
            ),
            PaletteCommand(
                "Authorisation matrix",
                app.show_matrix,
                "Who may authorise what, and the paragraphs that say so",
            ),
            PaletteCommand(
                "Oversight report",
                partial(_open_oversight, app),
                "Decision records: outcomes, special cases, authorisations, changed answers",
            ),
            PaletteCommand("Help", self._help, "Keys and chat commands"),
        ]
        return commands

    def _paragraph_commands(self) -> list[PaletteCommand]:
        app = self.host
        return [
            PaletteCommand(
                f"Open paragraph {paragraph.citation} - "
                + " ".join(paragraph.summary.split()[:_FIRST_WORDS]),
                partial(app.show_paragraph, paragraph.citation),
                paragraph.summary,
            )
            for paragraph in app.corpus
        ]

    async def _help(self) -> None:
        # The app's own help (F1) when it has one, so both show the same thing.
        if hasattr(self.app, "action_help"):
            await self.app.run_action("help")
            return
        from assistant.tui.screens.help import HelpScreen

        keys = [
            (binding.key_display or self.app.get_key_display(binding), binding.description)
            for binding in (item.binding for item in self.app.active_bindings.values())
            if binding.description
        ]
        self.app.push_screen(HelpScreen(keys))

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(Content(command.text), command.run, command.text, command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands() + self._paragraph_commands():
            score = matcher.match(command.text)
            if score > 0:
                yield Hit(score, matcher.highlight(command.text), command.run, help=command.help)
        words = query.strip()
        # A paragraph number ("2.4.1") is matched above; searched as words it finds only noise.
        if len(words) < _SEARCH_MIN or not any(char.isalpha() for char in words):
            return
        app = self.host
        text = f"Search the guidance for: {words}"
        yield Hit(
            0.5, Content(text), partial(app.show_search, words), text, "Best-matching paragraphs"
        )
        for rank, found in enumerate(app.corpus.search(words, _SEARCH_LIMIT)):
            paragraph = found.paragraph
            text = f"Guidance {paragraph.citation} - {paragraph.summary}"
            yield Hit(
                0.45 - rank * 0.01,
                Content(text),
                partial(app.show_paragraph, paragraph.citation),
                text,
                found.snippet,
            )
