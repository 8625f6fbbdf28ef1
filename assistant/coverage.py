"""Which normative paragraphs of a tree's guidance are cited by which nodes.

A paragraph is normative when it says what must, will, should or cannot be done, or who
authorises or requires something. Each must be cited by a node or listed in the tree's
``[tree.uncited]`` table with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus import Corpus, Paragraph
from assistant.engine import Tree

NORMATIVE = re.compile(
    r"\b(must|will|should|cannot|can not|shall|not be|authoris\w*|requir\w*|mandatory|"
    r"excluded|not suitable|not ordinarily)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CoverageRow:
    paragraph: Paragraph
    cited_by: tuple[str, ...]
    uncited_reason: str | None

    @property
    def covered(self) -> bool:
        return bool(self.cited_by) or bool(self.uncited_reason)


def citing_nodes(tree: Tree, corpus: Corpus) -> dict[str, list[str]]:
    """Paragraph citation -> ids of the nodes that cite it (in the node, its answers or rules)."""
    cited: dict[str, list[str]] = {}

    def note(node_id: str, cites: tuple[str, ...]) -> None:
        for citation in cites:
            key = corpus.resolve(citation).citation
            if node_id not in cited.setdefault(key, []):
                cited[key].append(node_id)

    for node in tree.nodes.values():
        note(node.id, node.cite)
        for rule in node.obligations:
            note(node.id, rule.cite)
        for reading in node.readings:
            note(node.id, tree.readings[reading].cite)
        for answer in node.answers:
            for auth in answer.authorise:
                note(node.id, auth.cite)
            for obligation in answer.obligations:
                note(node.id, obligation.cite)
            for reading in answer.readings:
                note(node.id, tree.readings[reading].cite)
    if tree.meta.authorisation_record is not None:
        note("[tree] authorisation_record", tree.meta.authorisation_record.cite)
    if tree.meta.completion_cite:
        note("[tree] completion_limit", tree.meta.completion_cite)
    return cited


def coverage(tree: Tree, corpus: Corpus) -> list[CoverageRow]:
    cited = citing_nodes(tree, corpus)
    uncited = {corpus.resolve(c).citation: reason for c, reason in tree.meta.uncited}
    rows = []
    for paragraph in corpus:
        if paragraph.doc_id != tree.meta.primary_document or not NORMATIVE.search(paragraph.text):
            continue
        rows.append(
            CoverageRow(
                paragraph=paragraph,
                cited_by=tuple(cited.get(paragraph.citation, ())),
                uncited_reason=uncited.get(paragraph.citation),
            )
        )
    return rows
