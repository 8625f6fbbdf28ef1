"""Scale: synthetic trees of growing size, each operation's growth held to n log n.

Definitions (paths in a DAG with merges can be exponential in number, so "enumerate" is made
precise):

* *load*: ``load_tree`` of the TOML file (parse, type-check, build the graph), against
  ``tomllib.loads`` of the same text.
* *validate*: ``validate(tree, corpus)``, every check, on the DAG-shaped tree.
* *paths (DAG)*: count every start-to-outcome path by dynamic programming over a topological
  order (guards ignored), and list one shortest path to each outcome (breadth-first search).
* *every path (tree)*: ``walk_all`` on a merge-free tree of the same size: every path, guards
  respected, a full recommendation built at each outcome (the output is about n/2 paths).
* *matrix*: ``assistant.matrix.authorisation_matrix(tree)`` when that module exists.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any
from unittest.mock import patch

import networkx as nx

from assistant.bench.synthetic import generate_tree
from assistant.bench.timing import Figure, nlogn_ratio, seconds, unavailable
from assistant.catalogue import Catalogue
from assistant.corpus import Corpus
from assistant.engine import loader
from assistant.engine.loader import load_tree
from assistant.engine.model import Tree
from assistant.engine.pause import collector_paused
from assistant.engine.validate import validate
from assistant.engine.walk import walk_all

DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
VALIDATE_LIMIT = 3.0
REFERENCES = {
    "tomllib": "tomllib.loads, a linear library call",
    "bfs": "networkx BFS (descendants) over the same graph, linear",
}  # seconds for the largest default size


def _inner(size: int) -> int:
    # Small sizes run several times a round so their best time is as trustworthy as a big one's.
    return max(1, min(5, 10_000 // size))


def count_paths(tree: Tree) -> tuple[int, dict[str, list[str]]]:
    """Start-to-outcome paths by DP, and one shortest path to each outcome."""
    graph = tree.graph
    start = tree.meta.start
    ways: dict[str, int] = dict.fromkeys(graph, 0)
    ways[start] = 1
    for node_id in nx.topological_sort(graph):
        here = ways[node_id]
        if here:
            for target, data in graph.succ[node_id].items():
                ways[target] += here * len(data["answers"])
    outcomes = [n for n, node in tree.nodes.items() if node.kind == "outcome"]
    shortest = nx.single_source_shortest_path(graph, start)
    return sum(ways[n] for n in outcomes), {n: shortest[n] for n in outcomes if n in shortest}


@contextmanager
def _size_cap_lifted() -> Iterator[None]:
    """The application refuses tree files over 1 MB (a guard against opening the wrong file;
    about 2,800 synthetic nodes). The engine behind it is what is measured here."""
    from assistant.safefile import read_input as original

    def uncapped(path: Path, kind: str = "file") -> str:
        return original(path, kind, limit=sys.maxsize)

    with patch.object(loader, "read_input", uncapped):
        yield


def _parse(text: str) -> dict[str, Any]:
    # Like for like: load_tree parses with the collector paused too.
    with collector_paused():
        return tomllib.loads(text)


def _every_path(tree: Tree) -> int:
    return sum(1 for _ in walk_all(tree))


def _matrix() -> Callable[[Tree], Any] | None:
    try:
        module = importlib.import_module("assistant.matrix")
    except ImportError:
        return None
    return getattr(module, "authorisation_matrix", None)


class _Case:
    """One size: the DAG-shaped and the merge-free tree, as files and loaded."""

    def __init__(self, folder: str, size: int, citations: list[str]) -> None:
        self.text = generate_tree(size, citations, merges=True)
        self.dag_path = Path(folder, f"dag-{size}.toml")
        self.dag_path.write_text(self.text, encoding="utf-8")
        plain_path = Path(folder, f"tree-{size}.toml")
        plain_path.write_text(generate_tree(size, citations, merges=False), encoding="utf-8")
        self.dag = load_tree(self.dag_path)
        self.plain = load_tree(plain_path)
        self.n = len(self.dag.nodes)
        self.best: dict[str, float] = {}
        self.facts: dict[str, Any] = {
            "nodes": self.n,
            "edges": self.dag.graph.number_of_edges(),
            "toml_kB": len(self.text) // 1024,
        }

    def time(self, name: str, action: Callable[[], object]) -> None:
        spent, runs = seconds(action, _inner(self.n))
        self.best[name] = min(self.best.get(name, spent), *runs)


def scale_figures(
    sizes: Sequence[int], rounds: int = 3, corpus: Corpus | None = None
) -> list[Figure]:
    """Best-of times: the sizes are interleaved round by round, so a busy moment on the
    machine does not land on one size only, and the best time is each step's own cost."""
    corpus = corpus or Catalogue().corpus
    citations = [p.citation for p in corpus if p.doc_id == "O32g"]
    matrix = _matrix()
    with tempfile.TemporaryDirectory(prefix="cr-bench-") as folder, _size_cap_lifted():
        cases = [_Case(folder, size, citations) for size in sizes]
        for case in cases:
            problems = validate(case.dag, corpus) + validate(case.plain, corpus)
            if problems:
                raise RuntimeError(f"synthetic tree is invalid: {problems[0]}")
            case.facts["paths"], shortest = count_paths(case.dag)
            case.facts["outcomes"] = len(shortest)
            case.facts["tree_paths"] = sum(1 for _ in walk_all(case.plain))
        for _ in range(rounds):
            for case in cases:
                case.time("tomllib", partial(_parse, case.text))
                case.time("bfs", partial(nx.descendants, case.dag.graph, case.dag.meta.start))
                case.time("load", partial(load_tree, case.dag_path))
                case.time("validate", partial(validate, case.dag, corpus))
                case.time("paths (DAG)", partial(count_paths, case.dag))
                case.time("every path (tree)", partial(_every_path, case.plain))
                if matrix is not None:
                    case.time("matrix", partial(matrix, case.dag))
    return _figures(cases, matrix is not None)


def _figures(cases: list[_Case], have_matrix: bool) -> list[Figure]:
    figures: list[Figure] = []
    for case in cases:
        best, n, facts = case.best, case.n, case.facts
        figures += [
            Figure("scale", f"load {n:,}", "s", best["load"], "tomllib.loads", best["tomllib"]),
            Figure("scale", f"validate {n:,}", "s", best["validate"], "load", best["load"]),
            Figure(
                "scale",
                f"paths (DAG) {n:,}",
                "s",
                best["paths (DAG)"],
                "validate",
                best["validate"],
                note=f"{facts['paths']:,} paths, {facts['outcomes']:,} outcomes",
            ),
            Figure(
                "scale",
                f"every path (tree) {n:,}",
                "s",
                best["every path (tree)"],
                "validate",
                best["validate"],
                note=f"{facts['tree_paths']:,} paths",
            ),
        ]
        if have_matrix:
            figures.append(
                Figure("scale", f"matrix {n:,}", "s", best["matrix"], "validate", best["validate"])
            )
        else:
            figures.append(
                unavailable("scale", f"matrix {n:,}", "s", "assistant.matrix is not on main")
            )
        for figure in figures[-5:]:
            figure.extra = dict(facts)
    largest = cases[-1]
    for figure in figures:
        if figure.name == f"validate {largest.n:,}" and largest.n >= 100_000:
            figure.target = f"under {VALIDATE_LIMIT:g} s"
            figure.met = figure.value is not None and figure.value < VALIDATE_LIMIT
    rows: dict[str, list[tuple[int, float]]] = {}
    for case in cases:
        for name, spent in case.best.items():
            rows.setdefault(name, []).append((case.n, spent))
    return figures + growth_figures(rows)


def growth_figures(rows: dict[str, list[tuple[int, float]]]) -> list[Figure]:
    """Time(larger)/time(smaller) for each step up in size, against n log n's growth.

    Bigger inputs run slower per item on any real machine (caches, memory): a breadth-first
    search, linear by construction, grows 15-20x per 10x nodes here. So each verdict first
    divides out how far a linear reference grew beyond linear at the same sizes in the same
    run (tomllib for loading, a BFS over the same graph for the graph work); the raw growth is
    the value shown either way. An O(n^2) step would still grow about 100x and fail.
    """
    references = {name: dict(rows.get(name, [])) for name in REFERENCES}
    figures: list[Figure] = []
    for name, points in rows.items():
        for (small, before), (large, after) in pairwise(points):
            bound = nlogn_ratio(small, large)
            growth = after / before
            label = f"{name} {_k(large)}/{_k(small)}"
            if name in REFERENCES:
                figures.append(
                    Figure(
                        "growth",
                        label,
                        "x",
                        growth,
                        "n log n growth",
                        bound,
                        note=f"reference: {REFERENCES[name]} ({large / small:.1f}x the size)",
                    )
                )
                continue
            reference = references["tomllib" if name == "load" else "bfs"]
            machine = 1.0
            if reference.get(small) and reference.get(large):
                machine = max(1.0, (reference[large] / reference[small]) / (large / small))
            adjusted = growth / machine
            figures.append(
                Figure(
                    "growth",
                    label,
                    "x",
                    growth,
                    "n log n growth",
                    bound,
                    target=f"<= {bound:.1f}x",
                    met=adjusted <= bound,
                    note=f"{adjusted:.1f}x after the machine's own {machine:.2f}x",
                    extra={"adjusted": adjusted, "machine_factor": machine},
                )
            )
    return figures


def _k(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)
