"""Keys that explain themselves (issue 15 item 3): F1 lists the app's keys and the chat commands
first, the footer fits 80 columns in every focus, the highlighted answer is marked by a symbol,
and a key that throws work away asks first."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from assistant.conversation import COMMAND_HELP, AskGuidance, Conversation
from assistant.engine import Session, Tree
from assistant.tui.app import AssistantApp
from assistant.tui.screens.confirm import ConfirmLeave
from assistant.tui.screens.help import HelpScreen
from assistant.tui.widgets.marked import MARK
from assistant.tui.widgets.messages import AnswerOptions, ReplyMessage
from tests.tui.keys import ADULT_THEFT
from tests.tui.stubhost import press_button, visible_text
from tests.tui.test_app import press, type_line


def table_rows(screen: HelpScreen, table_id: str) -> list[tuple[str, str]]:
    table = screen.query_one(table_id, DataTable)
    return [
        (str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1])) for i in range(table.row_count)
    ]


async def test_f1_lists_the_apps_keys_and_commands_before_the_text_boxs(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        keys = dict(table_rows(screen, "#keys"))
        for key in (
            "1-9",
            "Enter",
            "Up, Down",
            "Tab, Shift+Tab",
            "Ctrl+B",
            "Ctrl+R",
            "Ctrl+S",
            "F1",
            "F2",
            "F3",
            "F4",
            "F5",
            "Ctrl+P",
        ):
            assert key in keys, key
        assert any("Ctrl+Q" in key for key in keys)
        assert keys["Ctrl+B"] == "Back" and keys["Ctrl+S"] == "Export"
        # The chat commands are the conversation's own list.
        assert table_rows(screen, "#commands") == list(COMMAND_HELP)
        # The text box's editing keys come after, in their own table, not among the app's.
        editing = dict(table_rows(screen, "#editing"))
        assert "Ctrl+W" in editing and "Ctrl+W" not in keys
        tables = [table.id for table in screen.query(DataTable)]
        assert tables == ["keys", "commands", "editing"]


def test_every_command_f1_lists_is_one_the_chat_takes(o32g: Tree) -> None:
    for usage, _ in COMMAND_HELP:
        if usage == "any other text":
            continue
        command = Conversation(Session(o32g)).read(usage.replace("WORDS", "theft"))
        assert not isinstance(command, AskGuidance), usage


async def test_the_highlighted_answer_is_marked_by_a_symbol(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        options = app.query_one(AnswerOptions)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[1].startswith(MARK + "2. ")
        assert [p for p in prompts if p.startswith(MARK)] == [prompts[1]]
        await pilot.press("up")
        await pilot.pause()
        assert str(options.get_option_at_index(0).prompt).startswith(MARK + "1. ")
        assert not str(options.get_option_at_index(1).prompt).startswith(MARK)


async def test_ctrl_r_after_a_result_asks_and_keeps_the_result_by_default(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        assert app.session is not None and app.session.finished
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmLeave)
        await pilot.press("enter")  # the focused, safe choice: keep the result
        await pilot.pause()
        assert app.session.finished and app.query("#result")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.finished and app.query("#result")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("tab", "enter")  # "Clear and start again"
        await pilot.pause()
        await pilot.pause()
        assert not app.session.finished and not app.session.steps
        assert not app.query("#result")


async def test_ctrl_r_during_a_walk_restarts_without_asking(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, ADULT_THEFT[0])
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmLeave)
        assert app.session is not None and not app.session.steps


async def test_the_footer_fits_80_columns_in_every_focus(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, ADULT_THEFT[0])
        focuses = [app.query_one("#chat"), app.query_one(ReplyMessage), app.query_one(".citation")]
        for widget in focuses:
            widget.focus()
            await pilot.pause(0.1)
            await pilot.pause()
            keys = list(app.screen.query(FooterKey))
            assert keys, widget
            palette = [key for key in keys if key.has_class("-command-palette")]
            right_edge = palette[0].region.x if palette else 80
            for key in keys:
                if key in palette:
                    continue
                # Each key and its whole label are on screen, left of the palette key.
                assert key.region.width > 0 and key.region.right <= right_edge, (widget, key)
                assert key.description and key.description in str(key.render()), key


async def test_ctrl_q_in_a_sitting_with_unsaved_results_asks_first(
    make_app: Callable[..., AssistantApp],
) -> None:
    from assistant.scenarios import ScenarioLibrary
    from assistant.tui.screens.training import ComparisonScreen

    app = make_app(train=["04-previous-conviction-adult"])
    scenario = ScenarioLibrary(app.catalogue).find("04-previous-conviction-adult")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press_button(pilot, "#skip")
        for _, label in scenario.answers:
            if app.screen is not app.main:
                break
            await type_line(pilot, label)
        await pilot.pause()
        assert type(app.screen) is ComparisonScreen  # one result, in no report yet
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmLeave)
        assert "quitting now loses them" in visible_text(app.screen)
        await pilot.press("enter")  # the focused choice: stay
        await pilot.pause()
        assert type(app.screen) is ComparisonScreen and app.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("tab", "enter")  # "Quit without saving"
        await pilot.pause()
    assert app.return_code == 0


async def test_ctrl_q_in_a_sitting_before_any_result_quits_at_once(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app(train=["04-previous-conviction-adult"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmLeave)
    assert app.return_code == 0


async def test_the_briefings_cursor_rows_are_marked_by_a_symbol(
    make_app: Callable[..., AssistantApp],
) -> None:
    from textual.widgets import RadioButton, RadioSet, SelectionList

    app = make_app(train=["04-previous-conviction-adult"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one(RadioSet).focus()
        await pilot.press("down")
        await pilot.pause()
        marked = [str(b.render()).startswith(MARK) for b in app.screen.query(RadioButton)]
        assert marked.index(True) == 1 and marked.count(True) == 1
        roles = app.screen.query_one(SelectionList)
        roles.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        prompts = [str(roles.get_option_at_index(i).prompt) for i in range(roles.option_count)]
        assert [p.startswith(MARK) for p in prompts].index(True) == roles.highlighted
        assert sum(p.startswith(MARK) for p in prompts) == 1
