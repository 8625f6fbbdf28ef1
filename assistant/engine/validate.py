"""Graph checks on a loaded tree, with networkx: every problem, one line each.

Each message reads ``file: node: what is wrong: how to fix``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import combinations

import networkx as nx

from assistant.corpus import Corpus
from assistant.engine.factstates import STATE_LIMIT, TooManyFactStates, keep, live_facts
from assistant.engine.lines import with_lines
from assistant.engine.model import (
    ANSWER_ID,
    Answer,
    FactValue,
    Guard,
    Node,
    RouteRule,
    Tree,
    answer_slug,
)
from assistant.engine.pause import collector_paused
from assistant.engine.session import leading_number
from assistant.errors import InputError, UnknownCitation, problem
from assistant.lookalike import mixed_script_word, skeleton, unusual_characters

# Special-case ids go into decision records, whose columns take plain names only.
_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def validate(tree: Tree, corpus: Corpus) -> list[str]:
    """Return every problem with the tree (an empty list means it is valid)."""
    with collector_paused():
        checker = _Checker(tree, corpus)  # builds the tree's graph on first use
        checker.run()
    return with_lines(tree.meta.path, checker.problems)


class _Checker:
    def __init__(self, tree: Tree, corpus: Corpus) -> None:
        self.tree = tree
        self.corpus = corpus
        self.file = str(tree.meta.path)
        self.graph = tree.graph
        self.problems: list[str] = []
        # What each citation string resolves to, as (what, fix) problems: trees cite the same
        # paragraphs again and again, and resolving is the costliest per-node check.
        self._cite_problems: dict[str, list[tuple[str, str]]] = {}

    def add(self, place: str, what: str, fix: str) -> None:
        self.problems.append(problem(self.file, place, what, fix))

    def run(self) -> None:
        self.meta()
        for node in self.tree.nodes.values():
            self.node(node)
        self.disposals()
        self.special_cases()
        for reading in self.tree.readings.values():
            self.cites(f"reading {reading.id}", reading.cite)
            self.role(f"reading {reading.id}", reading.ask)
        self.structure()

    # -- the tree's own table ----------------------------------------------------------------
    def meta(self) -> None:
        meta = self.tree.meta
        for doc in meta.guidance:
            if doc not in self.corpus.documents:
                known = ", ".join(self.corpus.documents)
                self.add(
                    "[tree] guidance", f"unknown guidance document '{doc}'", f"use one of {known}"
                )
        if meta.primary_document not in meta.guidance:
            self.add(
                "[tree] primary_document",
                f"'{meta.primary_document}' is not in guidance",
                "name one of the tree's guidance documents",
            )
        if meta.start not in self.tree.nodes:
            self.add(
                "[tree] start",
                f"start node '{meta.start}' does not exist",
                "set start to the id of the first question",
            )
        self.role("[tree] contact", meta.contact_role)
        if meta.authorisation_record is not None:
            self.cites("[tree] authorisation_record", meta.authorisation_record.cite)
        self.chains()
        self.role_names()
        for citation, reason in meta.uncited:
            self.cites("[tree] uncited", (citation,))
            if not reason.strip():
                self.add(
                    "[tree] uncited", f"'{citation}' has no reason", "say why no node cites it"
                )

    def chains(self) -> None:
        """Every chain a role names is declared with the reading that says higher ranks cover
        lower ones (shown whenever they do)."""
        declared = dict(self.tree.meta.chains)
        for chain, reading in declared.items():
            self.reading_refs(f"[tree] chains: '{chain}'", (reading,))
        for role in self.tree.roles.values():
            if role.chain and role.chain not in declared:
                self.add(
                    f"role {role.id}",
                    f"chain '{role.chain}' is not declared",
                    f'add {role.chain} = "READING-ID" to [tree] chains',
                )
            if role.chain and not role.authorises:
                self.add(
                    f"role {role.id}",
                    "a role that does not authorise has no place in a chain",
                    "remove its chain",
                )

    # -- each node ----------------------------------------------------------------------------
    def node(self, node: Node) -> None:
        place = f"node {node.id}"
        self.one_script_words(place, "the text", node.text)
        if node.title:
            self.one_script_words(place, "the title", node.title)
        for answer in node.answers:
            self.one_script_words(place, "the answer", answer.label)
        if not node.text.strip():
            self.add(place, "has no text", "write the question or statement")
        if not node.cite:
            self.add(place, "cites no paragraph", 'add cite = ["DOC PARA"]')
        self.cites(place, node.cite)
        self.reading_refs(place, node.readings)
        for index, duty in enumerate(node.obligations, start=1):
            self.cites(f"{place}: obligation {index}", duty.cite)
        if node.kind == "outcome":
            if not node.disposal:
                self.add(place, "outcome without a disposal", 'add disposal = "..."')
            elif node.disposal not in self.tree.disposals:
                known = ", ".join(self.tree.disposals)
                self.add(place, f"unknown disposal '{node.disposal}'", f"use one of {known}")
            if not node.title:
                self.add(place, "outcome without a title", 'add title = "..."')
            self.route_rules(place, node.routes)
            return
        if node.routes:
            self.add(place, f"a {node.kind} node has no route", "move routes to an outcome")
        if node.kind == "question" and len(node.answers) < 2:
            self.add(
                place,
                f"a question needs two or more answers, it has {len(node.answers)}",
                "add answers or make it an info node",
            )
        for index, answer in enumerate(node.answers, start=1):
            where = f"{place}: answer {index} '{answer.label}'"
            if answer.next not in self.tree.nodes:
                self.add(
                    where,
                    f"next node '{answer.next}' does not exist",
                    _suggest_node(answer.next, self.tree.nodes),
                )
            self.reading_refs(where, answer.readings)
            if answer.special_case and answer.special_case not in self.tree.special_cases:
                known = ", ".join(self.tree.special_cases) or "none declared"
                self.add(
                    where,
                    f"unknown special case '{answer.special_case}'",
                    f"declare [special_cases.{answer.special_case}] or use one of {known}",
                )
            for rule in answer.authorise:
                self.role(where, rule.role)
                self.cites(where, rule.cite)
                self.reading_refs(where, rule.readings)
                if rule.role in self.tree.roles and not self.tree.roles[rule.role].authorises:
                    self.add(
                        where,
                        f"role '{rule.role}' does not authorise",
                        "set authorises = true on the role or name an authorising role",
                    )
            for duty in answer.obligations:
                self.cites(where, duty.cite)
        for first, second in combinations(node.answers, 2):
            if skeleton(first.label) == skeleton(second.label) and not first.when.excludes(
                second.when
            ):
                self.add(
                    place,
                    f"two answers are labelled '{first.label}'"
                    + (
                        f" and '{second.label}', which look alike"
                        if first.label != second.label
                        else ""
                    )
                    + _differs(first.label, second.label),
                    "rename one, or give them guards that exclude each other",
                )
        if node.kind == "question":
            self.answer_ids(node)

    def answer_ids(self, node: Node) -> None:
        """Each answer has an id that scenarios, saved cases and the regression artefact can
        name, and no two answers offered together share one (answers whose guards exclude
        each other are one answer under different facts, and may)."""
        for index, answer in enumerate(node.answers, start=1):
            where = f"node {node.id}: answer {index} '{answer.label}'"
            if not answer.id:
                self.add(
                    where,
                    "its label gives no id (it has no letter or digit)",
                    'add id = "a-short-name" to the answer',
                )
            elif not ANSWER_ID.fullmatch(answer.id):
                self.add(
                    where,
                    f"id '{answer.id}' is not lower-case letters, digits, '-' and '_'",
                    f'write it as id = "{_id_like(answer.id)}"',
                )
            for earlier, other in enumerate(node.answers[: index - 1], start=1):
                if (
                    other.id == answer.id
                    and answer.id
                    and skeleton(other.label) != skeleton(answer.label)  # reported above
                    and not other.when.excludes(answer.when)
                ):
                    self.add(
                        where,
                        f"id '{answer.id}' is also the id of answer {earlier} '{other.label}'",
                        'give each answer its own id = "..."',
                    )
                    break

    def one_script_words(self, place: str, what: str, text: str) -> None:
        """A word mixing letters of two scripts ("Yеs" with a Cyrillic е) is a look-alike."""
        found = mixed_script_word(text)
        if found is not None:
            word, scripts = found
            self.add(
                place,
                f"{what} '{text}' mixes {' and '.join(scripts)} letters in the word '{word}' "
                f"({unusual_characters(word)})",
                "write each word in one script",
            )

    def role_names(self) -> None:
        """Two roles whose names look alike would make 'who authorises' ambiguous."""
        roles = list(self.tree.roles.values())
        for role in roles:
            self.one_script_words(f"role {role.id}", "the name", role.name)
        for first, second in combinations(roles, 2):
            if skeleton(first.name) == skeleton(second.name):
                self.add(
                    f"role {second.id}",
                    f"its name '{second.name}' looks like role {first.id}'s '{first.name}'"
                    + _differs(first.name, second.name),
                    "give each role a name of its own",
                )

    def route_rules(self, place: str, rules: Iterable[RouteRule]) -> None:
        for index, rule in enumerate(rules, start=1):
            self.cites(f"{place}: route {index}", rule.cite)
            self.reading_refs(f"{place}: route {index}", rule.readings)

    def disposals(self) -> None:
        for disposal in self.tree.disposals.values():
            place = f"disposal {disposal.id}"
            self.route_rules(place, disposal.routes)
            if not disposal.routes or disposal.routes[-1].when:
                self.add(
                    place,
                    "has no route for every case (its last route must have no 'when')",
                    'add route = "what to do instead" after its guarded routes',
                )

    def cites(self, place: str, cites: Iterable[str]) -> None:
        for citation in cites:
            found = self._cite_problems.get(citation)
            if found is None:
                found = self._cite_problems[citation] = self._citation_problems(citation)
            for what, fix in found:
                self.add(place, what, fix)

    def _citation_problems(self, citation: str) -> list[tuple[str, str]]:
        try:
            paragraph = self.corpus.resolve(citation)
        except UnknownCitation as exc:
            hint = (
                f"did you mean {', '.join(exc.suggestions)}?"
                if exc.suggestions
                else ("cite an existing paragraph as DOC PARA")
            )
            return [(f"citation '{citation}' is not in the guidance", hint)]
        except InputError as exc:  # an ambiguous bare citation
            return [(str(exc), "cite it as DOC PARA")]
        if paragraph.doc_id not in self.tree.meta.guidance:
            return [
                (
                    f"citation '{citation}' is from {paragraph.doc_id}, not in guidance",
                    f"add '{paragraph.doc_id}' to [tree] guidance",
                )
            ]
        return []

    def special_cases(self) -> None:
        """Each special-case route cites its paragraphs and is taken by some answer (a route no
        answer takes would never appear in a decision record)."""
        taken = {
            answer.special_case for node in self.tree.nodes.values() for answer in node.answers
        }
        for case in self.tree.special_cases.values():
            place = f"special case {case.id}"
            if not case.label.strip():
                self.add(place, "has no label", 'add label = "..."')
            if not _IDENTIFIER.fullmatch(case.id):
                self.add(place, "the id is not a plain name", "use letters, digits, _ and -")
            self.cites(place, case.cite)
            if case.id not in taken:
                self.add(
                    place,
                    "no answer takes this special case",
                    f'add special_case = "{case.id}" to the answer that does, or remove it',
                )

    def role(self, place: str, role: str) -> None:
        if role not in self.tree.roles:
            known = ", ".join(self.tree.roles) or "none declared"
            self.add(
                place, f"unknown role '{role}'", f"declare [roles.{role}] or use one of {known}"
            )

    def reading_refs(self, place: str, readings: Iterable[str]) -> None:
        for reading in readings:
            if reading not in self.tree.readings:
                self.add(place, f"unknown reading '{reading}'", f"declare [readings.{reading}]")

    # -- the graph as a whole ---------------------------------------------------------------
    def structure(self) -> None:
        graph = self.graph
        start = self.tree.meta.start
        if start not in graph:
            return
        reachable = nx.descendants(graph, start) | {start}
        for node_id in sorted(set(graph) - reachable):
            self.add(
                f"node {node_id}",
                "unreachable from the start",
                "point an answer at it or delete it",
            )
        # One topological sort proves a tree acyclic and orders the guard check; the costlier
        # search for strongly connected components runs only to describe the cycles it found.
        try:
            order: list[str] | None = list(nx.topological_sort(graph))
        except nx.NetworkXUnfeasible:
            order = None
            self.cycles()
        nodes = self.tree.nodes
        for node_id, successors in graph.succ.items():
            if not successors and nodes[node_id].kind != "outcome":
                self.add(
                    f"node {node_id}",
                    "dead end: no answer leads anywhere",
                    "give it an answer whose next is a node or an outcome",
                )
        if order is not None:
            self.guards(order)
            self.numbering(order)

    def cycles(self) -> None:
        graph = self.graph
        for component in nx.strongly_connected_components(graph):
            if len(component) > 1 or any(graph.has_edge(n, n) for n in component):
                loop = nx.find_cycle(graph.subgraph(component))
                path = " -> ".join([edge[0] for edge in loop] + [loop[0][0]])
                self.add(
                    f"node {loop[0][0]}",
                    f"cycle {path}",
                    "an answer must lead forward to a later question or an outcome",
                )

    def guards(self, order: list[str]) -> None:
        """A guard may only test facts that some answer before it can set."""
        nodes = self.tree.nodes
        # Facts settable before each node. Frozen and shared: most answers set nothing, so a
        # node usually inherits its parent's set as is, and a big tree allocates few sets.
        none: frozenset[str] = frozenset()
        settable: dict[str, frozenset[str]] = {}
        for node_id in order:
            node = nodes[node_id]
            before = settable.get(node_id, none)
            for answer in node.answers:
                after = before.union(name for name, _ in answer.sets) if answer.sets else before
                self.guard_facts(node_id, answer, answer.when, before)
                for rule in answer.authorise:
                    self.guard_facts(node_id, answer, rule.when, after)
                for duty in answer.obligations:
                    self.guard_facts(node_id, answer, duty.when, after)
                following = settable.get(answer.next)
                if following is None:
                    settable[answer.next] = after
                elif not after <= following:
                    settable[answer.next] = following | after
            for duty in node.obligations:
                self.guard_facts(node_id, None, duty.when, before)

    def guard_facts(
        self, node_id: str, answer: Answer | None, guard: Guard, settable: frozenset[str]
    ) -> None:
        for name, _ in guard.facts:
            if name not in settable:
                place = (
                    f"node {node_id}: answer '{answer.label}'"
                    if answer is not None
                    else f"node {node_id}: obligation"
                )
                self.add(
                    place,
                    f"guard on fact '{name}' that no earlier answer sets",
                    f"set {name} in an earlier answer or remove the guard",
                )

    def numbering(self, order: list[str]) -> None:
        """Each answer keeps one number, and a number typed never means two answers."""
        try:
            offers = _reachable_offers(self.tree, order)
        except TooManyFactStates as too_many:
            # Never a silent "ok": the rule was not checked, and the author is told why.
            self.add(f"node {self.tree.meta.start}", too_many.what, too_many.fix)
            return
        for node_id in order:
            node = self.tree.nodes[node_id]
            if node.kind == "outcome" or node_id not in offers:
                continue
            self.yes_before_no(node)
            self.one_number_each(node, offers[node_id])

    def one_number_each(self, node: Node, offers: dict[tuple[Answer, ...], Facts]) -> None:
        authored: dict[str, int] = {}
        for index, answer in enumerate(node.answers, start=1):
            authored.setdefault(answer.label, index)
        tested = {name for answer in node.answers for name, _ in answer.when.facts}
        # label -> the positions it is shown at, each with the facts that show it there.
        shown: dict[str, dict[int, Facts]] = {}
        misnumbered: dict[str, tuple[int, int, Facts]] = {}
        for offered, facts in offers.items():
            for position, answer in enumerate(offered, start=1):
                shown.setdefault(answer.label, {}).setdefault(position, facts)
                number = leading_number(answer.label)
                if number is not None and number != position and 1 <= number <= len(offered):
                    misnumbered.setdefault(answer.label, (number, position, facts))
        for label, (number, position, facts) in misnumbered.items():
            self.add(
                f"node {node.id}: answer {authored[label]} '{label}'",
                f"begins with the number {number} but is answer {position}"
                f"{_when(facts, tested)}, so a typed {number} could mean either",
                f"put it at position {number}, or reword the answers so that the numbers they "
                "begin with are their positions",
            )
        for label, positions in shown.items():
            if len(positions) > 1:
                where = " but ".join(
                    f"answer {position}{_when(facts, tested)}"
                    for position, facts in sorted(positions.items())
                )
                self.add(
                    f"node {node.id}: answer {authored[label]} '{label}'",
                    f"moves with the facts: it is {where}",
                    "give it one number: put answers that are not always offered after it, or "
                    "split the question",
                )

    def yes_before_no(self, node: Node) -> None:
        """Yes/No questions list their answers in one order across the tree: Yes first."""
        first_no = next(
            (index for index, answer in enumerate(node.answers) if _starts(answer, "no")), None
        )
        if first_no is None:
            return
        for index, answer in enumerate(node.answers[first_no + 1 :], start=first_no + 2):
            if _starts(answer, "yes"):
                self.add(
                    f"node {node.id}: answer {index} '{answer.label}'",
                    f"comes after '{node.answers[first_no].label}' (answer {first_no + 1})",
                    "list the answers starting Yes before those starting No, as every Yes/No "
                    "question of the tree does",
                )


Facts = tuple[tuple[str, FactValue], ...]


def _reachable_offers(tree: Tree, order: list[str]) -> dict[str, dict[tuple[Answer, ...], Facts]]:
    """For each reachable node, each distinct list of answers it offers, with one set of facts
    it is reached with that offers that list.

    Only facts that a guard at or after a node tests can change what is offered there or later,
    so the sets carried forward keep only those (:func:`live_facts`): a tree whose guards test
    one fact carries at most three per node. Raises TooManyFactStates past the state limit.
    """
    live = live_facts(tree)
    reached: dict[str, set[Facts]] = {tree.meta.start: {()}}
    offers: dict[str, dict[tuple[Answer, ...], Facts]] = {}
    states = 0
    for node_id in order:
        arriving = reached.pop(node_id, None)
        if arriving is None:
            continue
        states += len(arriving)
        if states > STATE_LIMIT:
            raise TooManyFactStates("checking the answer numbers")
        node = tree.nodes[node_id]
        guarded = any(answer.when for answer in node.answers)
        here: dict[tuple[Answer, ...], Facts] = {}
        for facts in sorted(arriving, key=lambda known: (len(known), repr(known))):
            offered = node.offered(dict(facts)) if guarded else node.answers
            here.setdefault(offered, facts)
            for answer in offered:
                after = facts
                if answer.sets or facts:
                    after = keep(
                        dict(facts) | dict(answer.sets), live.get(answer.next, frozenset())
                    )
                reached.setdefault(answer.next, set()).add(after)
        offers[node_id] = here
    return offers


def _when(facts: Facts, tested: set[str]) -> str:
    """Says " when juvenile = True" for the facts this node's guards test, "" if none."""
    known = dict(facts)
    described = ", ".join(
        f"{name} = {known[name]}" if name in known else f"{name} is not set"
        for name in sorted(tested)
    )
    return f" when {described}" if described else ""


def _starts(answer: Answer, word: str) -> bool:
    first = answer.label.split(maxsplit=1)[0].strip(",.:;").casefold() if answer.label else ""
    return first == word


def _id_like(text: str) -> str:
    return answer_slug(text) or "a-short-name"


def _suggest_node(name: str, nodes: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(nodes), n=1)
    return f"did you mean '{close[0]}'?" if close else "use the id of an existing node"


def _differs(first: str, second: str) -> str:
    """What tells two look-alike labels apart, for the message (nothing if they are equal)."""
    if first == second:
        return ""
    shown = [f"'{label}' has {unusual_characters(label)}" for label in (first, second)]
    named = [
        line for line, label in zip(shown, (first, second), strict=True) if not label.isascii()
    ]
    return f" ({'; '.join(named)})" if named else ""
