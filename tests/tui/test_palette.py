"""The command palette: paragraphs, guidance search, switching tree, views and help."""

from __future__ import annotations

import sys

from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot

from assistant.catalogue import Catalogue
from assistant.tui.screens.help import HelpScreen
from tests.tui.stubhost import HostApp, sync, visible_text


async def offered(app: HostApp, pilot: Pilot[None], typed: str) -> list[str]:
    """Open the palette, type, and return the commands it offers, best first."""
    app.action_command_palette()
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    # Set at once (typing each key would search after each one; the result is the same).
    app.screen.query_one(CommandInput).value = typed
    commands = app.screen.query_one(CommandList)
    counts = [-1]
    for _ in range(60):  # results arrive after a short debounce, then settle
        await pilot.pause(0.05)
        counts.append(commands.option_count)
        if counts[-1] and counts[-1] == counts[-2] == counts[-3]:
            break
    # Each prompt is the command, then its help on a second line.
    return [
        str(commands.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(commands.option_count)
    ]


async def choose(app: HostApp, pilot: Pilot[None], wanted: str) -> None:
    commands = app.screen.query_one(CommandList)
    prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
    commands.highlighted = next(i for i, text in enumerate(prompts) if wanted in text)
    await pilot.press("enter")
    await pilot.pause()


@sync
async def test_typing_a_paragraph_number_offers_it_and_opens_it(catalogue: Catalogue) -> None:
    app = HostApp(catalogue)
    async with app.run_test() as pilot:
        prompts = await offered(app, pilot, "2.4.1")
        assert prompts[0].startswith("Open paragraph O32g 2.4.1 - ")
        assert not any(text.startswith(("Guidance", "Search the guidance")) for text in prompts)
        await choose(app, pilot, "Open paragraph O32g 2.4.1")
    assert app.calls == [("show_paragraph", "O32g 2.4.1")]


@sync
async def test_searching_the_guidance_offers_the_best_paragraphs(catalogue: Catalogue) -> None:
    app = HostApp(catalogue)
    best = catalogue.corpus.search("hate crime", 5)
    async with app.run_test() as pilot:
        prompts = await offered(app, pilot, "hate crime")
        assert "Search the guidance for: hate crime" in prompts
        for hit in best:
            assert f"Guidance {hit.paragraph.citation} - {hit.paragraph.summary}" in prompts
        await choose(app, pilot, f"Guidance {best[0].paragraph.citation}")
        prompts = await offered(app, pilot, "hate crime")
        await choose(app, pilot, "Search the guidance for")
    # The glossary's definition of the term comes first, then the SOP's hate crime paragraph.
    assert [hit.paragraph.citation for hit in best[:2]] == ["Glossary hate-crime", "O32g 2.6.1"]
    assert app.calls == [("show_paragraph", "Glossary hate-crime"), ("show_search", "hate crime")]


@sync
async def test_switching_tree_calls_the_app_with_the_tree_id(catalogue: Catalogue) -> None:
    app = HostApp(catalogue)
    async with app.run_test() as pilot:
        prompts = await offered(app, pilot, "switch suffolk")
        assert prompts[0].startswith("Switch tree: ") and prompts[0].endswith("(suffolk-tiers)")
        await choose(app, pilot, "(suffolk-tiers)")
    assert app.calls == [("switch_tree", "suffolk-tiers")]


@sync
async def test_views_and_help_are_offered_before_anything_is_typed(catalogue: Catalogue) -> None:
    app = HostApp(catalogue)
    async with app.run_test() as pilot:
        prompts = await offered(app, pilot, "")
        for name in ("Trainer view", "Authorisation matrix", "Help", "Switch tree: "):
            assert any(text.startswith(name) for text in prompts), name
        assert not any(text.startswith("Open paragraph") for text in prompts)
        await choose(app, pilot, "Trainer view")
        await offered(app, pilot, "")
        await choose(app, pilot, "Authorisation matrix")
        await offered(app, pilot, "")
        await choose(app, pilot, "Help")
        assert isinstance(app.screen, HelpScreen)
        assert "^p | palette" in visible_text(app.screen)
    assert app.calls == [("toggle_trainer_view", None), ("show_matrix", None)]


def test_importing_the_palette_loads_no_guidance() -> None:
    import subprocess

    code = (
        "import sys, assistant.tui.palette; "
        "print('assistant.corpus.search' in sys.modules, 'assistant.catalogue' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


class HostWithHelp(HostApp):
    def action_help(self) -> None:
        self.calls.append(("help", None))


@sync
async def test_help_runs_the_apps_own_help_when_it_has_one(catalogue: Catalogue) -> None:
    app = HostWithHelp(catalogue)
    async with app.run_test() as pilot:
        await offered(app, pilot, "help")
        await choose(app, pilot, "Help")
        assert not isinstance(app.screen, HelpScreen)
    assert app.calls == [("help", None)]
