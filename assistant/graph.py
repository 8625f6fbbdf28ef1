"""A tree as a picture: questions as nodes, answers as edge labels, outcomes styled by disposal.

Mermaid (for Markdown viewers), Graphviz DOT (written here with its own quoting, so pydot is not
needed) and JSON (networkx node-link data). SVG and PNG come from Graphviz's ``dot`` when it is
installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import networkx as nx

from assistant.engine import Tree
from assistant.engine.model import Answer, FactValue, Guard, Node
from assistant.errors import InputError

TEXT_FORMATS = ("mermaid", "dot", "json")
IMAGE_FORMATS = ("svg", "png")

# Outcome colours: a CR green; every other disposal its own warm colour, in the tree's order.
_CR_COLOUR = "#c8e6c9"
_OTHER_COLOURS = ("#ffcdd2", "#ffe0b2", "#fff9c4", "#d1c4e9", "#cfd8dc", "#f8bbd0", "#b2ebf2")
_INFO_COLOUR = "#e3f2fd"


# Marks an answer that requires an authorisation (named after it); explained in the legend.
AUTHORISATION_MARK = "⚑"


class _Words:
    """Edge and node labels in the tree's own words: a condition as the answers that make it
    hold (never a fact's internal name), authorisations by role name with the condition each
    has, outcomes by disposal label as well as colour."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.setters: dict[tuple[str, FactValue], list[str]] = {}
        for node in tree.nodes.values():
            for answer in node.answers:
                for fact in answer.sets:
                    found = self.setters.setdefault(fact, [])
                    if answer.label not in found:
                        found.append(answer.label)

    def condition(self, guard: Guard) -> str:
        parts = [
            " or ".join(f"“{label}”" for label in self.setters.get(fact, [])[:2])
            for fact in guard.facts
        ]
        parts = [part for part in parts if part]
        return f"after {' and '.join(parts)}" if parts else "in some cases"

    def edge(self, answer: Answer) -> str:
        label = answer.label
        if answer.when:
            label += f" ({self.condition(answer.when)})"
        roles = []
        for rule in answer.authorise:
            if answer.when and rule.when and answer.when.excludes(rule.when):
                continue  # never applies where this answer is offered
            name = self.tree.roles[rule.role].name if rule.role in self.tree.roles else rule.role
            roles.append(f"{name} ({self.condition(rule.when)})" if rule.when else name)
        if roles:
            label += f" {AUTHORISATION_MARK} {', '.join(dict.fromkeys(roles))}"
        return label

    def node(self, node: Node) -> str:
        if node.kind != "outcome":
            return node.text
        disposal = self.tree.disposals[node.disposal].label
        title = node.title or node.text
        return f"{disposal} — {title}" if title and title != disposal else disposal


def disposal_colours(tree: Tree) -> dict[str, str]:
    colours: dict[str, str] = {}
    others = iter(_OTHER_COLOURS * (1 + len(tree.disposals) // len(_OTHER_COLOURS)))
    for disposal in tree.disposals.values():
        colours[disposal.id] = _CR_COLOUR if disposal.is_cr else next(others)
    return colours


def _edges(tree: Tree) -> list[tuple[Node, Answer]]:
    return [(node, answer) for node in tree.nodes.values() for answer in node.answers]


# -- Mermaid ---------------------------------------------------------------------------------


def mermaid_ids(tree: Tree) -> dict[str, str]:
    """Node id -> a Mermaid-safe id (letters, digits, underscores; unique; not a keyword)."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for node_id in tree.nodes:
        base = "n_" + re.sub(r"[^A-Za-z0-9_]", "_", node_id)
        candidate, number = base, 2
        while candidate in used:
            candidate, number = f"{base}_{number}", number + 1
        used.add(candidate)
        ids[node_id] = candidate
    return ids


def _mermaid_text(text: str) -> str:
    # Inside "..." Mermaid takes entity codes; quotes and pipes would end the label.
    return (
        text.replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("|", "#124;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("\n", " ")
    )


def to_mermaid(tree: Tree) -> str:
    ids = mermaid_ids(tree)
    words = _Words(tree)
    lines = ["flowchart TD"]
    for node in tree.nodes.values():
        label = _mermaid_text(words.node(node))
        if node.kind == "outcome":
            lines.append(f'    {ids[node.id]}(["{label}"])')
        elif node.kind == "info":
            lines.append(f'    {ids[node.id]}>"{label}"]')
        else:
            lines.append(f'    {ids[node.id]}["{label}"]')
    for node, answer in _edges(tree):
        label = _mermaid_text(words.edge(answer))
        lines.append(f'    {ids[node.id]} -->|"{label}"| {ids[answer.next]}')
    lines += _mermaid_legend(tree)
    for disposal_id, colour in disposal_colours(tree).items():
        members = [ids[n.id] for n in tree.nodes.values() if n.disposal == disposal_id]
        class_name = _class_name(disposal_id)
        lines.append(f"    classDef {class_name} fill:{colour},stroke:#555")
        lines.append(f"    class {','.join([*members, _legend_id(disposal_id)])} {class_name}")
    return "\n".join(lines) + "\n"


def _class_name(disposal_id: str) -> str:
    return "d_" + re.sub(r"[^A-Za-z0-9_]", "_", disposal_id)


def _legend_id(disposal_id: str) -> str:
    return "legend_" + re.sub(r"[^A-Za-z0-9_]", "_", disposal_id)


def _mermaid_legend(tree: Tree) -> list[str]:
    """What the shapes, colours and marks mean: one box per outcome, in its colour and named."""
    lines = ['    subgraph legend["Legend"]', "        direction TB"]
    lines.append('        legend_question["A question; its answers label the arrows"]')
    lines.append(
        f'        legend_mark["{AUTHORISATION_MARK} on an answer: the authorisation it requires"]'
    )
    for disposal in tree.disposals.values():
        label = _mermaid_text(f"Outcome: {disposal.label}")
        lines.append(f'        {_legend_id(disposal.id)}(["{label}"])')
    lines.append("    end")
    return lines


# -- Graphviz DOT ----------------------------------------------------------------------------


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _wrapped(text: str, width: int = 40) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def to_dot(tree: Tree) -> str:
    colours = disposal_colours(tree)
    words = _Words(tree)
    lines = [
        f"digraph {dot_quote(tree.id)} {{",
        "    rankdir=TB;",
        '    node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in tree.nodes.values():
        attributes = [f"label={dot_quote(_wrapped(words.node(node)))}"]
        if node.kind == "outcome":
            disposal = tree.disposals[node.disposal]
            attributes += [
                'shape="box"',
                'style="filled,bold"',
                f"fillcolor={dot_quote(colours[disposal.id])}",
                f"tooltip={dot_quote(disposal.label)}",
            ]
        elif node.kind == "info":
            attributes += ['shape="note"', 'style="filled"', f"fillcolor={dot_quote(_INFO_COLOUR)}"]
        lines.append(f"    {dot_quote(node.id)} [{', '.join(attributes)}];")
    for node, answer in _edges(tree):
        label = dot_quote(_wrapped(words.edge(answer), 30))
        lines.append(f"    {dot_quote(node.id)} -> {dot_quote(answer.next)} [label={label}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- JSON (networkx node-link data) ----------------------------------------------------------


def to_networkx(tree: Tree) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(tree=tree.id, title=tree.meta.title)
    for node in tree.nodes.values():
        data: dict[str, object] = {"kind": node.kind, "text": node.text, "cite": list(node.cite)}
        if node.kind == "outcome":
            disposal = tree.disposals[node.disposal]
            data.update(title=node.title, disposal=disposal.id, is_cr=disposal.is_cr)
        graph.add_node(node.id, **data)
    for node, answer in _edges(tree):
        graph.add_edge(
            node.id,
            answer.next,
            label=answer.label,
            when=dict(answer.when.facts),
            authorise=[rule.role for rule in answer.authorise],
        )
    return graph


def to_json(tree: Tree) -> str:
    data = nx.node_link_data(to_networkx(tree), edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_text(tree: Tree, form: str) -> str:
    return {"mermaid": to_mermaid, "dot": to_dot, "json": to_json}[form](tree)


def render_image(tree: Tree, form: str) -> bytes:
    """SVG or PNG through Graphviz's ``dot``; an InputError saying how to install it if absent."""
    program = shutil.which("dot")
    if program is None:
        raise InputError(
            f"graph --format {form} needs Graphviz's 'dot': install it (apt install graphviz, "
            "or brew install graphviz) or use --format dot|mermaid|json"
        )
    done = subprocess.run(
        [program, f"-T{form}"], input=to_dot(tree).encode("utf-8"), capture_output=True, check=False
    )
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"dot could not draw the graph: {reason[0] if reason else 'no reason given'}"
        )
    return done.stdout
