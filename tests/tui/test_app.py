"""The chat UI driven as an officer would: number keys, typed replies, commands, change, export."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Header, Input, Static

from assistant.engine import Session, Tree
from assistant.engine.session import number_key_answers
from assistant.engine.walk import WalkedPath
from assistant.tui.app import AssistantApp
from assistant.tui.widgets.messages import (
    MarkdownReply,
    NoteMessage,
    QuestionMessage,
    ReplyMessage,
)
from tests.tui.conftest import TODAY
from tests.tui.keys import ADULT_THEFT, KENT, label_keys


def positions(tree: Tree, answers: tuple[tuple[str, str], ...]) -> list[int]:
    """The number key for each answer of a walked path."""
    session = Session(tree)
    keys = []
    for question, label in answers:
        assert session.current.id == question
        labels = [answer.label for answer in session.offered()]
        keys.append(labels.index(label) + 1)
        session.answer(label)
    return keys


def text_of(app: AssistantApp, selector: str) -> str:
    return "\n".join(str(widget.render()) for widget in app.query(selector))


def screen_text(app: AssistantApp) -> str:
    return text_of(app, "Static")


async def press(pilot: Pilot[int], *keys: str) -> None:
    """Each key, as an officer answers: a digit that went into the chat input (it could begin a
    longer answer, as "1" could begin "18 or over") is followed by Enter."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        if key.isdigit() and pilot.app.query_one("#chat", Input).value == key:
            await pilot.press("enter")
            await pilot.pause()


def keys_with_enter(tree: Tree, numbers: str) -> list[str]:
    """The keys that give these answer numbers, for keys sent without waiting: Enter follows a
    digit where one digit does not answer at once."""
    session = Session(tree)
    keys: list[str] = []
    for digit in numbers:
        keys.append(digit)
        if not number_key_answers(session.offered()):
            keys.append("enter")
        session.answer(int(digit))
    return keys


async def type_line(pilot: Pilot[int], text: str) -> None:
    chat = pilot.app.query_one("#chat", Input)
    chat.value = text
    await pilot.press("enter")
    await pilot.pause()


def sample_paths(paths: list[WalkedPath]) -> list[WalkedPath]:
    """One path for each distinct outcome and set of authorisers (a spread of real cases)."""
    chosen: dict[tuple[str, tuple[str, ...]], WalkedPath] = {}
    for path in paths:
        rec = path.recommendation
        key = (rec.outcome_id, tuple(role.id for role in rec.authorising_roles))
        chosen.setdefault(key, path)
    return list(chosen.values())[::9][:5]


async def test_first_question_is_on_screen_at_once(make_app: Callable[..., AssistantApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        current = app.query(".question.current")
        assert len(current) == 1
        assert "Q1. How old was the offender" in screen_text(app)
        assert "O32g 3.4.2" in str(app.query_one(".citation").title)
        assert "Kent Police" in app.main.sub_title and "O32g" in app.main.sub_title


@pytest.mark.slow
async def test_number_keys_walk_real_paths_to_the_engines_result(
    make_app: Callable[..., AssistantApp], o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    for path in sample_paths(o32g_paths):
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in positions(o32g, path.answers):
                await press(pilot, str(key))
            expected = Session(o32g)
            for _, label in path.answers:
                expected.answer(label)
            rec = expected.recommendation()
            shown = text_of(app, "#result .result-line")
            assert f"{rec.disposal_label}: {rec.title}" in shown
            assert app.session is not None
            got = app.session.recommendation()
            assert got.disposal == rec.disposal
            assert got.authorising_roles == rec.authorising_roles
            lines = shown.splitlines()
            for person in rec.people_to_contact:
                assert f"☐ {person.role.name}" in lines
            # Nothing still to obtain carries a tick.
            assert ("✔" in shown) == (rec.is_cr and not rec.authorisations)
            # Every question asked stays in the transcript; none is current any more.
            assert len(app.query(".question")) == len(path.answers)
            assert not app.query(".question.current")


async def test_stray_keys_at_the_result_give_one_reminder_not_a_stack(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        await press(pilot, "1", "1", "1", "2")
        assert len(app._notifications) == 1
        assert app.query("#result")


async def test_adult_theft_result_lists_obligations_status_and_answers(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        shown = text_of(app, "#result .result-line")
        assert "Based on your answers" in shown
        assert "✔ Community Resolution:" in shown
        assert "No authorisation is required on these answers." in shown
        assert "☐ ⚠ Warning:" in shown and "DBS" in shown
        assert "Review overdue" in shown
        assert "Your answers" in shown
        assert len(app.query("#result ReplyMessage")) == len(ADULT_THEFT)  # one per answer


async def test_back_returns_to_the_question_with_the_answer_preselected(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "3", "1", "ctrl+b")
        assert app.session is not None and app.session.current.id == "evidence"
        current = app.query_one(".question.current", QuestionMessage)
        options = current.options()
        assert options is not None and options.highlighted == 0
        assert "earlier answer" in str(options.get_option_at_index(0).prompt)
        assert "Back one question" in text_of(app, NoteMessage)
        # Enter accepts the pre-selected answer.
        await press(pilot, "enter")
        assert app.session.current.id == "status"


async def test_changing_an_earlier_answer_keeps_what_applies_and_notes_what_is_dropped(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        assert app.query("#result")
        # Select the reply to "offence" in the transcript (keyboard: focus it, Enter).
        reply = next(r for r in app.query(ReplyMessage) if r.question_id == "offence")
        reply.focus()
        await press(pilot, "enter")
        assert app.session is not None and app.session.current.id == "offence"
        assert not app.query("#result")
        assert len(app.query(".question.current")) == 1
        # Possession of a controlled drug, Class B or C, neither escalation: then Enter
        # accepts each answer kept from before.
        for reply_text in ("Possession", "Class B", "Neither"):
            await type_line(pilot, reply_text)
        while not app.session.finished:
            await press(pilot, "enter")
        notes = text_of(app, ".dropped")
        # Drug possession has no identifiable victim: the victim questions are dropped, while the
        # hate crime answer still applies and is kept.
        assert "no longer apply" in notes and "identifiable victim" in notes
        assert "hate crime" not in notes
        rec = app.session.recommendation()
        assert [role.name for role in rec.authorising_roles] == ["Sergeant"]
        assert "☐ Sergeant" in text_of(app, "#result .result-line").splitlines()


async def test_clicking_an_earlier_reply_changes_it(make_app: Callable[..., AssistantApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "3", "1")
        reply = next(r for r in app.query(ReplyMessage) if r.question_id == "age")
        # The status question is long: bring the first reply back into view, as a user scrolls.
        reply.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(reply)
        await pilot.pause()
        assert app.session is not None and app.session.current.id == "age"
        assert len(app.query(".question")) == 1


async def test_typed_answers_numbers_and_label_starts(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_line(pilot, "18 or over")
        await type_line(pilot, "yes")
        await type_line(pilot, "3")
        assert app.session is not None
        assert [step.answer.label for step in app.session.steps] == [
            "18 or over (an adult)",
            "Yes",
            "None of these",
        ]
        # "a" starts two answers: the officer is told which, and nothing is answered.
        await type_line(pilot, "a")
        assert "could be any of" in text_of(app, NoteMessage)
        assert app.session.current.id == "offence"
        await type_line(pilot, "99")
        assert "'99' is not an answer number: choose one of: 1. An indictable-only" in text_of(
            app, NoteMessage
        )


async def test_commands_cite_why_search_help_and_free_text(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_line(pilot, "cite 2.3.2")
        await pilot.pause()
        replies = app.query(MarkdownReply)
        assert replies and "O32g 2.3.2" in replies.last().title_text
        await type_line(pilot, "why")
        await pilot.pause()
        assert "O32g 3.4.2" in app.query(MarkdownReply).last().title_text
        await type_line(pilot, "search knife juvenile")
        await pilot.pause()
        last = app.query(MarkdownReply).last()
        assert "Best-matching" in last.title_text and "O32g" in last.markdown
        await type_line(pilot, "cite 99.9")
        await pilot.pause()
        assert "unknown citation" in text_of(app, ".error")
        await type_line(pilot, "can a PCSO deliver a community resolution")
        await pilot.pause()
        assert "Not an answer" in app.query(MarkdownReply).last().title_text
        assert app.session is not None and app.session.current.id == "age"
        await type_line(pilot, "help")
        assert "search WORDS" in text_of(app, NoteMessage)
        await type_line(pilot, "restart")
        assert not app.session.steps


async def test_offence_date_gives_the_completion_date(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_line(pilot, "date 2026-13-01")
        assert "is not a date" in text_of(app, ".error")
        # A week before the app's today (a later date is refused), so the limit is still ahead.
        offence = TODAY - dt.timedelta(days=7)
        await type_line(pilot, f"date {offence:%Y-%m-%d}")
        await press(pilot, *ADULT_THEFT[:-1], "2")  # deferred delivery
        shown = text_of(app, "#result .result-line")
        latest = offence + dt.timedelta(weeks=16)
        assert f"completed by {latest:%d %B %Y}" in shown and "O32g 4.4.4" in shown


async def test_a_passed_completion_date_is_said_plainly(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_line(pilot, "date 2020-01-01")
        await press(pilot, *ADULT_THEFT[:-1], "2")  # deferred delivery
        shown = text_of(app, "#result .result-line")
        assert "16-week limit for completing a deferred outcome passed on 22 April 2020" in shown
        assert "no longer possible" in shown and "completed by" not in shown


async def test_an_instant_outcome_shows_no_completion_date(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_line(pilot, "date 2020-01-01")
        await press(pilot, *ADULT_THEFT)  # delivered there and then
        shown = text_of(app, "#result .result-line")
        assert "16-week" not in shown and "completed by" not in shown


async def export(pilot: Pilot[int], path: Path | str) -> str:
    app = pilot.app
    await press(pilot, "ctrl+s")
    field = app.screen.query_one("#export-path", Input)
    field.value = str(path)
    await press(pilot, "enter")
    return (
        str(app.screen.query_one("#export-message", Static).render())
        if app.screen.query("#export-message")
        else ""
    )


async def test_export_writes_a_stamped_rationale_and_never_overwrites_unasked(
    make_app: Callable[..., AssistantApp], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+s")
        assert not app.screen.query("#export-path")  # nothing to export before the result
        await press(pilot, *ADULT_THEFT)
        target = tmp_path / "case.md"
        await export(pilot, target)
        text = target.read_text(encoding="utf-8")
        assert "# Community Resolution rationale: Community Resolution" in text
        assert "kent-o32g" in text and "Community resolutions SOP (O32g)" in text
        assert "Review overdue" in text and "23 November 2026" in text
        assert "- How old was the offender at the time of the offence? (O32g 3.4.2)" in text
        assert "No authorisation is required on these answers." in text
        assert "O32g 4.1.1" in text
        assert "Case record saved to" in text_of(app, NoteMessage)
        # Again to the same file: refused until confirmed, and the file is untouched.
        target.write_text("keep me", encoding="utf-8")
        message = await export(pilot, target)
        assert "already exists" in message
        assert target.read_text(encoding="utf-8") == "keep me"
        await press(pilot, "enter")  # Save again: the officer confirms
        assert target.read_text(encoding="utf-8").startswith("# Community Resolution")
        # The plain-text button renames to .txt; that file is new, so it is written at once.
        await press(pilot, "ctrl+s")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-text")
        await pilot.pause()
        assert "Based on your answers:" in target.with_suffix(".txt").read_text(encoding="utf-8")
        assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


async def test_export_names_the_same_local_contacts_as_the_result_on_screen(
    make_app: Callable[..., AssistantApp], tmp_path: Path
) -> None:
    from assistant.contacts import load_contacts

    book = tmp_path / "contacts.toml"
    book.write_text(
        'unit = "Ashford CMT"\n\n[roles.imu]\nname = "Jo Example, IMU"\nphone = "01632 960000"\n',
        encoding="utf-8",
    )
    app = make_app(contacts=load_contacts(book))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        shown = text_of(app, "#result .result-line").splitlines()
        start = shown.index("Local contacts (Ashford CMT)")
        people = [line.removeprefix("• ") for line in shown[start + 1 :] if line.startswith("• ")]
        assert any("Jo Example, IMU" in person for person in people)
        for name, fmt in (("case.md", "markdown"), ("case.txt", "text")):
            await export(pilot, tmp_path / name)
            written = (tmp_path / name).read_text(encoding="utf-8")
            assert "Local contacts (Ashford CMT)" in written, fmt
            assert all(person in written for person in people), fmt


async def test_export_to_a_folder_uses_the_suggested_name_and_plain_text(
    make_app: Callable[..., AssistantApp], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        await press(pilot, "ctrl+s")
        field = app.screen.query_one("#export-path", Input)
        field.value = str(tmp_path)
        await pilot.click("#export-text")
        await pilot.pause()
        written = tmp_path / "cr-rationale-kent-o32g-2026-11-23.txt"
        text = written.read_text(encoding="utf-8")
        assert "Based on your answers:" in text and "Your answers:" in text


async def test_export_to_a_missing_or_read_only_folder_is_one_line_in_the_dialog(
    make_app: Callable[..., AssistantApp], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        message = await export(pilot, tmp_path / "nowhere" / "case.md")
        assert message.startswith("✘") and "does not exist" in message and "\n" not in message
        await press(pilot, "escape")
        if os.geteuid() != 0:  # root writes anywhere
            locked = tmp_path / "locked"
            locked.mkdir()
            locked.chmod(0o500)
            try:
                message = await export(pilot, locked / "case.md")
                assert message.startswith("✘") and not (locked / "case.md").exists()
            finally:
                locked.chmod(0o700)


@pytest.mark.parametrize(("width", "shown"), [(80, False), (120, True)])
async def test_side_panel_follows_the_width_and_toggles(
    make_app: Callable[..., AssistantApp], width: int, shown: bool
) -> None:
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        panel = app.query_one("#side")
        assert panel.display is shown
        await press(pilot, "3")
        if not shown:
            assert not app.query("#side-facts")  # built the first time it is shown
            await press(pilot, "f2")
        # Shown (from the start, or built now): it holds the walk so far.
        # Each fact with the answer that set it, in the officer's words.
        facts = str(app.query_one("#side-facts", Static).render())
        assert "juvenile: no (“18 or over (an adult)”)" in facts
        await press(pilot, "f2")
        assert panel.display is False


async def test_side_panel_shows_authorisations_so_far(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Released under investigation (a Sergeant), then a hate crime (an Inspector or above).
        hate_crime = ("18", "Yes", "Only bailed", "Another", "Yes", "None of these", "Yes")
        await press(pilot, *label_keys(KENT, (*hate_crime, "Yes, the victim supports")))
        text = str(app.query_one("#side-authorisations", Static).render())
        # One line per person, to do: the Inspector also gives the Sergeant's authorisation,
        # said in the result's words.
        assert text.startswith("☐ Inspector: ") and "released under investigation" in text
        assert "; Also covers the Sergeant's authorisation: The offender is bailed" in text
        assert "Sergeant:" not in text and "\n" not in text and "✔" not in text


async def test_trainer_view_shows_node_ids_and_path(make_app: Callable[..., AssistantApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "node:" not in str(app.query_one(".question-text").render())
        await press(pilot, "3", "f3")
        assert "node: evidence" in str(app.query_one(".question.current .question-text").render())
        assert "age → evidence" in str(app.query_one("#side-path", Static).render())


async def test_several_trees_open_a_chooser_and_remember_the_choice(
    make_app: Callable[..., AssistantApp],
) -> None:
    from assistant.preferences import last_tree

    app = make_app(tree_id=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session is None
        await press(pilot, "1")
        assert app.main.decision_tree is not None and app.main.decision_tree.id == "kent-o32g"
        assert last_tree() == "kent-o32g"
        assert app.query(".question.current")
        app.switch_tree("suffolk-tiers")
        await pilot.pause()
        await pilot.pause()
        assert app.main.decision_tree.id == "suffolk-tiers" and "Suffolk" in app.main.sub_title
        assert last_tree() == "suffolk-tiers"


async def test_theme_toggle_and_matrix_key(make_app: Callable[..., AssistantApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = app.theme
        await press(pilot, "f4")
        assert app.theme != before
        await press(pilot, "f5")
        assert type(app.screen).__name__ == "MatrixScreen"


async def test_a_broken_contacts_file_is_a_notification_and_the_app_runs_on(
    make_app: Callable[..., AssistantApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "contacts.toml"
    broken.write_text("[roles.sergeant]\nname = 1234\n", encoding="utf-8")
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(broken))
    app = make_app(contacts=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        assert app.query("#result")
        messages = [notification.message for notification in app._notifications]
        assert any("contacts.toml" in message for message in messages)


async def test_an_info_step_is_shown_and_acknowledged_with_a_number(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app(tree_id="suffolk-tiers")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session is not None and app.session.current.kind == "info"
        assert "1. Continue" in str(
            app.query_one(".question.current AnswerOptions").get_option_at_index(0).prompt
        )
        await press(pilot, "1", "1")
        assert app.query("#result") and "Suffolk" in app.main.sub_title


def test_the_command_palette_offers_the_assistants_commands() -> None:
    from assistant.tui.palette import AssistantCommands

    # Providers may be given as callables that import them when the palette first opens.
    providers = [item if isinstance(item, type) else item() for item in AssistantApp.COMMANDS]
    assert AssistantCommands in providers


async def test_clicking_an_answer_chooses_it(make_app: Callable[..., AssistantApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click(".question.current AnswerOptions", offset=(4, 2))
        await pilot.pause()
        assert app.session is not None
        assert [step.answer.label for step in app.session.steps] == ["18 or over (an adult)"]


def test_an_unknown_tree_is_a_one_line_error_before_the_screen_opens() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "assistant", "run", "--tree", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "unknown tree 'nope'" in result.stderr


async def test_back_from_the_result_reopens_the_last_question(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        await type_line(pilot, "back")
        assert not app.query("#result")
        assert app.session is not None and app.session.current.id == "delivery"
        assert len(app.query(".question.current")) == 1
        await press(pilot, "2")  # deferred this time
        assert app.query("#result")
        assert "Deferred" in app.session.recommendation().path[-1].answer


async def test_training_briefing_hidden_paragraphs_comparison_and_score(
    make_app: Callable[..., AssistantApp], tmp_path: Path
) -> None:
    from assistant.scenarios import ScenarioLibrary
    from assistant.training import TrainingRun

    app = make_app(train=["01-shop-theft-first-offence"])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "BriefingScreen"
        # Keys that change the walk do nothing while the briefing hides it.
        before = text_of(app, NoteMessage)
        await pilot.press("ctrl+r", "ctrl+b", "ctrl+s")
        assert type(app.screen).__name__ == "BriefingScreen"
        assert text_of(app, NoteMessage) == before
        await pilot.click("#skip")
        await pilot.pause()
        current = app.query_one(".question.current", QuestionMessage)
        assert not current.query(".citation")  # the paragraph is not shown before the answer
        await type_line(pilot, "why")
        assert "once you have answered" in text_of(app, NoteMessage)
        library = ScenarioLibrary(app.catalogue)
        scenario = library.find("01-shop-theft-first-offence", "kent-o32g")
        model = TrainingRun(scenario, library.tree(scenario.tree_id)).session
        for question, label in scenario.labels:
            assert model.current.id == question
            await type_line(pilot, label)
            model.answer(label)
        assert "§ Paragraph:" in text_of(app, ".revealed")
        assert type(app.screen).__name__ == "ComparisonScreen"
        sitting = app.main.sitting_flow.sitting
        assert sitting is not None and sitting.results and sitting.results[0].correct
        await pilot.click("#next")
        await pilot.pause()
        assert type(app.screen).__name__ == "SittingScreen"
        # A training walk is not a case: nothing is saved for resumption.
        assert not list((tmp_path / "data").rglob("*.json"))


async def test_the_footer_lists_the_keys_once_the_screen_is_up(
    make_app: Callable[..., AssistantApp],
) -> None:
    # The title bar and footer are mounted a frame after the first question.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = app.query_one(Footer)
        shown = {getattr(key, "description", None) for key in footer.children}
        assert {"Back", "Restart", "Export", "Panel", "Matrix", "Help"} <= shown
        assert app.query_one(Header).region.y == 0 and footer.region.y == 23


async def test_the_answers_do_not_move_when_the_title_bar_and_footer_arrive(
    make_app: Callable[..., AssistantApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A click or tap on the first frame lands on the answer the officer saw there: the rows
    of the title bar and footer are kept before they are mounted (found in the browser, where
    a quick tap on "10 to 17" chose "Under 10")."""
    from assistant.tui.screens.main import MainScreen

    def answer_rows(app: AssistantApp) -> list[tuple[str, object]]:
        question = app.main.query_one(".question.current")
        return [(type(w).__name__, w.region) for w in (question, *question.walk_children())]

    async def first_frame_and_settled(chrome: bool) -> tuple[list[tuple[str, object]], int]:
        with monkeypatch.context() as patch:
            if not chrome:  # the first frame, held: the chrome never arrives
                patch.setattr(MainScreen, "_mount_chrome", lambda self: None)
            app = make_app()
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await pilot.pause()
                assert bool(app.query(Header)) is chrome
                return answer_rows(app), app.main.query_one("#chat").region.y

    before, chat_before = await first_frame_and_settled(chrome=False)
    after, chat_after = await first_frame_and_settled(chrome=True)
    assert before and before == after
    assert chat_before == chat_after


async def test_the_walks_keys_do_nothing_while_another_screen_is_on_top(
    make_app: Callable[..., AssistantApp],
) -> None:
    # The keys are the chat screen's own: the matrix (F5) or the help (F1) over it takes them.
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "3")
        assert app.session is not None and len(app.session.steps) == 1
        for opener in ("f5", "f1"):
            await pilot.press(opener)
            await pilot.pause()
            above = app.screen
            assert above is not app.main
            await pilot.press("ctrl+b", "ctrl+r", "1", "2", "ctrl+s")
            await pilot.pause()
            assert app.screen is above and len(app.session.steps) == 1
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.main
        await press(pilot, "ctrl+b")
        assert app.session.steps == []
