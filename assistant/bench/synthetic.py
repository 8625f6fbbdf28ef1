"""Synthetic trees of any size, written as TOML in the same format as trees/*.toml.

The shape follows the shipped trees: mostly two- or three-answer questions, some info nodes,
a first question that sets a fact (``juvenile``) which later answers' authorisations and guards
test, obligations with citations, outcomes with disposals. Every citation is a real paragraph of
the bundled guidance, so a synthetic tree is *valid* and the validator does all of its work.

Two shapes:

* ``merges=False``: a tree in the strict sense (every node has one parent), so the number of
  paths equals the number of outcomes and enumerating every path is linear in the output.
* ``merges=True``: a DAG where about a third of the answers lead to a node another question
  also leads to, as real policy trees do (several questions converge on the same checks).
  Every edge goes from an earlier-created node to a later one, so it is acyclic.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass

FACTS = ("juvenile", "hate_crime", "domestic", "victim_consents", "admits")


@dataclass
class _Draft:
    id: str
    kind: str = "outcome"
    answers: list[tuple[str, str, dict[str, str]]] | None = None  # (label, next, extra TOML)


def _q(text: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML escapes)."""
    return json.dumps(text)


def generate_tree(size: int, citations: Sequence[str], merges: bool, seed: int = 9) -> str:
    """TOML text for a valid tree of about ``size`` nodes citing ``citations`` (DOC PARA)."""
    if size < 4:
        raise ValueError("a synthetic tree needs at least 4 nodes")
    rng = random.Random(seed)
    drafts: list[_Draft] = [_Draft("n0", "question")]
    frontier = [0]  # indexes of nodes not yet given a kind (leaves so far)
    head = 0
    # The first question sets the fact that later guards test, like Kent's age question.
    first = drafts[0]
    first.answers = []
    for label, value in (("Under 18", "true"), ("18 or over", "false")):
        drafts.append(_Draft(f"n{len(drafts)}"))
        first.answers.append((label, drafts[-1].id, {"set": f"{{ juvenile = {value} }}"}))
        frontier.append(len(drafts) - 1)
    head = 1
    while len(drafts) < size and head < len(frontier):
        draft = drafts[frontier[head]]
        head += 1
        room = size - len(drafts)
        if rng.random() < 0.1:
            draft.kind = "info"
            draft.answers = [("Continue", _new(drafts, frontier), {})]
            continue
        draft.kind = "question"
        count = 3 if rng.random() < 0.35 else 2
        draft.answers = []
        for position in range(count):
            later = [i for i in frontier[head : head + 40] if i != frontier[head - 1]]
            if merges and position > 0 and later and rng.random() < 0.35:
                target = drafts[rng.choice(later)].id
            elif room > 0:
                target = _new(drafts, frontier)
                room -= 1
            elif later:
                target = drafts[later[0]].id
            else:
                target = _new(drafts, frontier)
            draft.answers.append(("", target, {}))
    return _render(drafts, citations, rng)


def _new(drafts: list[_Draft], frontier: list[int]) -> str:
    drafts.append(_Draft(f"n{len(drafts)}"))
    frontier.append(len(drafts) - 1)
    return drafts[-1].id


def _render(drafts: list[_Draft], citations: Sequence[str], rng: random.Random) -> str:
    def cite() -> str:
        return _q(rng.choice(citations))

    out = [
        "[tree]",
        'id = "synthetic"',
        f"title = {_q(f'Synthetic tree of {len(drafts)} nodes')}",
        'force = "Benchmark"',
        'guidance = ["O32g"]',
        'primary_document = "O32g"',
        'start = "n0"',
        'contact = "lead"',
        "",
        "[tree.authorisation_record]",
        'text = "The supervisor records the authorisation and the rationale."',
        f"cite = [{cite()}]",
        "",
        "[roles.sergeant]",
        'name = "Sergeant"',
        "rank = 40",
        'description = "A supervisor of Sergeant rank or above."',
        "",
        "[roles.inspector]",
        'name = "Inspector"',
        "rank = 50",
        'description = "An officer of Inspector rank or above."',
        "",
        "[roles.lead]",
        'name = "Lead"',
        "rank = 0",
        "authorises = false",
        'description = "Gives local guidance."',
        "",
        "[disposals.cr]",
        'label = "Community Resolution"',
        "cr = true",
        'route = "Community Resolution, authorised as below."',
        "",
        "[disposals.no_cr]",
        'label = "Not a Community Resolution"',
        "cr = false",
        'route = "Another disposal."',
        "",
        "[readings.silent]",
        'text = "The policy is silent here; this is the reading taken."',
        f"cite = [{cite()}]",
        'ask = "lead"',
        "",
    ]
    for index, draft in enumerate(drafts):
        out.append(f"[nodes.{draft.id}]")
        out.append(f'kind = "{draft.kind}"')
        if draft.kind == "outcome":
            is_cr = index % 3 != 0
            out.append(f"text = {_q(f'Outcome {draft.id}: the case ends here for this reason.')}")
            out.append(f"cite = [{cite()}, {cite()}]")
            out.append(f'disposal = "{"cr" if is_cr else "no_cr"}"')
            out.append(f"title = {_q(f'Outcome {draft.id}')}")
            if index % 5 == 0:
                out.append('readings = ["silent"]')
            out.append("")
            out.append(f"[[nodes.{draft.id}.obligations]]")
            out.append('text = "Record the outcome and the reasons on the crime report."')
            out.append(f"cite = [{cite()}]")
            out.append("")
            continue
        text = f"Question {draft.id}: does the case meet the condition the paragraph sets out?"
        out.append(f"text = {_q(text)}")
        out.append(f"cite = [{cite()}]")
        assert draft.answers is not None
        if draft.kind == "info":
            out.append(f'next = "{draft.answers[0][1]}"')
            out.append("")
            continue
        if index % 4 == 0:
            out.append(f"help = {_q('What the paragraph means in practice, in a sentence.')}")
        out.append("")
        guarded = index > 0 and len(draft.answers) == 3 and index % 2 == 0
        for position, (label, target, extra) in enumerate(draft.answers):
            label = label or ("Yes" if position == 0 else "No" if position == 1 else "Not known")
            out.append(f"[[nodes.{draft.id}.answers]]")
            if guarded and position > 0:
                # Two answers with the same label, exactly one offered, as Kent's tree does.
                label = "No"
                out.append(f"when = {{ juvenile = {'true' if position == 1 else 'false'} }}")
            out.append(f"label = {_q(label)}")
            out.append(f'next = "{target}"')
            for key, value in extra.items():
                out.append(f"{key} = {value}")
            if index > 0 and position == 0 and index % 3 == 0:
                fact = FACTS[1 + index % (len(FACTS) - 1)]
                out.append(f"set = {{ {fact} = true }}")
                out.append(f"explain = {_q('This answer decides who must authorise.')}")
                out.append("")
                out.append(f"[[nodes.{draft.id}.answers.authorise]]")
                out.append('role = "sergeant"')
                out.append('reason = "The rule this answer triggers needs a supervisor."')
                out.append(f"cite = [{cite()}]")
                out.append("")
                out.append(f"[[nodes.{draft.id}.answers.authorise]]")
                out.append('role = "inspector"')
                out.append('reason = "For a juvenile the rule needs an Inspector."')
                out.append(f"cite = [{cite()}]")
                out.append("when = { juvenile = true }")
                out.append("")
                out.append(f"[[nodes.{draft.id}.answers.obligations]]")
                out.append('text = "Tell the victim what was decided."')
                out.append(f"cite = [{cite()}]")
                out.append(f"when = {{ {fact} = true }}")
            out.append("")
    return "\n".join(out) + "\n"


def fact_chain_tree(
    questions: int, citations: Sequence[str], guarded_tail: int = 0, chained: bool = True
) -> str:
    """TOML for ``questions`` Yes/No questions, each answer setting a fact of its own.

    With ``chained`` both answers lead to the next question, so there are 2**questions paths
    and as many sets of facts (without it, only Yes moves on and No ends the case). The last
    ``guarded_tail`` questions each offer a third answer only when an earlier fact is true, so
    guards test that many facts. The shape that made ``check`` and ``diff`` exponential.
    """
    cite = _q(citations[0])
    out = _render([], citations, random.Random(0)).splitlines()
    for index in range(questions):
        following = f"n{index + 1}" if index + 1 < questions else "end_cr"
        out += [f"[nodes.n{index}]", 'kind = "question"', f"text = {_q(f'Question {index}?')}"]
        out += [f"cite = [{cite}]", ""]
        stays = chained and index + 1 < questions
        answers = [("Yes", following, "true"), ("No", following if stays else "end_no", "false")]
        for label, target, value in answers:
            out += [f"[[nodes.n{index}.answers]]", f'label = "{label}"', f'next = "{target}"']
            out += [f"set = {{ f{index} = {value} }}", ""]
        if index >= questions - guarded_tail:
            tested = index - (questions - guarded_tail)
            out += [f"[[nodes.n{index}.answers]]", 'label = "Not known"', 'next = "end_no"']
            out += [f"when = {{ f{tested} = true }}", ""]
    for outcome, disposal in (("end_cr", "cr"), ("end_no", "no_cr")):
        out += [f"[nodes.{outcome}]", 'kind = "outcome"', f"text = {_q('The case ends here.')}"]
        out += [f"cite = [{cite}]", f'disposal = "{disposal}"', f'title = "Outcome {outcome}"', ""]
    return "\n".join(out) + "\n"
