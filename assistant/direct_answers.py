""" "Who authorises a CR for a hate crime?", "Can a PCSO give a CR?": answered from the tree first.

UI-free. A question about who authorises is matched to the tree's ``authorise`` rules (through the
authorisation matrix, so each comes with the question and answer that raise it) by the words of
their reasons, the answers and questions that raise them, and the paragraphs they cite; rarer
words count more. A question about who may deliver is answered with the tree's own question
about who delivers, each answer with what it brings. Nothing here names a topic: the words come
from the tree, its guidance and the glossary (an abbreviation typed, "DA", is read as its
expansion, "Domestic Abuse").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assistant.corpus import Corpus, Paragraph
from assistant.corpus.search import query_words
from assistant.engine import Node, Tree
from assistant.engine.model import FactValue
from assistant.engine.recommendation import (
    PersonToContact,
    RequiredAuthorisation,
    people_to_contact,
)
from assistant.errors import InputError
from assistant.markdown_text import escape_markdown
from assistant.matrix import (
    AuthorisationMatrix,
    Exclusion,
    MatrixRow,
    authorisation_matrix,
    fact_setters,
    guard_words,
)
from assistant.sentences import best_sentences, word_key, word_keys

GLOSSARY_DOC = "Glossary"

# The grammar of the two kinds of question, not their topic.
_AUTHORISE = re.compile(
    r"\b(?:authori[sz]\w*|sign(?:s|ed|ing)?\s+(?:it\s+|this\s+)?off|approv\w*|permission)"
    # "who do I need for APVA", "who should I ask", "who do I contact"
    r"|\bwho\b[^?]*\b(?:need|ask|contact|speak\s+to|go\s+to)\b",
    re.IGNORECASE,
)
# "do I need an Inspector ...": a need, and a role that authorises named.
_NEED = re.compile(r"\b(?:need|needs|needed|require[sd]?|must\s+(?:i|we)\s+(?:ask|get))\b", re.I)
_DELIVER = re.compile(
    r"\b(?:deliver\w*|give[sn]?|giving|administer\w*|issue[sd]?|hand(?:s|ed)?\s+out|offer\w*)\b",
    re.IGNORECASE,
)
# "What does the LPU Lead do", "who is the Youth Justice Team Supervisor".
_ASKS_ABOUT = re.compile(r"^\s*(?:who|what)\b", re.IGNORECASE)
# The words of a description, with paragraph ids ("2.4.1", "4.4.4-b", "role.4") kept whole.
_CITE_TOKEN = re.compile(r"[a-z]+\.\d+|\d+(?:\.\d+)*(?:-[a-z])?|[A-Za-z][A-Za-z0-9]*")
_ASKS_WHO = re.compile(r"^\s*(?:who|whom|can|may|could|is|are|am|does|do)\b|\bwho\b", re.IGNORECASE)
# Words that say what is asked, not about which case: they pick no rule.
_ASKING = word_keys(
    "authorise authorised authorises authorisation authority authoriser approve sign off "
    "need needs needed required require requires must deliver delivers give gives administer "
    "issue offer hand out allowed permitted community resolution resolutions cr crs"
)
# How much a word found only in a cited paragraph counts, against one in the rule itself.
_PARAGRAPH_WEIGHT = 0.5
_QUESTION_WEIGHT = 0.5
_REASON_BONUS = 0.25
# A rule is shown when it scores at least this share of the best rule's score.
_CLOSE_TO_BEST = 0.7
_MOST_RULES = 4
_MOST_CONDITIONS = 2


@dataclass(frozen=True)
class Quote:
    """Whole sentences of a paragraph: the ones that decide the answer."""

    citation: str
    text: str


@dataclass(frozen=True)
class AnswerItem:
    text: str  # "Inspector: CR for a hate crime (Inspector or above)."
    cite: tuple[str, ...]
    details: tuple[str, ...]  # when it applies, or what choosing it brings


@dataclass(frozen=True)
class TreeAnswer:
    """The answer the tree gives, stated before any search result."""

    heading: str
    items: tuple[AnswerItem, ...]
    quotes: tuple[Quote, ...]
    topic: str = ""  # the words that say which case is asked about, for the search after it
    people: tuple[str, ...] = ()  # the roles named, whose words decide a quote


def direct_answer(text: str, corpus: Corpus, tree: Tree) -> TreeAnswer | None:
    """The tree's answer to a who-authorises or who-may-deliver question; None for any other."""
    if _AUTHORISE.search(text) or (_NEED.search(text) and _names_an_authoriser(text, tree)):
        return _who_authorises(text, corpus, tree) or _no_rule(text, corpus, tree)
    if _DELIVER.search(text) and _ASKS_WHO.search(text):
        return _who_delivers(text, corpus, tree)
    if _ASKS_ABOUT.search(text):
        return _who_is(text, corpus, tree)
    return None


def _no_rule(text: str, corpus: Corpus, tree: Tree) -> TreeAnswer:
    """An authorisation question no rule matches: said, so that silence is not read as "no
    authorisation is needed"."""
    matrix = authorisation_matrix(tree)
    if not matrix.rows:
        heading = matrix.no_authoriser
    else:
        heading = (
            "No rule of the tree matches these words, which does not mean that no authorisation "
            "is needed. Name the circumstance (the offence, the victim, the offender's age or "
            "history), or see every rule in the authorisation matrix ('cr-assistant matrix', or "
            "F5 in the assistant)."
        )
    # The search after it is for all the words typed: "authorisation" brings 4.2.1 and 4.2.2.
    return TreeAnswer(heading, (), ())


def _who_is(text: str, corpus: Corpus, tree: Tree) -> TreeAnswer | None:
    """ "What does the LPU Lead do?": the tree's description of the role named."""
    typed = word_keys(text)
    named = [role for role in tree.roles.values() if word_keys(role.name) <= typed]
    if not named:
        return None
    # "Substantive Inspector" names "Inspector" too: the longest name typed is the one meant.
    role = max(named, key=lambda role: len(word_keys(role.name)))
    found = _cited_in(role.description, corpus)
    return TreeAnswer(
        "Who this is, from the tree's list of roles",
        (AnswerItem(f"{role.name}: {role.description}", tuple(found), ()),),
        _quotes(
            ((c,) for c in found),
            word_keys(role.description),
            corpus,
            tree,
            word_keys(role.name),  # the sentence naming the role is always quoted
        ),
        people=(role.name,),  # the search after it is for all the words typed
    )


def _cited_in(text: str, corpus: Corpus) -> list[str]:
    """The paragraphs a description cites: "(LPU role.4)", "O32g 2.4.1, 3.5.3 or 4.2.2"."""
    documents = {doc_id.casefold(): doc_id for doc_id in corpus.documents}
    found: list[str] = []
    current: str | None = None
    for token in _CITE_TOKEN.findall(text):
        if token.casefold() in documents:
            current = documents[token.casefold()]
        elif current is not None and (token[0].isdigit() or "." in token):
            try:
                citation = corpus.resolve(f"{current} {token}").citation
            except InputError:
                continue
            if citation not in found:
                found.append(citation)
        elif token.casefold() not in ("or", "and"):
            current = None  # "O32g 2.4.1, 3.5.3 or 4.2.2 require it": the list has ended
    return found


def _names_an_authoriser(text: str, tree: Tree) -> bool:
    typed = word_keys(text)
    return any(word_keys(role.name) <= typed for role in tree.roles.values() if role.authorises)


def _topic(text: str, corpus: Corpus) -> tuple[set[str], list[set[str]]]:
    """The keys of the words typed, and of each abbreviation's expansion ("DA": domestic,
    abuse), kept apart so that an expansion counts only where all its words are found."""
    words = query_words(text)
    expansions = _glossary_expansions(corpus)
    phrases = [
        word_keys(" ".join(query_words(_expansion(word, expansions)))) - _ASKING for word in words
    ]
    return {word_key(word) for word in words} - _ASKING, [p for p in phrases if p]


def _expansion(word: str, expansions: Mapping[str, str]) -> str:
    """The glossary's expansion of a word typed, or of its singular ("brothers"); "" if none."""
    folded = word.casefold()
    if folded in expansions:
        return expansions[folded]
    if len(folded) > 3 and folded.endswith("s"):
        return expansions.get(folded[:-1], "")
    return ""


def topic_keys(text: str, corpus: Corpus) -> set[str]:
    """The keys of the words that say which case is asked about, abbreviations expanded."""
    words = query_words(text)
    expansions = _glossary_expansions(corpus)
    for word in list(words):
        words += query_words(_expansion(word, expansions))
    return {word_key(word) for word in words} - _ASKING


# -- who authorises ------------------------------------------------------------------------------


def _who_authorises(text: str, corpus: Corpus, tree: Tree) -> TreeAnswer | None:
    matrix = authorisation_matrix(tree)
    known, naming = _facts_named(text, tree, matrix)
    # The people asked about ("can a Sergeant ...") say who, not which case: they pick no rule.
    roles = word_keys(" ".join(row.role_name for row in matrix.rows))
    wanted, phrases = _topic(text, corpus)
    wanted -= roles | naming | _NEGATORS
    phrases = [phrase - roles - _NEGATORS for phrase in phrases]
    negated = _negated_keys(text)
    implied = _implied_facts(tree)
    rows = [
        row for row in matrix.rows if _fits((*implied.get(row.question_id, ()), *row.guard), known)
    ]
    if not wanted or not rows:
        return None
    own = [word_keys(f"{row.reason} {row.answer}") for row in rows]
    asked = [word_keys(row.question) - own[index] for index, row in enumerate(rows)]
    cited = [
        word_keys(" ".join(p.text for p in _paragraphs(row.cite, corpus, tree)))
        - own[index]
        - asked[index]
        for index, row in enumerate(rows)
    ]
    every = [own[i] | asked[i] | cited[i] for i in range(len(rows))]
    rarity = _rarity(wanted | {w for phrase in phrases for w in phrase}, every)
    scores = []
    for index, row in enumerate(rows):
        # An abbreviation's expansion counts only where all its words are found together.
        topic = wanted.union(*(phrase for phrase in phrases if phrase <= every[index]))
        # A word the officer negated ("no previous") counts only in the words of a rule that
        # negates too ("No identifiable victim"), never through its question or paragraphs.
        plain = topic - negated
        matched_own = (
            plain | (topic & negated & _negated_keys(f"{row.reason}. {row.answer}"))
        ) & own[index]
        score = (
            sum(rarity[w] for w in matched_own)
            + _REASON_BONUS * sum(rarity[w] for w in matched_own & word_keys(row.reason))
            + _QUESTION_WEIGHT * sum(rarity[w] for w in plain & asked[index])
            + _PARAGRAPH_WEIGHT * sum(rarity[w] for w in plain & cited[index])
        )
        # A rule is an answer only when its own words (its reason, its answer) hold the topic.
        scores.append(score if matched_own and any(rarity[w] > 0 for w in matched_own) else 0.0)
    plain_topic = wanted - negated
    # An answer that ends the walk without a CR is an answer too: "who authorises a CR for
    # intimate partner abuse" is answered "not permitted" (2.5.2), not with the rules of the
    # other relationships.
    exclusions = [
        item
        for item in matrix.exclusions
        if _fits((*implied.get(item.question_id, ()), *item.guard), known)
    ]
    stop_words = [word_keys(f"{item.answer} {item.outcome}") for item in exclusions]
    stop_topics = [
        plain_topic.union(*(phrase for phrase in phrases if phrase <= words))
        for words in stop_words
    ]
    rarity = {**rarity, **_rarity(set().union(*stop_topics) - rarity.keys(), every)}
    # A stop's answer is named by two words of the question ("intimate partner"; "ex" read as
    # "former intimate partners"), its outcome likewise ("coercion and control"); one shared
    # word ("criminal" damage and "criminal" responsibility, "two" brothers and "two" or more
    # CRs) is not enough.
    in_answer = [len(stop_topics[i] & word_keys(e.answer)) >= 2 for i, e in enumerate(exclusions)]
    in_outcome = [len(stop_topics[i] & word_keys(e.outcome)) >= 2 for i, e in enumerate(exclusions)]
    excluded = [
        sum(rarity[w] for w in stop_topics[i] & stop_words[i])
        if in_answer[i] or in_outcome[i]
        else 0.0
        for i in range(len(exclusions))
    ]
    # An answer named by the question ("siblings") leaves out the other answers to its question
    # (a parent or carer): they are other cases.
    named = {
        (row.question_id, row.answer)
        for row in rows
        if any(rarity[w] > 0 for w in plain_topic & word_keys(row.answer))
    } | {(e.question_id, e.answer) for i, e in enumerate(exclusions) if in_answer[i]}
    for index, row in enumerate(rows):
        if (
            any(q == row.question_id for q, _ in named)
            and (row.question_id, row.answer) not in named
        ):
            scores[index] = 0.0
    best = max([*scores, *excluded])
    if best <= 0:
        return None
    ranked = sorted(
        (
            index
            for index, score in enumerate(scores)
            if score > 0 and score >= best * _CLOSE_TO_BEST
        ),
        key=lambda index: -scores[index],
    )
    stops = [
        item
        for index, item in enumerate(exclusions)
        if excluded[index] > 0 and excluded[index] >= best * _CLOSE_TO_BEST
    ]
    # Every rule raised by the same answer fires with it ("the victim cannot be contacted"
    # needs an Inspector under 4.3.2 and a 4.2.2 authorisation too).
    rules: list[tuple[str, str]] = []
    cases: list[tuple[str, str]] = []
    for index in ranked:
        rule = (rows[index].role_id, rows[index].reason)
        if rule not in rules and len(rules) == _MOST_RULES:
            continue
        rules.append(rule) if rule not in rules else None
        if _case(rows[index]) not in cases:
            cases.append(_case(rows[index]))
    fired = [row for row in rows if _case(row) in cases]  # each case's rules, asked about or not
    people = _people(fired, cases, tree)
    said = _said_conditions(fired, implied, matrix, tree)
    # The people first (the question asks who); then any stop the question names, and the stops
    # that the same answers lead to in another case.
    items = [_person_item(person, rows_of, wanted, said) for person, rows_of in people]
    items += _stop_items(stops)
    shown = {item.text for item in items}
    items += [
        item for item in _exclusion_items(fired, matrix, known, tree) if item.text not in shown
    ]
    role_words = word_keys(" ".join(person.role.name for person, _ in people))
    return TreeAnswer(
        "Who must authorise it, from the tree (one line per person)"
        if people
        else "From the tree: no one can authorise a CR here",
        tuple(items),
        _quotes(
            (
                _deciding_cites(item.cite, item.role.name, corpus, tree)
                for person, _ in people
                for item in person.reasons
            ),
            wanted,
            corpus,
            tree,
            role_words,
        ),
        topic=" ".join(word for word in query_words(text) if word_key(word) in wanted),
        people=tuple(person.role.name for person, _ in people),
    )


def _case(row: MatrixRow) -> tuple[str, str]:
    """The answer that raises a rule (its rules for an adult and for a juvenile alike)."""
    return (row.question_id, row.answer)


def _people(
    fired: list[MatrixRow], cases: list[tuple[str, str]], tree: Tree
) -> list[tuple[PersonToContact, list[MatrixRow]]]:
    """One entry per person (Readings 1): within each case a higher rank of a chain covers the
    lower ones; a person needed in several cases is one entry, with every reason."""
    merged: dict[str, tuple[list[RequiredAuthorisation], list[MatrixRow]]] = {}
    order: list[str] = []
    for case in cases:
        rows = [row for row in fired if _case(row) == case]
        required = tuple(
            RequiredAuthorisation(tree.roles[row.role_id], row.reason, row.cite, row.question)
            for row in rows
        )
        for person in people_to_contact(required):
            if person.role.id not in merged:
                merged[person.role.id] = ([], [])
                order.append(person.role.id)
            reasons, person_rows = merged[person.role.id]
            for item in person.reasons:  # a reason raised for an adult and a juvenile: once
                if all(
                    (s.role, s.reason, s.cite) != (item.role, item.reason, item.cite)
                    for s in reasons
                ):
                    reasons.append(item)
            person_rows += [row for row in rows if row not in person_rows]
    return [
        (PersonToContact(tree.roles[role_id], tuple(merged[role_id][0])), merged[role_id][1])
        for role_id in order
    ]


def _person_item(
    person: PersonToContact, rows: list[MatrixRow], wanted: set[str], said: Mapping[MatrixRow, str]
) -> AnswerItem:
    """The person, then each authorisation they give (their own, then the lower ranks' they
    cover), each followed by the answers that raise it."""
    details: list[str] = []
    for item in (*person.own, *person.covers):
        also = "" if item in person.own else f"Also covers the {item.role.name}'s authorisation: "
        details.append(f"{also}{item.reason}  [{'; '.join(item.cite)}]")
        raising = [row for row in rows if row.role_id == item.role.id and row.reason == item.reason]
        details += _conditions(raising, wanted, said)
    cite = tuple(dict.fromkeys(c for item in person.reasons for c in item.cite))
    return AnswerItem(person.role.name, cite, tuple(details))


def _exclusion_items(
    fired: list[MatrixRow], matrix: AuthorisationMatrix, known: Mapping[str, FactValue], tree: Tree
) -> list[AnswerItem]:
    """Where the same answer, in another case, ends the walk without a CR (knife crime: an
    Inspector for an adult, but no CR at all for a juvenile, 2.3.3), said beside the authoriser."""
    entries = set()
    for row in fired:
        entries.add((row.question_id, row.answer))
        for node in tree.nodes.values():
            entries.update(
                (node.id, answer.label) for answer in node.answers if answer.next == row.question_id
            )
    return _stop_items(
        [
            item
            for item in matrix.exclusions
            if (item.question_id, item.answer) in entries and _fits(item.guard, known)
        ]
    )


def _stop_items(stops: list[Exclusion]) -> list[AnswerItem]:
    """One line per outcome that ends the walk, with every answer that leads to it."""
    grouped: dict[str, list[Exclusion]] = {}
    for item in stops:
        grouped.setdefault(item.outcome_id, []).append(item)
    return [
        AnswerItem(
            f"{items[0].disposal}: {items[0].outcome}",
            tuple(dict.fromkeys(cite for item in items for cite in item.cite)),
            tuple(
                f"{'when' if index == 0 else 'or when'} {item.condition}"
                for index, item in enumerate(items)
            ),
        )
        for items in grouped.values()
    ]


def _said_conditions(
    rows: list[MatrixRow],
    implied: Mapping[str, tuple[tuple[str, FactValue], ...]],
    matrix: AuthorisationMatrix,
    tree: Tree,
) -> dict[MatrixRow, str]:
    """Each rule's condition in words, with the age its question is only reached at (the
    cannabis question: "18 or over"), so a juvenile's officer does not take an adult's rule."""
    tested = {name for row in matrix.rows for name, _ in row.guard}
    setters = fact_setters(tree)
    said = {}
    for row in rows:
        extra = tuple(
            fact
            for fact in implied.get(row.question_id, ())
            if fact[0] in tested and fact not in row.guard
        )
        said[row] = f"{row.condition}, {guard_words(extra, setters)}" if extra else row.condition
    return said


def _conditions(
    rows: list[MatrixRow], wanted: set[str], said: Mapping[MatrixRow, str]
) -> tuple[str, ...]:
    """When the rules apply: the cases that share most words with the question first (ties in
    the matrix's order), so the case asked about is shown before the list is cut."""
    conditions = list(dict.fromkeys(said[row] for row in rows))
    conditions.sort(key=lambda condition: -len(wanted & word_keys(condition)))
    shown = [f"when {condition}" for condition in conditions[:_MOST_CONDITIONS]]
    if len(conditions) > _MOST_CONDITIONS:
        more = len(conditions) - _MOST_CONDITIONS
        shown.append(f"and in {more} more case{'s' if more > 1 else ''} (see the matrix)")
    return tuple(shown)


def _deciding_cites(
    cites: tuple[str, ...], role: str, corpus: Corpus, tree: Tree
) -> tuple[str, ...]:
    """The paragraph that names the role (LPU role.3 for a traffic Inspector), else the first."""
    keys = word_keys(role)
    for paragraph in _paragraphs(cites, corpus, tree):
        if keys & word_keys(paragraph.text):
            return (paragraph.citation,)
    return cites[:1]


# -- the case the question names -----------------------------------------------------------------

_NEGATED = re.compile(
    r"(?:\b(?:no|not|non|without|never|cannot)\b|n[\'’]t\b)[\s-]+((?:[A-Za-z0-9]+[\s-]+){0,1}[A-Za-z0-9]+)",
    re.IGNORECASE,
)
# An age typed as a number: "15 year old", "aged 15", "15yo"; "under 18", "U/18" (below it).
_AGE = re.compile(r"\b(\d{1,3})\s*-?\s*(?:years?|yrs?|yo)\b|\baged?\s+(\d{1,3})\b", re.I)
_BELOW = re.compile(r"\b(?:under|u/?)\s*(\d{1,3})\b", re.IGNORECASE)
_RANGES = (
    (re.compile(r"\b(\d+)\s+to\s+(\d+)\b"), lambda a, b: (int(a), int(b))),
    (re.compile(r"\b(\d+)\s+or\s+over\b", re.I), lambda a: (int(a), 10**6)),
    (re.compile(r"\bunder\s+(\d+)\b", re.I), lambda a: (0, int(a) - 1)),
)


_NEGATORS = word_keys("no not non without never neither nor cannot")


def _implied_facts(tree: Tree) -> dict[str, tuple[tuple[str, FactValue], ...]]:
    """For each node, the facts that hold on every way to it (the cannabis question is reached
    only by an adult): what an answer requires or sets, carried forward, kept where all the
    answers leading in agree. The tree is acyclic (validated)."""
    import networkx as nx  # as in engine.factstates: only when a question is answered

    found: dict[str, dict[str, FactValue]] = {}
    ways: dict[str, list[dict[str, FactValue]]] = {}
    for node_id in nx.topological_sort(tree.graph):
        arriving = ways.pop(node_id, [])
        common = dict(arriving[0]) if arriving else {}
        for facts in arriving[1:]:
            common = {k: v for k, v in common.items() if k in facts and facts[k] == v}
        found[node_id] = common
        for answer in tree.nodes[node_id].answers:
            carried = {**common, **dict(answer.when.facts), **dict(answer.sets)}
            ways.setdefault(answer.next, []).append(carried)
    return {node_id: tuple(facts.items()) for node_id, facts in found.items()}


def _negated_keys(text: str) -> set[str]:
    """The words the officer negated: "with no previous" -> previous."""
    return {key for match in _NEGATED.finditer(text) for key in word_keys(match.group(1))}


def _facts_named(
    text: str, tree: Tree, matrix: AuthorisationMatrix
) -> tuple[dict[str, FactValue], set[str]]:
    """The facts the question states ("a 15 year old", "an adult") among those the rules depend
    on, read from the answers that set them: by an age in their label's range, or by a word that
    only that answer has. Returns the facts and the words that named them."""
    used = {name for row in matrix.rows for name, _ in row.guard}
    used |= {name for item in matrix.exclusions for name, _ in item.guard}
    # Words that name a fact the rules depend on ("juvenile") pick the case, not the rule.
    filtering = {name for row in matrix.rows for name, _ in row.guard}
    ages = [int(a or b) for a, b in _AGE.findall(text)] + [int(n) - 1 for n in _BELOW.findall(text)]
    typed = word_keys(" ".join(w for w in query_words(text) if not w.isdigit()))
    named: dict[str, set[FactValue]] = {}
    naming: set[str] = set()
    for node in tree.nodes.values():
        answers = [a for a in node.answers if any(name in used for name, _ in a.sets)]
        if node.kind != "question" or not answers:
            continue
        for answer in answers:
            others = word_keys(
                " ".join([node.text] + [a.label for a in node.answers if a.label != answer.label])
            )
            own = {k for k in word_keys(answer.label) if len(k) > 2 and not k.isdigit()} - others
            by_word = own & typed
            by_age = any(
                low <= age <= high for age in ages for low, high in _label_ranges(answer.label)
            )
            if by_word or by_age:
                if any(name in filtering for name, _ in answer.sets):
                    naming |= by_word
                for name, value in answer.sets:
                    if name in used:
                        named.setdefault(name, set()).add(value)
    return {name: values.pop() for name, values in named.items() if len(values) == 1}, naming


def _label_ranges(label: str) -> list[tuple[int, int]]:
    found = []
    for pattern, make in _RANGES:
        found += [make(*match.groups()) for match in pattern.finditer(label)]
    return found


def _fits(guard: tuple[tuple[str, FactValue], ...], known: Mapping[str, FactValue]) -> bool:
    return all(known.get(name, value) == value for name, value in guard)


# -- who may deliver -----------------------------------------------------------------------------


def _who_delivers(text: str, corpus: Corpus, tree: Tree) -> TreeAnswer | None:
    node = _delivery_question(tree)
    if node is None:
        return None
    matrix = authorisation_matrix(tree)
    items = []
    for answer in node.answers:
        details = [
            f"needs authorisation from the {row.role_name}"
            + (f" ({row.only_when})" if row.only_when else "")
            + f": {row.reason}  [{'; '.join(row.cite)}]"
            for row in matrix.rows
            if row.question_id == node.id and row.answer == answer.label
        ]
        details += [f"{duty.text}  [{'; '.join(duty.cite)}]" for duty in answer.obligations]
        details += [
            f"ends the walk: {item.disposal}: {item.outcome}"
            for item in matrix.exclusions
            if item.question_id == node.id and item.answer == answer.label
        ]
        items.append(AnswerItem(answer.label, (), tuple(details)))
    heading = f"Who may deliver it, from the tree's question '{node.text}'"
    if node.help:
        items.insert(0, AnswerItem(node.help, node.cite, ()))
    # The answers' own words pick the sentences about who delivers.
    labels = word_keys(" ".join(query_words(" ".join(a.label for a in node.answers))))
    wanted = topic_keys(text, corpus) | labels
    # The sentence that says who delivers (its verb, as the question words it) is always quoted.
    verbs = word_keys(" ".join(_DELIVER.findall(node.text)))
    return TreeAnswer(heading, tuple(items), _quotes([node.cite], wanted, corpus, tree, verbs))


def _delivery_question(tree: Tree) -> Node | None:
    """The tree's question asking who delivers (its text asks "who" with a delivering verb)."""
    for node in tree.nodes.values():
        if node.kind == "question" and _DELIVER.search(node.text) and "who" in word_keys(node.text):
            return node
    return None


# -- shared --------------------------------------------------------------------------------------


def _paragraphs(cites: Iterable[str], corpus: Corpus, tree: Tree) -> list[Paragraph]:
    found = []
    for cite in cites:
        try:
            found.append(corpus.resolve(cite, tree.meta.primary_document))
        except InputError:  # an unresolvable cite is the validator's business
            continue
    return found


def _quotes(
    cite_lists: Iterable[tuple[str, ...]],
    wanted: set[str],
    corpus: Corpus,
    tree: Tree,
    deciding: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[Quote, ...]:
    seen: dict[str, Quote] = {}
    for cites in cite_lists:
        for paragraph in _paragraphs(cites, corpus, tree):
            if paragraph.citation not in seen:
                text = best_sentences(paragraph.text, wanted, deciding=deciding)
                seen[paragraph.citation] = Quote(paragraph.citation, text)
    return tuple(seen.values())


def _rarity(wanted: set[str], documents: list[set[str]]) -> Mapping[str, float]:
    """How much each word tells the rules apart: a word in most of them counts for little."""
    total = len(documents)
    return {
        word: max(0.0, math.log((total + 1) / (0.5 + sum(word in d for d in documents))))
        for word in wanted
    }


def _glossary_expansions(corpus: Corpus) -> Mapping[str, str]:
    """Abbreviation (case-folded) -> its expansion, the glossary entry's first sentence."""
    return {
        paragraph.pid.casefold(): paragraph.text.split(".", 1)[0]
        for paragraph in corpus
        if paragraph.doc_id == GLOSSARY_DOC
    }


def direct_lines(answer: TreeAnswer) -> list[str]:
    """Plain-text lines (unwrapped)."""
    lines = [f"{answer.heading}:" if answer.items else answer.heading]
    for item in answer.items:
        cite = f"  [{'; '.join(item.cite)}]" if item.cite else ""
        lines.append(f"  - {item.text}{cite}")
        lines += [f"      {detail}" for detail in item.details]
    if answer.quotes:
        lines.append("  The paragraph says:")
        lines += [f"    {quote.citation}: {quote.text}" for quote in answer.quotes]
    return lines


def direct_markdown(answer: TreeAnswer) -> list[str]:
    """Markdown lines; the tree's and the guidance's words shown as written."""
    colon = ":" if answer.items else ""
    out = [f"**{escape_markdown(answer.heading)}{colon}**", ""]
    for item in answer.items:
        cite = f" ({'; '.join(item.cite)})" if item.cite else ""
        out.append(f"- {escape_markdown(item.text)}{cite}")
        out += [f"  - {escape_markdown(detail)}" for detail in item.details]
    if answer.quotes:
        out += ["", "The paragraph says:", ""]
        for quote in answer.quotes:
            out += [f"> **{quote.citation}**: {escape_markdown(quote.text)}", ""]
    out.append("")
    return out
