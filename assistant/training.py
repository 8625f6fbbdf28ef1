"""Training on scenarios, with no user interface: prediction, comparison, scoring and the report.

A trainee reads a scenario's narrative, may predict the disposal and who must authorise it, then
walks the tree with the paragraphs hidden until each answer is given. At the end their path and
prediction are compared with the model answers and the expectation written from the SOP. The
plain-text mode (``ask --train``) and the TUI only display what this module works out, in the
words it produces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.corpus import Corpus
from assistant.engine import Recommendation, Session, Tree
from assistant.engine.model import Disposal, Role
from assistant.engine.session import whole_number
from assistant.errors import InputError
from assistant.markdown_text import escape_markdown
from assistant.scenarios import Scenario, ScenarioLibrary, replay
from assistant.scenarios.output import failure_lines


class PredictionError(ValueError):
    """A prediction that names no offered choice; the message says what to type."""


@dataclass(frozen=True)
class PredictionChoices:
    """What a trainee may predict: a disposal, and any set of the authorising roles."""

    disposals: tuple[Disposal, ...]
    roles: tuple[Role, ...]  # highest rank first

    def disposal(self, text: str) -> str | None:
        """A 1-based number; blank skips the prediction (None)."""
        reply = text.strip()
        if not reply:
            return None
        number = whole_number(reply)
        if number is not None and 1 <= number <= len(self.disposals):
            return self.disposals[number - 1].id
        raise PredictionError(f"choose a number from 1 to {len(self.disposals)}, or leave it blank")

    def authorisers(self, text: str) -> frozenset[str] | None:
        """Numbers separated by commas or spaces, 0 for nobody; blank skips (None)."""
        reply = text.replace(",", " ").split()
        if not reply:
            return None
        if reply == ["0"]:
            return frozenset()
        chosen = set()
        for item in reply:
            number = whole_number(item)
            if number is None or not 1 <= number <= len(self.roles):
                raise PredictionError(
                    f"'{item[:40]}' is not a choice: give numbers from 1 to {len(self.roles)} "
                    "separated by commas, 0 for nobody, or leave it blank"
                )
            chosen.add(self.roles[number - 1].id)
        return frozenset(chosen)


def prediction_choices(tree: Tree) -> PredictionChoices:
    roles = tuple(role for role in tree.roles_by_rank() if role.authorises)
    return PredictionChoices(tuple(tree.disposals.values()), roles)


@dataclass(frozen=True)
class Prediction:
    """None means the trainee skipped that part of the prediction."""

    disposal: str | None = None
    authorisers: frozenset[str] | None = None

    @property
    def made(self) -> bool:
        return self.disposal is not None or self.authorisers is not None


@dataclass(frozen=True)
class AnswerComparison:
    """One question on the model's path or the trainee's, and the paragraphs that decide it."""

    question_id: str
    question: str
    model: str | None  # None: the model path does not ask this question
    trainee: str | None  # None: the trainee was not asked it (an earlier answer differed)
    cite: tuple[str, ...]
    why: str = ""  # what the model answer decides, in the tree's words

    @property
    def agrees(self) -> bool:
        return self.model == self.trainee


@dataclass(frozen=True)
class TrainingResult:
    scenario: Scenario
    tree: Tree
    prediction: Prediction
    trainee: Recommendation
    model: Recommendation
    answers: tuple[AnswerComparison, ...]

    @property
    def expected_roles(self) -> frozenset[str]:
        return self.scenario.expected.authoriser_set

    @property
    def trainee_roles(self) -> frozenset[str]:
        return frozenset(role.id for role in self.trainee.contact_roles)

    @property
    def disposal_ok(self) -> bool:
        return self.trainee.disposal.id == self.scenario.expected.disposal

    @property
    def authorisers_ok(self) -> bool:
        return self.trainee_roles == self.expected_roles

    @property
    def correct(self) -> bool:
        return self.disposal_ok and self.authorisers_ok

    @property
    def differing(self) -> tuple[AnswerComparison, ...]:
        return tuple(item for item in self.answers if not item.agrees)

    @property
    def model_questions(self) -> int:
        return sum(1 for item in self.answers if item.model is not None)

    @property
    def agreed(self) -> int:
        return sum(1 for item in self.answers if item.model is not None and item.agrees)

    @property
    def prediction_disposal_ok(self) -> bool | None:
        if self.prediction.disposal is None:
            return None
        return self.prediction.disposal == self.scenario.expected.disposal

    @property
    def prediction_authorisers_ok(self) -> bool | None:
        if self.prediction.authorisers is None:
            return None
        return self.prediction.authorisers == self.expected_roles


def compare_training(
    scenario: Scenario, tree: Tree, trainee: Recommendation, prediction: Prediction
) -> TrainingResult:
    """Compare a trainee's finished walk (and prediction) with the scenario's model answers."""
    model = replay(scenario, tree)
    given = {step.question_id: step.answer for step in trainee.path}
    asked = {step.question_id for step in model.path}
    answers = [
        AnswerComparison(
            step.question_id,
            step.question,
            step.answer,
            given.get(step.question_id),
            tree.nodes[step.question_id].cite,
            step.explain,
        )
        for step in model.path
    ]
    answers += [
        AnswerComparison(step.question_id, step.question, None, step.answer, step.cite)
        for step in trainee.path
        if step.question_id not in asked
    ]
    return TrainingResult(scenario, tree, prediction, trainee, model, tuple(answers))


@dataclass(frozen=True)
class TrainingSet:
    """The scenarios a sitting may use, and one line for each left out."""

    scenarios: tuple[Scenario, ...]
    refused: tuple[str, ...]


def trainable(scenarios: Sequence[Scenario], library: ScenarioLibrary) -> TrainingSet:
    """Leave out every scenario that fails ``cr-assistant scenarios run``: its model answers do
    not lead where its expectation says, so a trainee who gives them would be marked wrong.

    InputError (one line per scenario) when none is left to train on."""
    kept: list[Scenario] = []
    refused: list[str] = []
    for scenario in scenarios:
        if scenario.has_placeholders:
            refused.append(
                f"scenario '{scenario.id}' ({scenario.path}) is left out of training: its title "
                "or narrative is still marked TODO; write it up first"
            )
            continue
        result = library.check(scenario)
        if result.passed:
            kept.append(scenario)
            continue
        refused.append(
            f"scenario '{scenario.id}' ({scenario.path}) is left out of training: it fails "
            f"'cr-assistant scenarios run' ({failure_lines(result)[0]}); fix the scenario "
            "or the tree"
        )
    if not kept:
        raise InputError(refused[0], refused)
    return TrainingSet(tuple(kept), tuple(refused))


class TrainingRun:
    """One scenario in progress: the trainee's session and their prediction."""

    def __init__(self, scenario: Scenario, tree: Tree) -> None:
        self.scenario = scenario
        self.tree = tree
        self.session = Session(tree)
        self.prediction = Prediction()
        self.choices = prediction_choices(tree)

    def predict(self, disposal: str | None, authorisers: frozenset[str] | None) -> None:
        self.prediction = Prediction(disposal, authorisers)

    @property
    def finished(self) -> bool:
        return self.session.finished

    def result(self) -> TrainingResult:
        return compare_training(
            self.scenario, self.tree, self.session.recommendation(), self.prediction
        )


@dataclass(frozen=True)
class SittingSummary:
    scenarios: int
    completed: int
    correct: int
    disposal_correct: int
    authorisers_correct: int
    answers_agreed: int
    answers_total: int
    disposal_predicted: int
    disposal_predicted_correct: int
    authorisers_predicted: int
    authorisers_predicted_correct: int

    def rows(self) -> list[tuple[str, str]]:
        """(measure, score) pairs, in the order a trainer reads them."""
        done = self.completed
        return [
            ("Scenarios completed", f"{done} of {self.scenarios}"),
            ("Correct result (disposal and exact authorisers)", _ratio(self.correct, done)),
            ("Disposal correct", _ratio(self.disposal_correct, done)),
            ("Authorisers correct", _ratio(self.authorisers_correct, done)),
            ("Answers agreeing with the model", _ratio(self.answers_agreed, self.answers_total)),
            (
                "Predicted disposal correct",
                _ratio(self.disposal_predicted_correct, self.disposal_predicted, " predicted"),
            ),
            (
                "Predicted authorisers correct",
                _ratio(
                    self.authorisers_predicted_correct, self.authorisers_predicted, " predicted"
                ),
            ),
        ]


def _ratio(part: int, whole: int, suffix: str = "") -> str:
    if not whole:
        return "none" if suffix else "0 of 0"
    return f"{part} of {whole}{suffix} ({round(100 * part / whole)}%)"


@dataclass
class Sitting:
    """Several scenarios taken in order; results are kept as each one is finished."""

    scenarios: Sequence[Scenario]
    results: list[TrainingResult] = field(default_factory=list)
    started: dt.datetime = field(default_factory=dt.datetime.now)
    trainee: str = ""  # checked with checked_trainee; empty when not given

    def record(self, result: TrainingResult) -> None:
        self.results.append(result)

    @property
    def complete(self) -> bool:
        return len(self.results) == len(self.scenarios)

    def summary(self) -> SittingSummary:
        results = self.results
        predicted_d = [r.prediction_disposal_ok for r in results if r.prediction.disposal]
        predicted_a = [
            r.prediction_authorisers_ok for r in results if r.prediction.authorisers is not None
        ]
        return SittingSummary(
            scenarios=len(self.scenarios),
            completed=len(results),
            correct=sum(r.correct for r in results),
            disposal_correct=sum(r.disposal_ok for r in results),
            authorisers_correct=sum(r.authorisers_ok for r in results),
            answers_agreed=sum(r.agreed for r in results),
            answers_total=sum(r.model_questions for r in results),
            disposal_predicted=len(predicted_d),
            disposal_predicted_correct=sum(bool(ok) for ok in predicted_d),
            authorisers_predicted=len(predicted_a),
            authorisers_predicted_correct=sum(bool(ok) for ok in predicted_a),
        )


# -- words, shared by every interface ------------------------------------------------------------


def _role_names(tree: Tree, roles: frozenset[str]) -> str:
    names = [role.name for role in tree.roles_by_rank() if role.id in roles]
    return ", ".join(names) if names else "nobody"


def deciding_paragraph(corpus: Corpus, cites: tuple[str, ...]) -> str:
    """The question's first paragraph with its gist, then any others by citation."""
    first = corpus.resolve(cites[0])
    others = ", ".join(corpus.resolve(c).citation for c in cites[1:])
    return f"[{first.citation}] {first.summary}" + (f" (see also {others})" if others else "")


def revealed_paragraphs(corpus: Corpus, cites: tuple[str, ...]) -> list[str]:
    """The paragraphs behind a question, shown once the trainee has answered it."""
    return [f"[{corpus.resolve(c).citation}] {corpus.resolve(c).summary}" for c in cites]


def _mark(ok: bool | None) -> str:
    return {True: "correct", False: "not correct", None: "not predicted"}[ok]


def prediction_text(result: TrainingResult) -> str:
    prediction, tree = result.prediction, result.tree
    parts = []
    if prediction.disposal is not None:
        label = tree.disposals[prediction.disposal].label
        parts.append(f"disposal {_mark(result.prediction_disposal_ok)} ({label})")
    if prediction.authorisers is not None:
        names = _role_names(tree, prediction.authorisers)
        parts.append(f"authorisers {_mark(result.prediction_authorisers_ok)} ({names})")
    return "; ".join(parts) if parts else "none made"


def model_walk(result: TrainingResult) -> list[tuple[str, str, str]]:
    """The model's whole walk, question by question: (question, model answer, what the trainee
    did: "same", "you: ANSWER" or "not asked of you")."""
    rows = []
    for item in result.answers:
        if item.model is None:
            continue
        if item.agrees:
            yours = "same"
        elif item.trainee is None:
            yours = "not asked of you"
        else:
            yours = f"you: {item.trainee}"
        rows.append((item.question, item.model, yours))
    return rows


def result_lines(result: TrainingResult, corpus: Corpus) -> list[str]:
    """The comparison at the end of a scenario, as plain-text lines (unwrapped)."""
    tree, expected = result.tree, result.scenario.expected
    model_label = tree.disposals[expected.disposal].label
    lines = [
        f"Comparison with the model answer: {result.scenario.title_after} ({result.scenario.id})",
        f"  Disposal: {_mark(result.disposal_ok)}. You reached: {result.trainee.disposal.label}"
        + ("" if result.disposal_ok else f"; the model: {model_label}"),
        f"  Authorisers: {_mark(result.authorisers_ok)}. "
        f"You: {_role_names(tree, result.trainee_roles)}"
        + (
            ""
            if result.authorisers_ok
            else f"; the model: {_role_names(tree, expected.authoriser_set)}"
        ),
    ]
    lines.append(f"  Your prediction: {prediction_text(result)}")
    lines.append(f"  Answers: {result.agreed} of {result.model_questions} agree with the model.")
    changed = [item for item in result.differing if item.model and item.trainee]
    unasked = [item for item in result.differing if item.trainee is None]
    extra = [item for item in result.differing if item.model is None]
    for item in changed:
        lines.append(f"  - {item.question}")
        lines.append(f"      You answered: {item.trainee}; the model answers: {item.model}")
        if item.why:
            lines.append(f"      Why: {item.why}")
        lines.append(f"      Decided by: {deciding_paragraph(corpus, item.cite)}")
    if unasked:
        lines.append("  The model path also asks (an earlier answer took you elsewhere):")
        for item in unasked:
            why = f" ({item.why})" if item.why else ""
            lines.append(f"  - {item.question} -> {item.model}{why}  [{'; '.join(item.cite)}]")
    if extra:
        lines.append("  You were asked, off the model path:")
        for item in extra:
            lines.append(f"  - {item.question} -> {item.trainee}  [{'; '.join(item.cite)}]")
    lines.append("  The model's whole walk:")
    for number, (question, model, yours) in enumerate(model_walk(result), start=1):
        lines.append(f"  {number}. {question} -> {model} ({yours})")
    if result.scenario.notes:
        lines.append("  Teaching notes:")
        for note in result.scenario.notes:
            lines.append(f"  - {note.text}  [{'; '.join(note.cite)}]")
    return lines


def summary_lines(summary: SittingSummary) -> list[str]:
    lines = ["Score for the sitting:"]
    lines += [f"  {measure}: {score}" for measure, score in summary.rows()]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def sitting_markdown(sitting: Sitting, corpus: Corpus, today: dt.date | None = None) -> str:
    """The sitting's report for a course's records: the score, then each scenario in turn."""
    today = today or dt.date.today()
    summary = sitting.summary()
    trees = sorted({result.tree.id for result in sitting.results})
    out = [
        "# Community Resolution training: sitting report",
        "",
        f"- Trainee: {escape_markdown(sitting.trainee) if sitting.trainee else 'not named'}",
        f"- Date: {today:%d %B %Y}, started {sitting.started:%H:%M}",
        f"- Trees: {', '.join(trees) if trees else 'none'}",
        f"- Scenarios: {', '.join(s.id for s in sitting.scenarios)}",
        "",
        "## Score",
        "",
        "| Measure | Score |",
        "|---|---|",
    ]
    out += [f"| {measure} | {score} |" for measure, score in summary.rows()]
    for number, result in enumerate(sitting.results, start=1):
        tree, expected = result.tree, result.scenario.expected
        out += [
            "",
            f"## {number}. {escape_markdown(result.scenario.title_after)} ({result.scenario.id})",
            "",
            f"**{'Correct' if result.correct else 'Not correct'}.**",
            "",
            f"- Your result: {result.trainee.disposal.label}; authorisers: "
            f"{_role_names(tree, result.trainee_roles)}",
            f"- The model: {tree.disposals[expected.disposal].label}; authorisers: "
            f"{_role_names(tree, expected.authoriser_set)}",
        ]
        out.append(f"- Your prediction: {prediction_text(result)}")
        out.append(
            f"- Answers agreeing with the model: {result.agreed} of {result.model_questions}"
        )
        if result.differing:
            out += [
                "",
                "| Question | Your answer | Model answer | Deciding paragraph |",
                "|---|---|---|---|",
            ]
            out += [
                f"| {_cell(item.question)} | {_cell(item.trainee or '(not asked)')} | "
                f"{_cell(item.model or '(not asked)')} | {'; '.join(item.cite)} |"
                for item in result.differing
            ]
        if result.scenario.notes:
            out += ["", "Teaching notes:", ""]
            out += [f"- {note.text} ({'; '.join(note.cite)})" for note in result.scenario.notes]
    out.append("")
    return "\n".join(out)
