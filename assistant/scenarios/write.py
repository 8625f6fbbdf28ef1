"""Write files the trainer keeps: a scenario saved from a walk, a sitting's report.

Both are written atomically (a temporary file in the same folder, then linked into place), and an
existing file is never overwritten unless the caller says so.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path

from assistant.engine.model import Tree
from assistant.engine.recommendation import Recommendation
from assistant.errors import InputError, problem

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def refuse_existing(path: Path, force: bool = False, how: str = "choose another name") -> None:
    """Fail early (before any questions) when the file exists or its folder does not."""
    if path.exists() and not force:
        raise InputError(
            problem(str(path), "file", "already exists and will not be overwritten", how)
        )
    if not path.parent.is_dir():
        raise InputError(
            problem(
                str(path),
                "folder",
                f"'{path.parent}' does not exist",
                "create the folder first or choose another path",
            )
        )


def write_atomic(path: Path, text: str, overwrite: bool = False) -> None:
    refuse_existing(path, overwrite)
    try:
        _write(path, text, overwrite)
    except OSError as error:
        raise InputError(
            problem(
                str(path),
                "file",
                error.strerror or "cannot be written",
                "choose a folder you can write to",
            )
        ) from None


def _write(path: Path, text: str, overwrite: bool) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            # link() fails if the name exists, so a file created meanwhile is never replaced.
            try:
                os.link(temporary, path)
            except FileExistsError:
                refuse_existing(path)
                raise
            except OSError:  # a filesystem without hard links: check, then rename
                refuse_existing(path)
                os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


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
    lines += [f"{_key(step.question_id)} = {_string(step.answer)}" for step in rec.path]
    roles = ", ".join(_string(role.id) for role in rec.authorising_roles)
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
