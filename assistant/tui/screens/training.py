"""Training mode screens: the briefing with a prediction, the comparison, the sitting's score.

Everything judged here (what is correct, which answers differ, the deciding paragraph, the score,
the report) comes from :mod:`assistant.training`; these screens only lay it out. The walk itself,
with the paragraphs hidden until each answer is given, is the app's chat.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    Markdown,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from assistant.corpus import Corpus
from assistant.engine import Tree
from assistant.errors import InputError
from assistant.scenarios import Scenario
from assistant.training import (
    Prediction,
    Sitting,
    TrainingResult,
    deciding_paragraph,
    model_walk,
    prediction_choices,
    prediction_text,
)
from assistant.training_report import TRAINEE_LIMIT, checked_trainee, report_text
from assistant.tui.delivery import Delivery, DiskFiles
from assistant.tui.screens.confirm import ConfirmLeave
from assistant.tui.textual_fixes import closing
from assistant.tui.widgets.marked import MARK

_NOBODY = ""  # the SelectionList value for "nobody needs to authorise"
_NOBODY_WORDS = "Nobody needs to authorise it"


def _ticked(name: str, ticked: bool, under_cursor: bool = False) -> Content:
    # The tick, and the row under the cursor, each by a mark as well as by colour.
    cursor = MARK if under_cursor else " " * len(MARK)
    return Content(f"{cursor}{'[x]' if ticked else '[ ]'} {name}")


class MarkedRadioButton(RadioButton):
    """A radio button whose mark says whether it is chosen (● or ○), not its colour alone."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual's name for the mark
        return "●" if self.value else "○"

    def render(self) -> Content:
        # The row under the cursor (what Enter or Space chooses), by a symbol as well as colour.
        return Content(MARK if self.has_class("-selected") else " " * len(MARK)) + super().render()


# Scoped: Textual prefixes each rule with the screen's own class name.
_TRAINING_CSS = """
VerticalScroll { padding: 0 2; }
.heading { text-style: bold; margin-top: 1; }
.problem { color: $error; text-style: bold; }
HorizontalGroup { height: auto; margin-top: 1; }
HorizontalGroup Button { margin-left: 2; }
RadioSet, SelectionList { height: auto; max-height: 12; width: 100%; }
/* The row under the cursor, by a style as well as colour (NO_COLOR, a Linux console). */
SelectionList > .option-list--option-highlighted { text-style: bold underline; }
DataTable { height: auto; max-height: 16; }
#path { width: 1fr; }
#trainee { width: 1fr; }
"""


def _names(tree: Tree, roles: frozenset[str]) -> str:
    names = [role.name for role in tree.roles_by_rank() if role.id in roles]
    return ", ".join(names) if names else "nobody"


class BriefingScreen(Screen[Prediction | None]):
    """The scenario's narrative and an optional prediction of the disposal and authorisers.

    Dismisses with the Prediction ("Start" with the form as filled in, a part left blank is not
    predicted; "Skip the prediction" gives an empty Prediction), or None when the trainee leaves
    with Escape.
    """

    DEFAULT_CSS = _TRAINING_CSS

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", "Leave training")]

    def __init__(
        self,
        scenario: Scenario,
        tree: Tree,
        heading: str | None = None,
        sitting: Sitting | None = None,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.scenario_tree = tree
        self.choices = prediction_choices(tree)
        self.heading = heading or scenario.title
        # The sitting whose trainee is still to be named (asked once, on the first briefing).
        self.unnamed = sitting if sitting is not None and not sitting.trainee else None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.heading, markup=False, classes="heading", id="title")
            yield Static(self.scenario.narrative, markup=False, id="narrative")
            if self.unnamed is not None:
                with HorizontalGroup(id="trainee-row"):
                    yield Label("Your name, for the report (optional): ")
                    yield Input(
                        placeholder="type it here, or leave it blank",
                        id="trainee",
                        max_length=TRAINEE_LIMIT,
                        compact=True,
                    )
            yield Static(
                "Predict the outcome (optional); each question's paragraph is shown once you "
                "answer it.",
                classes="heading",
            )
            yield Label("Disposal:")
            with RadioSet(id="disposal"):
                for disposal in self.choices.disposals:
                    yield MarkedRadioButton(Content(disposal.label))
            yield Label("Who must authorise it? Tick each role, or Nobody:")
            yield SelectionList[str](
                *(Selection(_ticked(role.name, False), role.id) for role in self.choices.roles),
                Selection(_ticked(_NOBODY_WORDS, False), _NOBODY),
                id="authorisers",
            )
            # The radio and tick marks differ by colour alone; this line says the choice in words.
            yield Static(self.prediction_words(), markup=False, id="chosen")
            yield Static("", classes="problem", id="problem")
            with HorizontalGroup():
                yield Button("Start with this prediction", variant="primary", id="start")
                yield Button("Skip the prediction", id="skip")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#trainee" if self.unnamed else "#disposal").focus()

    def prediction_words(self) -> str:
        """The prediction as filled in so far, in words."""
        if not self.is_mounted:
            return "Your prediction: nothing chosen yet."
        pressed = self.query_one("#disposal", RadioSet).pressed_index
        disposal = self.choices.disposals[pressed].label if pressed >= 0 else "not predicted"
        ticked = set(self.query_one("#authorisers", SelectionList).selected)
        names = [role.name for role in self.choices.roles if role.id in ticked]
        if _NOBODY in ticked:
            names.append("nobody")
        return f"Your prediction: {disposal}; authorised by: {', '.join(names) or 'not predicted'}."

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.query_one("#chosen", Static).update(self.prediction_words())

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        self._mark_roles()
        self.query_one("#chosen", Static).update(self.prediction_words())

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted[str]
    ) -> None:
        self._mark_roles()

    def _mark_roles(self) -> None:
        # Each tick said by a mark as well as by colour (NO_COLOR, a monochrome projector).
        roles = self.query_one("#authorisers", SelectionList)
        ticked = set(roles.selected)
        names = [role.name for role in self.choices.roles] + [_NOBODY_WORDS]
        values = [role.id for role in self.choices.roles] + [_NOBODY]
        for index, (name, value) in enumerate(zip(names, values, strict=True)):
            under_cursor = index == roles.highlighted
            roles.replace_option_prompt_at_index(
                index, _ticked(name, value in ticked, under_cursor)
            )
        roles.refresh()

    def prediction(self) -> Prediction | None:
        """The form as a Prediction; None (with the reason shown) when it contradicts itself."""
        pressed = self.query_one("#disposal", RadioSet).pressed_index
        disposal = self.choices.disposals[pressed].id if pressed >= 0 else None
        ticked = set(self.query_one("#authorisers", SelectionList).selected)
        authorisers: frozenset[str] | None = None
        if _NOBODY in ticked and len(ticked) > 1:
            self.query_one("#problem", Static).update(
                "Tick either Nobody or the roles that must authorise, not both."
            )
            return None
        if ticked:
            authorisers = frozenset(ticked - {_NOBODY})
        return Prediction(disposal, authorisers)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self._named():
            return
        if event.button.id == "skip":
            self.dismiss(Prediction())
        elif (prediction := self.prediction()) is not None:
            self.dismiss(prediction)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#disposal", RadioSet).focus()

    def _named(self) -> bool:
        """Put the name typed on the sitting; False (with the reason shown) if it will not do."""
        if self.unnamed is None:
            return True
        try:
            self.unnamed.trainee = checked_trainee(self.query_one("#trainee", Input).value)
        except InputError as error:
            self.query_one("#problem", Static).update(f"Your name: {error}")
            return False
        return True

    def action_leave(self) -> None:
        self.dismiss(None)


def comparison_markdown(result: TrainingResult, corpus: Corpus) -> str:
    """The comparison in words: the verdict, then each answer that differed and its paragraph."""
    tree, expected = result.tree, result.scenario.expected
    verdict = "Correct" if result.correct else "Not correct"
    model_disposal = tree.disposals[expected.disposal].label
    lines = [
        f"# {verdict}: {result.scenario.title_after}",
        "",
        f"- **Disposal: {'correct' if result.disposal_ok else 'not correct'}.** "
        f"You reached: {result.trainee.disposal.label}"
        + ("" if result.disposal_ok else f"; the model: {model_disposal}"),
        f"- **Authorisers: {'correct' if result.authorisers_ok else 'not correct'}.** "
        f"You: {_names(tree, result.trainee_roles)}"
        + ("" if result.authorisers_ok else f"; the model: {_names(tree, result.expected_roles)}"),
        f"- **Your prediction:** {prediction_text(result)}",
        f"- **Answers:** {result.agreed} of {result.model_questions} agree with the model.",
    ]
    changed = [item for item in result.differing if item.model and item.trainee]
    unasked = [item for item in result.differing if item.trainee is None]
    extra = [item for item in result.differing if item.model is None]
    if changed:
        lines += ["", "## Answers that differed"]
    for item in changed:
        first = corpus.resolve(item.cite[0])
        lines += [
            "",
            f"### {item.question}",
            "",
            f"- You answered: **{item.trainee}**; the model answers: **{item.model}**",
        ]
        if item.why:
            lines.append(f"- Why: {item.why}")
        lines += [f"- Decided by: {deciding_paragraph(corpus, item.cite)}", ""]
        lines += [f"> {line}" if line else ">" for line in first.markdown.splitlines()]
    if unasked:
        lines += ["", "## The model path also asks (an earlier answer took you elsewhere)", ""]
        for item in unasked:
            why = f" ({item.why})" if item.why else ""
            lines.append(f"- {item.question} -> {item.model}{why} [{'; '.join(item.cite)}]")
    if extra:
        lines += ["", "## You were asked, off the model path", ""]
        for item in extra:
            lines.append(f"- {item.question} -> {item.trainee} [{'; '.join(item.cite)}]")
    lines += ["", "## The model's whole walk", ""]
    for number, (question, model, yours) in enumerate(model_walk(result), start=1):
        mark = "✔" if yours == "same" else "✘"
        lines.append(f"{number}. {question} **{model}** ({mark} {yours})")
    if result.scenario.notes:
        lines += ["", "## Teaching notes", ""]
        lines += [f"- {note.text} [{'; '.join(note.cite)}]" for note in result.scenario.notes]
    return "\n".join(lines)


class ComparisonScreen(Screen[bool]):
    """The trainee's path and prediction against the model answers.

    Dismisses with True to go on to the next scenario (Next, Enter or Escape), False to end the
    sitting now (Stop).
    """

    DEFAULT_CSS = _TRAINING_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "next", "Next scenario"),
        Binding("s", "stop", "Stop the sitting"),
        Binding("f5", "matrix", "Matrix"),
    ]

    def __init__(self, result: TrainingResult, corpus: Corpus) -> None:
        super().__init__()
        self.result = result
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(comparison_markdown(self.result, self.corpus), id="comparison")
            with HorizontalGroup():
                yield Button("Next", variant="primary", id="next")
                yield Button("Stop the sitting", id="stop")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#next", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "next")

    def action_next(self) -> None:
        self.dismiss(True)

    def action_stop(self) -> None:
        self.dismiss(False)

    def action_matrix(self) -> None:
        """The matrix, withheld during the walk, once the answer is known."""
        from assistant.tui.screens.matrix import MatrixScreen

        self.app.push_screen(MatrixScreen(self.result.tree))


class SittingScreen(Screen[Path | None]):
    """The sitting's score, each scenario's result, and an export of the Markdown report.

    The report is written atomically, readable by its owner only, and an existing file is
    replaced only after the trainee presses Overwrite. Dismisses (Escape) with the path written,
    or None if nothing was written; leaving with results unsaved asks first.
    """

    DEFAULT_CSS = _TRAINING_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "export", "Export the report"),
    ]

    def __init__(
        self,
        sitting: Sitting,
        corpus: Corpus,
        path: Path | None = None,
        delivery: Delivery | None = None,
    ) -> None:
        super().__init__()
        # Where the report goes: the disk, or the browser when served (assistant/tui/delivery.py).
        self.delivery = delivery or DiskFiles()
        self.sitting = sitting
        self.corpus = corpus
        self.path = path or Path(f"cr-training-{sitting.started:%Y-%m-%d-%H%M}.md")
        self.written: Path | None = None
        self._confirming: Path | None = None  # an existing file the trainee may overwrite

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            trainee = self.sitting.trainee or "not named"
            yield Label(Content(f"Score for the sitting (trainee: {trainee})"), classes="heading")
            yield DataTable(id="score", cursor_type="row", zebra_stripes=True)
            yield Label("Scenarios", classes="heading")
            yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
            yield Label("Export the report (Markdown) to:", classes="heading")
            with HorizontalGroup():
                yield Input(self.delivery.start_path(self.path.parent, self.path.name), id="path")
                yield Button("Export", variant="primary", id="export")
                yield Button("Overwrite", variant="warning", id="overwrite")
            yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        if closing(self):
            return
        score = self.query_one("#score", DataTable)
        score.add_columns("Measure", "Score")
        score.add_rows([(Text(m), Text(v)) for m, v in self.sitting.summary().rows()])
        scenarios = self.query_one("#scenarios", DataTable)
        scenarios.add_columns("#", "Scenario", "Result", "Answers agreeing")
        for number, scenario in enumerate(self.sitting.scenarios, start=1):
            if number <= len(self.sitting.results):
                result = self.sitting.results[number - 1]
                verdict = "Correct" if result.correct else "Not correct"
                agreed = f"{result.agreed} of {result.model_questions}"
            else:
                verdict, agreed = "Not taken", ""
            title = scenario.title_after if number <= len(self.sitting.results) else scenario.title
            scenarios.add_row(str(number), Text(title), verdict, agreed)
        self.query_one("#overwrite", Button).display = False

    def _status(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "problem")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._confirming = None
        self.query_one("#overwrite", Button).display = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "overwrite" and self._confirming is not None:
            self._write(self._confirming, overwrite=True)
        else:
            self.action_export()

    def action_export(self) -> None:
        if not self.sitting.results:
            self._status("No scenario was completed, so there is no report to export.", True)
            return
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self._status("Give a file name for the report.", True)
            return
        path = self.delivery.target(text)
        if self.delivery.exists(path):
            self._confirming = path
            self.query_one("#overwrite", Button).display = True
            self._status(
                f"{path} already exists: press Overwrite to replace it, or change the name."
            )
            return
        self._write(path, overwrite=False)

    def _write(self, path: Path, overwrite: bool) -> None:
        report = report_text(self.sitting, self.corpus)
        try:
            where = self.delivery.save(self.app, path, report, overwrite=overwrite)
        except InputError as error:
            self._status(error.problems[0], True)
            return
        self.written = path
        self._confirming = None
        self.query_one("#overwrite", Button).display = False
        self._status(f"Report {where}")

    def action_close(self) -> None:
        if self.written is not None or not self.sitting.results:
            self.dismiss(self.written)
            return
        self.app.push_screen(
            ConfirmLeave(
                "The sitting's report has not been saved: leaving now loses the results.",
                "Leave without saving",
                "Stay and export",
            ),
            self._leave_confirmed,
        )

    def _leave_confirmed(self, leave: bool | None) -> None:
        if leave:
            self.dismiss(None)
        else:
            self.query_one("#path", Input).focus()
