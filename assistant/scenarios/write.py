"""The text of a scenario saved from a walk.

Files are written with :func:`assistant.safefile.write_atomic` (never half a file, never a silent
overwrite); ``refuse_existing`` and ``write_atomic`` are re-exported here for older callers.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from assistant.engine.model import Tree
from assistant.engine.recommendation import Recommendation
from assistant.safefile import refuse_existing, write_atomic

__all__ = ["refuse_existing", "scenario_toml", "write_atomic"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def scenario_toml(rec: Recommendation, tree: Tree, today: dt.date | None = None) -> str:
    """A scenario whose model answers are the path taken and whose expectation is the result.

    The trainer still has to write the title and narrative (marked TODO) and check the
    expectation against the SOP: a scenario is a test of the tree only if its expectation comes
    from reading the SOP.
    """
    today = today or dt.date.today()
    lines = [
        f"# Saved by `cr-assistant ask --save-scenario` on {today.isoformat()} from a walk of",
        f"# {tree.id}. The answers given are the model answers and the recommendation is the",
        "# expectation. Before using it: replace each TODO, check the expectation against the SOP",
        "# itself (not against what the tree said), and add teaching notes with their paragraphs.",
        "",
        f"title = {_string('TODO: a short title for the trainee')}",
        f"tree = {_string(tree.id)}",
        f"narrative = {_string('TODO: what the trainee is told about the case.')}",
        "",
        "[answers]",
    ]
    lines += [f"{_key(step.question_id)} = {_string(step.answer_id)}" for step in rec.path]
    roles = ", ".join(_string(role.id) for role in rec.contact_roles)
    lines += [
        "",
        "[expected]",
        f"disposal = {_string(rec.disposal.id)}",
        f"authorisers = [{roles}]",
        '# obligations = ["O32g 4.1.1"]  # citations that must appear among the obligations',
        "",
        "# [[notes]]",
        '# text = "TODO: the point this scenario teaches"',
        f"# cite = [{_string(rec.cite[0]) if rec.cite else ''}]",
        "",
    ]
    return "\n".join(lines)
