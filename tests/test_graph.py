"""Every shipped tree exports as Mermaid, DOT and JSON, naming every node and every answer."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

from assistant.catalogue import Catalogue
from assistant.cli import main
from assistant.engine import Tree
from assistant.graph import dot_quote, mermaid_ids, to_dot, to_json, to_mermaid

DOT_STRING = r'"(?:[^"\\]|\\.)*"'
DOT_NODE = re.compile(
    rf"^    ({DOT_STRING}) \[label=({DOT_STRING})(?:, [a-z]+=(?:{DOT_STRING}))*\];$"
)
DOT_EDGE = re.compile(rf"^    ({DOT_STRING}) -> ({DOT_STRING}) \[label=({DOT_STRING})\];$")
MERMAID_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text[1:-1])


def _shipped(catalogue: Catalogue) -> list[Tree]:
    return [catalogue.tree(tree_id) for tree_id in catalogue.tree_files]


def test_mermaid_names_every_node_and_edge(catalogue: Catalogue) -> None:
    for tree in _shipped(catalogue):
        text = to_mermaid(tree)
        ids = mermaid_ids(tree)
        assert len(set(ids.values())) == len(ids)
        assert text.startswith("flowchart TD\n")
        for node_id, safe in ids.items():
            assert MERMAID_ID.match(safe)
            assert re.search(rf"^    {safe}[\[(>]", text, re.MULTILINE), node_id
        edges = re.findall(r"^    (\w+) -->\|\"([^\"|]*)\"\| (\w+)$", text, re.MULTILINE)
        assert len(edges) == sum(len(node.answers) for node in tree.nodes.values())
        # Every outcome carries its disposal's class.
        for node in tree.nodes.values():
            if node.kind == "outcome":
                assert re.search(rf"^    class .*\b{ids[node.id]}\b", text, re.MULTILINE)


def test_dot_parses_and_names_every_node_and_edge(catalogue: Catalogue) -> None:
    for tree in _shipped(catalogue):
        lines = to_dot(tree).splitlines()
        assert lines[0] == f"digraph {dot_quote(tree.id)} {{" and lines[-1] == "}"
        nodes, edges = set(), []
        for line in lines[4:-1]:
            node = DOT_NODE.match(line)
            edge = DOT_EDGE.match(line)
            assert node or edge, line
            if node:
                nodes.add(_unquote(node.group(1)))
            else:
                edges.append((_unquote(edge.group(1)), _unquote(edge.group(2))))
        assert nodes == set(tree.nodes)
        assert edges == [(n.id, a.next) for n in tree.nodes.values() for a in n.answers]


def test_dot_quotes_awkward_text() -> None:
    awkward = 'a "quoted" word, a back\\slash\nand a new line'
    assert _unquote(dot_quote(awkward)) == awkward
    assert re.fullmatch(DOT_STRING, dot_quote(awkward))


def test_json_round_trips_through_networkx(catalogue: Catalogue) -> None:
    for tree in _shipped(catalogue):
        graph = nx.node_link_graph(json.loads(to_json(tree)), edges="edges")
        assert set(graph.nodes) == set(tree.nodes)
        assert graph.number_of_edges() == sum(len(n.answers) for n in tree.nodes.values())
        for node in tree.nodes.values():
            if node.kind == "outcome":
                assert graph.nodes[node.id]["disposal"] == node.disposal


def test_graph_command_writes_a_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "tree.mmd"
    assert main(["graph", "--tree", "kent-o32g", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("flowchart TD")
    assert main(["graph", "--tree", "kent-o32g", "--output", str(out)]) == 2
    assert "add --force" in capsys.readouterr().err
    assert (
        main(["graph", "--tree", "kent-o32g", "--format", "dot", "--output", str(out), "--force"])
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith('digraph "kent-o32g"')


def test_images_without_graphviz_say_how_to_install_it(monkeypatch, capsys) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["graph", "--tree", "kent-o32g", "--format", "svg"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "apt install graphviz" in err[0] and "brew install graphviz" in err[0]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_svg_through_graphviz(capsys) -> None:
    assert main(["graph", "--tree", "suffolk-tiers", "--format", "svg"]) == 0
    assert "<svg" in capsys.readouterr().out


def test_command_formats_match_the_module() -> None:
    from assistant.commands.graph import FORMATS
    from assistant.graph import IMAGE_FORMATS, TEXT_FORMATS

    assert (*TEXT_FORMATS, *IMAGE_FORMATS) == FORMATS


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_png_through_graphviz(tmp_path: Path) -> None:
    out = tmp_path / "kent.png"
    assert main(["graph", "--tree", "kent-o32g", "--format", "png", "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_mermaid_has_a_legend_names_disposals_and_authorisations_in_words(
    catalogue: Catalogue,
) -> None:
    tree = catalogue.tree("kent-o32g")
    text = to_mermaid(tree)
    legend = text[text.index('subgraph legend["Legend"]') : text.index("    end\n")]
    for disposal in tree.disposals.values():
        assert f"Outcome: {disposal.label}" in legend.replace("#quot;", '"')
        # Each outcome says its disposal in words, not by colour alone.
        for node in tree.nodes.values():
            if node.disposal == disposal.id:
                assert re.search(
                    rf'{mermaid_ids(tree)[node.id]}\(\["{re.escape(disposal.label)}', text
                )
    assert "⚑ on an answer" in legend
    edges = re.findall(r'-->\|"([^"]*)"\|', text)
    needing = [a for n in tree.nodes.values() for a in n.answers if a.authorise]
    assert sum("⚑" in label for label in edges) == len(needing)
    assert "Yes, the victim supports a CR ⚑ Inspector" in edges
    facts = {name for n in tree.nodes.values() for a in n.answers for name, _ in a.sets}
    assert not [f for f in facts if any(f"{f} =" in label for label in edges)]
