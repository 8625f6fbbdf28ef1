"""Read scenario files and check them against their tree and the corpus.

Every problem is one line naming the file (and line where it can be found), the place and the fix.
A scenario is valid only if its model answers walk the tree, answer by answer, to an outcome.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import KeysView, Mapping
from pathlib import Path
from typing import Any, Protocol

from assistant.corpus import Corpus
from assistant.engine.loader import read_toml
from assistant.engine.model import Answer, FactValue, Node, Tree
from assistant.engine.schema import Key, Problems
from assistant.engine.session import Step
from assistant.errors import InputError, problem
from assistant.safefile import SCENARIO, read_input
from assistant.scenarios.model import Expectation, Scenario, TeachingNote
from assistant.scenarios.titles import title_reveals

SCENARIO_KEYS = {
    "title": Key(str, True),
    "narrative": Key(str, True),
    "tree": Key(str, True),
    "answers": Key(dict, True),
    "expected": Key(dict, True),
    "notes": Key(list),
    "teaching_title": Key(str),
    "tags": Key(list),
}
EXPECTED_KEYS = {
    "disposal": Key(str, True),
    "authorisers": Key(list, True),
    "obligations": Key(list),
}
NOTE_KEYS = {"text": Key(str, True), "cite": Key((str, list), True)}

_HEADER = re.compile(r"^\s*\[\[?\s*([\w.-]+)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*(\"?)([\w-]+)\1\s*=")


class TreeSource(Protocol):
    """Trees by id, loaded on demand (a dict of trees will do)."""

    def get(self, tree_id: str) -> Tree | None: ...

    def keys(self) -> KeysView[str]: ...


class ModelPathError(Exception):
    """The model answers do not walk the tree to an outcome."""

    def __init__(self, question_id: str | None, what: str, fix: str) -> None:
        super().__init__(what)
        self.question_id = question_id
        self.what = what
        self.fix = fix


def model_walk(tree: Tree, answers: Mapping[str, str]) -> tuple[list[Step], Node]:
    """Follow the model answers (question id -> answer id; an older file's answer label is
    still read) from the start; the steps taken and the outcome reached."""
    steps: list[Step] = []
    facts: dict[str, FactValue] = {}
    node = tree.start
    for _ in range(len(tree.nodes) + 1):
        if node.kind == "outcome":
            asked = {step.node.id for step in steps}
            unused = [question for question in answers if question not in asked]
            if unused:
                raise ModelPathError(
                    unused[0],
                    f"the walk reaches '{node.id}' without asking "
                    + ", ".join(f"'{question}'" for question in unused),
                    "remove those answers, or check the earlier answers",
                )
            return steps, node
        offered = node.offered(facts)
        if node.kind == "info":
            chosen = offered[0]
        else:
            named = answers.get(node.id)
            if named is None:
                raise ModelPathError(
                    None,
                    f"the model path stops at question '{node.id}' ({node.text}) with no answer",
                    f"add {node.id} = one of {_labels(offered)}",
                )
            chosen = _offered_answer(node, offered, named)
        steps.append(Step(node, chosen))
        facts.update(chosen.sets)
        node = tree.nodes[chosen.next]
    raise ModelPathError(
        None, "the model path does not reach an outcome", "check the tree for a loop"
    )


def _offered_answer(node: Node, offered: tuple[Answer, ...], named: str) -> Answer:
    """The offered answer with this id; failing that, with this label (files written before
    answers had ids)."""
    by_id = [answer for answer in offered if answer.id == named]
    by_label = [answer for answer in offered if answer.label == named]
    if by_id or by_label:
        return (by_id or by_label)[0]
    elsewhere = [a for a in node.answers if named in (a.id, a.label)]
    if elsewhere:
        guards = "; ".join(answer.when.describe() for answer in elsewhere)
        what = f"'{named}' is not offered at this point of the walk (it needs {guards})"
    else:
        close = difflib.get_close_matches(named, [a.id for a in offered], n=1, cutoff=0.5)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        what = f"'{named}' is not an answer id of this question{hint}"
    raise ModelPathError(node.id, what, f"use one of {_labels(offered)}")


def _labels(offered: tuple[Answer, ...]) -> str:
    """The offered answers' ids, each with its label so the author can tell them apart."""
    return "; ".join(f"'{answer.id}' ({answer.label})" for answer in offered)


class _Lines:
    """Where a key sits in the file, so a problem can name its line (best effort)."""

    def __init__(self, path: Path) -> None:
        self.found: dict[tuple[str, str], int] = {}
        section = ""
        try:
            text = read_input(path, SCENARIO)
        except InputError:
            return
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                section = header.group(1)
                self.found.setdefault(("", section), number)
                continue
            key = _KEY.match(line)
            if key:
                self.found.setdefault((section, key.group(2)), number)

    def file(self, path: Path, section: str, key: str = "") -> str:
        line = self.found.get((section, key)) if key else None
        line = line or self.found.get(("", section))
        return f"{path}:{line}" if line else str(path)


def load_scenario(path: Path, trees: TreeSource, corpus: Corpus) -> Scenario:
    """Read and check one scenario file against its tree; raises InputError, one line each."""
    data = read_toml(path, "scenario")
    lines = _Lines(path)
    problems = Problems(str(path))
    if not _check(problems, "file", data, SCENARIO_KEYS):
        raise InputError(problems.items[0], problems.items)
    tree_id = data["tree"]
    tree = trees.get(tree_id)
    if tree is None:
        known = sorted(trees.keys())
        close = difflib.get_close_matches(tree_id, known, n=1)
        fix = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(known)}"
        raise InputError(
            problem(lines.file(path, "", "tree"), "tree", f"unknown tree '{tree_id}'", fix)
        )
    folder = path.parent
    in_tree_folder = folder.parent.name == "scenarios" and folder.name in set(trees.keys())
    if in_tree_folder and folder.name != tree_id:
        problems.add(
            "tree",
            f"the file is in the folder of tree '{folder.name}' but names '{tree_id}'",
            f"move it to trees/scenarios/{tree_id}/ or fix 'tree'",
        )

    def add(section: str, key: str, place: str, what: str, fix: str) -> None:
        problems.items.append(problem(lines.file(path, section, key), place, what, fix))

    answers: list[tuple[str, str]] = []
    questions = [node.id for node in tree.nodes.values() if node.kind == "question"]
    for question_id, label in data["answers"].items():
        place = f"[answers] {question_id}"
        node = tree.nodes.get(question_id)
        if node is None:
            close = difflib.get_close_matches(question_id, questions, n=1)
            fix = f"did you mean '{close[0]}'?" if close else "use a question id from the tree"
            add(
                "answers",
                question_id,
                place,
                f"unknown node '{question_id}' in tree '{tree_id}'",
                fix,
            )
        elif node.kind != "question":
            add(
                "answers",
                question_id,
                place,
                f"'{question_id}' is an {node.kind} node, not a question",
                "answer only question nodes",
            )
        elif not isinstance(label, str):
            add(
                "answers",
                question_id,
                place,
                "the answer must be text (an answer id)",
                f'write {question_id} = "answer-id"',
            )
        else:
            answers.append((question_id, label))

    _check_titles(data, tree, add)
    tags = _tags(data.get("tags", []), add)
    expected = _expectation(data["expected"], tree, corpus, problems, path, lines)
    notes = _notes(data.get("notes", []), corpus, problems, path, lines)
    if problems.items:
        raise InputError(problems.items[0], problems.items)
    assert expected is not None

    try:
        steps, _ = model_walk(tree, dict(answers))
    except ModelPathError as error:
        place = f"[answers] {error.question_id}" if error.question_id else "[answers]"
        where = lines.file(path, "answers", error.question_id or "")
        raise InputError(problem(where, place, error.what, error.fix)) from None
    asked = [step for step in steps if step.node.kind == "question"]
    return Scenario(
        id=path.stem,
        path=path,
        title=data["title"],
        narrative=prose(data["narrative"]),
        tree_id=tree_id,
        answers=tuple((step.node.id, step.answer.id) for step in asked),
        expected=expected,
        notes=notes,
        teaching_title=data.get("teaching_title", ""),
        tags=tags,
        labels=tuple((step.node.id, step.answer.label) for step in asked),
    )


_TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
_TITLE_LIMIT = 120


def _check_titles(data: dict[str, Any], tree: Tree, add: Any) -> None:
    """The title is read before the walk: one short line naming no outcome or authoriser."""
    for key in ("title", "teaching_title"):
        text = data.get(key, "")
        if "\n" in text or len(text) > _TITLE_LIMIT:
            add(
                "", key, key, f"must be one line of at most {_TITLE_LIMIT} characters", "shorten it"
            )
    found = title_reveals(data["title"], tree)
    if found is not None:
        add(
            "",
            "title",
            "title",
            f"names '{found}', which gives the answer away before the walk",
            "keep the title neutral and put the answer in teaching_title",
        )


def _tags(items: list[Any], add: Any) -> tuple[str, ...]:
    tags = []
    for item in items:
        if isinstance(item, str) and _TAG.match(item):
            tags.append(item)
        else:
            add(
                "",
                "tags",
                "tags",
                f"'{str(item)[:40]}' is not a tag",
                'use lower-case words joined by hyphens, e.g. "hate-crime"',
            )
    return tuple(tags)


def _check(problems: Problems, place: str, table: Any, keys: Mapping[str, Key]) -> bool:
    """Key and type checks; a misspelt key is one problem ("did you mean"), not two."""
    before = len(problems.items)
    ok = problems.check(place, table, keys)
    new = problems.items[before:]
    suggested = {found for item in new for found in re.findall(r"did you mean '([^']+)'", item)}
    del problems.items[before:]
    problems.items += [
        item for item in new if not any(f"missing '{key}'" in item for key in suggested)
    ]
    return ok


def prose(text: str) -> str:
    """Hard-wrapped lines joined into paragraphs (a blank line separates paragraphs), so files
    can be wrapped for reading and the display can wrap to the screen."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in item.splitlines()) for item in paragraphs)


def _expectation(
    table: dict[str, Any], tree: Tree, corpus: Corpus, problems: Problems, path: Path, lines: _Lines
) -> Expectation | None:
    def add(key: str, what: str, fix: str) -> None:
        problems.items.append(
            problem(lines.file(path, "expected", key), f"[expected] {key}", what, fix)
        )

    before = len(problems.items)
    if not _check(problems, "[expected]", table, EXPECTED_KEYS):
        return None
    disposal = table["disposal"]
    if disposal not in tree.disposals:
        close = difflib.get_close_matches(disposal, list(tree.disposals), n=1)
        add(
            "disposal",
            f"unknown disposal '{disposal}'",
            f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(tree.disposals)}",
        )
    authorisers = []
    allowed = [role.id for role in tree.roles_by_rank() if role.authorises]
    for role in table["authorisers"]:
        if role in allowed:
            authorisers.append(role)
            continue
        if isinstance(role, str) and role in tree.roles:
            what = f"'{role}' does not authorise CRs in tree '{tree.id}'"
        else:
            what = f"unknown authorising role '{role}'"
        close = difflib.get_close_matches(str(role), allowed, n=1)
        add(
            "authorisers",
            what,
            f"did you mean '{close[0]}'?" if close else f"use role ids from {', '.join(allowed)}",
        )
    obligations = []
    for citation in table.get("obligations", []):
        canonical, why = _citation(str(citation), corpus)
        if canonical is None:
            add("obligations", why, "cite a paragraph of the guidance, e.g. 'O32g 4.1.1'")
        else:
            obligations.append(canonical)
    if len(problems.items) > before:
        return None
    ranked = tuple(role for role in allowed if role in authorisers)
    return Expectation(disposal, ranked, tuple(obligations))


def _notes(
    items: list[Any], corpus: Corpus, problems: Problems, path: Path, lines: _Lines
) -> tuple[TeachingNote, ...]:
    notes = []
    for index, item in enumerate(items, start=1):
        place = f"[[notes]] {index}"
        if not _check(problems, place, item, NOTE_KEYS):
            continue
        cites = [item["cite"]] if isinstance(item["cite"], str) else list(item["cite"])
        canonical = []
        for citation in cites:
            found, why = _citation(str(citation), corpus)
            if found is None:
                problems.items.append(
                    problem(
                        lines.file(path, "notes", "cite"),
                        place,
                        why,
                        "cite a paragraph of the guidance, e.g. 'O32g 2.3.2'",
                    )
                )
            else:
                canonical.append(found)
        if not cites:
            problems.add(
                place, "a teaching note needs at least one citation", 'add cite = ["O32g 2.3.2"]'
            )
        notes.append(TeachingNote(prose(item["text"]), tuple(canonical)))
    return tuple(notes)


def _citation(citation: str, corpus: Corpus) -> tuple[str | None, str]:
    """The canonical citation, or None and why it names no paragraph."""
    try:
        return corpus.resolve(citation).citation, ""
    except InputError as error:  # unknown (with suggestions) or an ambiguous bare number
        return None, str(error)
