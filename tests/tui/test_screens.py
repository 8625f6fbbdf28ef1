"""The tree chooser, help and paragraph screens, driven with Textual's pilot on a stub host."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from assistant.catalogue import Catalogue
from assistant.corpus import Corpus
from assistant.tui.screens.chooser import TreeChooser
from assistant.tui.screens.confirm import ConfirmLeave
from assistant.tui.screens.help import CHAT_COMMANDS, HelpScreen
from assistant.tui.screens.paragraph import ParagraphScreen
from tests.tui.stubhost import HostApp, sync, visible_text


@sync
async def test_chooser_lists_trees_and_highlights_the_last_choice(catalogue: Catalogue) -> None:
    app = HostApp(catalogue)
    async with app.run_test() as pilot:
        app.open(TreeChooser(catalogue, last="suffolk-tiers"))
        await pilot.pause()
        text = visible_text(app.screen)
        assert "(kent-o32g)" in text and "(suffolk-tiers)" in text
        assert "(suffolk-tiers)  (last used)" in text
        options = app.screen.query_one(OptionList)
        assert options.highlighted_option is not None
        assert options.highlighted_option.id == "suffolk-tiers"
        await pilot.press("enter")
        await pilot.pause()
    assert app.dismissed == ["suffolk-tiers"]


@sync
async def test_chooser_number_key_picks_and_escape_asks_before_quitting(
    catalogue: Catalogue,
) -> None:
    ids = list(catalogue.tree_files)
    app = HostApp(catalogue)
    async with app.run_test() as pilot:
        app.open(TreeChooser(catalogue, last=None))
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        app.open(TreeChooser(catalogue, last=None))
        await pilot.pause()
        await pilot.press("9")  # no ninth tree: nothing happens
        # Escape would quit the program: it asks first, and Enter keeps the chooser.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmLeave)
        assert "Quit the CR assistant?" in visible_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TreeChooser) and app.dismissed == [ids[1]]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("tab", "enter")  # the second button: Quit
        await pilot.pause()
    assert app.dismissed == [ids[1], None]


@sync
async def test_chooser_lists_a_tree_file_that_would_not_validate(tmp_path: Path) -> None:
    (tmp_path / "trees").mkdir()
    (tmp_path / "trees" / "broken.toml").write_text(
        '[tree]\nid = "broken-tree"\ntitle = "Unfinished tree"\n', encoding="utf-8"
    )
    catalogue = Catalogue([tmp_path])
    app = HostApp(Catalogue())
    async with app.run_test() as pilot:
        app.open(TreeChooser(catalogue, last="broken-tree"))
        await pilot.pause()
        assert "Unfinished tree (broken-tree)  (last used)" in visible_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
    assert app.dismissed == ["broken-tree"]


@sync
async def test_help_lists_keys_and_chat_commands_and_closes(catalogue: Catalogue) -> None:
    app = HostApp(catalogue)
    async with app.run_test() as pilot:
        app.open(HelpScreen([("ctrl+p", "Command palette"), ("t", "Trainer view")]))
        await pilot.pause()
        text = visible_text(app.screen)
        assert "ctrl+p | Command palette" in text
        for command in ("back", "restart", "why", "cite 2.3.2", "search WORDS", "date YYYY-MM-DD"):
            assert f"{command} | " in text
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        app.open(HelpScreen([], CHAT_COMMANDS[:1]))
        await pilot.pause()
        assert "restart" not in visible_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.dismissed == [None, None]


@sync
async def test_paragraph_screen_shows_the_paragraph_its_document_and_review(
    catalogue: Catalogue, corpus: Corpus
) -> None:
    paragraph = corpus.resolve("O32g 2.4.1")
    document = corpus.document_of(paragraph)
    app = HostApp(catalogue)
    async with app.run_test() as pilot:
        app.open(ParagraphScreen(paragraph, document))
        await pilot.pause()
        text = visible_text(app.screen)
        assert "O32g 2.4.1" in text
        assert document.title in text
        assert paragraph.markdown in text
        assert f"**WARNING: {document.review_status().message}**" in text  # O32g is overdue
        app.screen.dismiss()
        await pilot.pause()
        noted = corpus.resolve("O32g 2.2.1")
        app.open(ParagraphScreen(noted, document))
        await pilot.pause()
        assert f"Transcription note: {noted.notes[0]}" in visible_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ParagraphScreen)
    assert app.dismissed == [None, None]
