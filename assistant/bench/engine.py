"""Engine figures on the shipped data: corpus, trees, one answer, one search."""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

from markdown_it import MarkdownIt

from assistant.bench.timing import Figure, per_call, seconds
from assistant.catalogue import Catalogue
from assistant.corpus import Corpus
from assistant.engine import Session, load_valid_tree
from assistant.engine.walk import walk_all
from assistant.paths import bundled_guidance

SEARCHES = ("hate crime victim consent", "domestic abuse inspector", "youth justice")


def engine_figures(quick: bool) -> list[Figure]:
    repeat = 3 if quick else 9
    catalogue = Catalogue()
    figures = [_corpus_load(repeat)]
    corpus = catalogue.corpus
    for tree_id, tree_file in catalogue.tree_files.items():
        figures.append(_tree_load(tree_id, tree_file.path, corpus, repeat))
    figures.append(_answer_step(catalogue, repeat))
    figures.append(_rule_diff(catalogue, repeat))
    figures.extend(_search(corpus, repeat))
    return figures


def _corpus_load(repeat: int) -> Figure:
    files = sorted(p for p in bundled_guidance().glob("*.md") if p.name.lower() != "readme.md")
    texts = [path.read_text(encoding="utf-8") for path in files]
    parser = MarkdownIt("commonmark")
    value, _ = seconds(lambda: Corpus.from_folders((bundled_guidance(),)), repeat)
    baseline, _ = seconds(lambda: [parser.parse(text) for text in texts], repeat)
    return Figure(
        "engine",
        f"corpus load ({len(files)} documents)",
        "ms",
        value * 1000,
        "markdown-it parse of the same files",
        baseline * 1000,
        target="ratio 3x or better",
        met=value <= 3 * baseline,
    )


def _tree_load(tree_id: str, path: Path, corpus: Corpus, repeat: int) -> Figure:
    text = path.read_text(encoding="utf-8")
    value, _ = seconds(lambda: load_valid_tree(path, corpus), repeat)
    baseline, _ = seconds(lambda: tomllib.loads(text), repeat)
    return Figure(
        "engine",
        f"load + validate {tree_id}",
        "ms",
        value * 1000,
        "tomllib.loads of the same file",
        baseline * 1000,
        target="ratio 3x or better",
        met=value <= 3 * baseline,
    )


def _answer_step(catalogue: Catalogue, repeat: int) -> Figure:
    tree = catalogue.tree("kent-o32g")
    # The longest of the first few thousand paths: many steps, so per-step time is steady.
    longest = max(walk_all(tree, limit=3000), key=lambda path: len(path.answers))
    labels = dict(longest.answers)
    steps = 0

    def walk() -> None:
        nonlocal steps
        session = Session(tree)
        while not session.finished:
            node = session.current
            session.answer(1 if node.kind == "info" else labels[node.id])
        session.recommendation()
        steps = len(session.steps)

    walk()
    total, _ = seconds(walk, repeat * 5)
    db = sqlite3.connect(":memory:")
    baseline = per_call(lambda: db.execute("SELECT 1").fetchone(), 2000)
    value = total / steps
    return Figure(
        "engine",
        f"one answer (Session.answer, kent-o32g path of {steps} steps)",
        "ms",
        value * 1000,
        "trivial SQLite query (SELECT 1)",
        baseline * 1000,
        target="under 1 ms",
        met=value < 0.001,
    )


def _rule_diff(catalogue: Catalogue, repeat: int) -> Figure:
    """``diff`` of kent-o32g against a copy with one authoriser changed (issue 15)."""
    import tempfile

    from assistant.rulediff import rule_diff

    path = catalogue.tree_files["kent-o32g"].path
    text = path.read_text(encoding="utf-8")
    rule = '{ role = "sergeant", reason = "A second CR for a similar offence within 12 months."'
    with tempfile.TemporaryDirectory() as folder:
        changed = Path(folder) / "changed.toml"
        changed.write_text(text.replace(rule, rule.replace("sergeant", "inspector")), "utf-8")
        old = load_valid_tree(path, catalogue.corpus)
        new = load_valid_tree(changed, catalogue.corpus)
        value, _ = seconds(lambda: rule_diff(old, new), repeat)
        baseline, _ = seconds(lambda: load_valid_tree(changed, catalogue.corpus), repeat)
    return Figure(
        "engine",
        "diff kent-o32g, one authoriser changed (rules, paths counted)",
        "ms",
        value * 1000,
        "load + validate the changed tree",
        baseline * 1000,
        target="under 1 s",
        met=value < 1.0,
    )


def _search(corpus: Corpus, repeat: int) -> list[Figure]:
    from assistant.corpus.search import SearchIndex, _terms

    build, _ = seconds(lambda: SearchIndex(corpus), 1)
    index = SearchIndex(corpus)
    db = index._db  # the same FTS5 table, queried bare
    value = per_call(lambda: [index.search(q) for q in SEARCHES], 20, repeat) / len(SEARCHES)
    bare = [" AND ".join(_terms(q)) for q in SEARCHES]
    query = "SELECT rowid FROM para WHERE para MATCH ? LIMIT 5"
    baseline = per_call(
        lambda: [db.execute(query, (q,)).fetchall() for q in bare], 20, repeat
    ) / len(SEARCHES)
    return [
        Figure(
            "engine",
            "guidance search (corpus.search)",
            "ms",
            value * 1000,
            "bare FTS5 MATCH on the same index",
            baseline * 1000,
            target="under 10 ms",
            met=value < 0.010,
            extra={"index_build_ms": build * 1000},
        )
    ]
