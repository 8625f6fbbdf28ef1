"""Which trees and guidance are available: the bundled ones plus any force folders.

A force folder (``--trees DIR`` or ``CR_ASSISTANT_TREES``, several joined with the path
separator) holds ``trees/*.toml``, ``guidance/*.md`` and ``trees/scenarios/<tree-id>/*.toml``,
laid out like the bundled data, and is validated on load exactly like it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from assistant import cache
from assistant.corpus import Corpus, load_corpus
from assistant.engine import Tree, load_valid_tree
from assistant.engine.loader import read_toml, tree_from_data
from assistant.engine.pause import collector_paused
from assistant.errors import InputError, problem
from assistant.paths import data_root
from assistant.safefile import TREE, read_bounded

ENV_VAR = "CR_ASSISTANT_TREES"


@dataclass(frozen=True)
class TreeFile:
    id: str
    title: str
    force: str
    path: Path


class Catalogue:
    def __init__(
        self, extra_roots: Sequence[Path] = (), origin: str = "--trees", cached: bool = True
    ) -> None:
        # With ``cached``, an unchanged guidance set is not parsed again and an unchanged tree,
        # validated before against it, is not validated again (assistant.cache).
        self.cached = cached
        roots = [data_root()]
        for root in extra_roots:
            if not root.is_dir():
                what = "does not exist" if not root.exists() else "is not a folder"
                raise InputError(
                    problem(str(root), "folder", what, f"give {origin} a folder holding trees/")
                )
            if not (root / "trees").is_dir() and not (root / "guidance").is_dir():
                raise InputError(
                    problem(
                        str(root),
                        "folder",
                        "holds neither trees/ nor guidance/",
                        "lay it out as trees/*.toml, guidance/*.md, trees/scenarios/TREE-ID/",
                    )
                )
            # The same folder named twice (flag and environment) is one folder.
            if root.resolve() not in {known.resolve() for known in roots}:
                roots.append(root)
        self.roots = tuple(roots)

    @classmethod
    def from_options(cls, trees: Sequence[str] | None, cached: bool = True) -> Catalogue:
        """The bundled data plus ``--trees`` folders, then those in $CR_ASSISTANT_TREES."""
        extra = [Path(item) for item in (trees or [])]
        env = os.environ.get(ENV_VAR, "")
        extra += [Path(item) for item in env.split(os.pathsep) if item]
        origin = f"--trees (or ${ENV_VAR})" if env else "--trees"
        return cls(extra, origin, cached)

    @cached_property
    def corpus(self) -> Corpus:
        folders = tuple(
            root / "guidance" for root in self.roots[1:] if (root / "guidance").is_dir()
        )
        return load_corpus(folders, cached=self.cached)

    @cached_property
    def tree_files(self) -> dict[str, TreeFile]:
        found: dict[str, TreeFile] = {}
        for root in self.roots:
            for path in sorted((root / "trees").glob("*.toml")):
                head = self._tree_head(path)
                tree_id = head.get("id") if isinstance(head, dict) else None
                if not isinstance(tree_id, str):
                    raise InputError(
                        problem(str(path), "[tree]", "no tree id", 'add id = "..." under [tree]')
                    )
                if tree_id in found:
                    raise InputError(
                        problem(
                            str(path),
                            "[tree] id",
                            f"tree id '{tree_id}' is already used by {found[tree_id].path}",
                            "give each tree its own id",
                        )
                    )
                found[tree_id] = TreeFile(
                    tree_id, str(head.get("title", tree_id)), str(head.get("force", "")), path
                )
        return found

    def _tree_head(self, path: Path) -> Any:
        """The file's [tree] table: id, title and force (from the cache while the file is
        unchanged, since reading it means parsing the whole file)."""
        key = None
        if self.cached:
            try:
                raw, _ = read_bounded(path, TREE)
                key = cache.fingerprint([cache.code_fingerprint(), str(path), raw])
            except InputError:
                key = None  # read_toml reports it
        if key is not None:
            stored = cache.read("tree-head", key)
            if stored is not None:
                head = _json_object(stored)
                if isinstance(head, dict) and all(
                    isinstance(head.get(name), str) for name in ("id", "title", "force")
                ):
                    return head
        head = read_toml(path).get("tree", {})
        if key is not None and isinstance(head, dict) and isinstance(head.get("id"), str):
            names = {"id": head["id"], "title": head.get("title", head["id"])}
            names["force"] = head.get("force", "")
            cache.write("tree-head", key, json.dumps({k: str(v) for k, v in names.items()}))
        return head

    def tree_path(self, tree_id: str | None) -> Path:
        """The file of a tree id (or a .toml path). None only when there is a single tree:
        with several, the interface asks (or uses the remembered choice), never a default."""
        files = self.tree_files
        if tree_id is None:
            if len(files) == 1:
                return next(iter(files.values())).path
            raise InputError(
                f"several trees are available ({', '.join(files)}): choose one with --tree ID"
            )
        if tree_id in files:
            return files[tree_id].path
        candidate = Path(tree_id)
        if candidate.suffix == ".toml" and candidate.exists():
            return candidate
        raise InputError(f"unknown tree '{tree_id}': available trees are {', '.join(files)}")

    def tree(self, tree_id: str | None = None) -> Tree:
        path = self.tree_path(tree_id)
        corpus = self.corpus
        if not self.cached or corpus.fingerprint is None:
            return load_valid_tree(path, corpus)
        try:
            raw, _ = read_bounded(path, TREE)
        except InputError:
            raw = b""
        if not raw:
            return load_valid_tree(path, corpus)  # reports the problem as usual
        # The same bytes, guidance and code as a start that found no problem: skip validation,
        # and read the file's parsed TOML as JSON (tomllib takes 30 times as long).
        key = cache.fingerprint([cache.code_fingerprint(), str(path), raw, corpus.fingerprint])
        stored = _json_object(cache.read("valid-tree", key))
        if stored is not None:
            return tree_from_data(path, stored)
        from assistant.engine.validate import validate  # networkx: only when validating

        with collector_paused():
            data = read_toml(path, raw=raw)
        tree = tree_from_data(path, data)
        problems = validate(tree, corpus)
        if problems:
            raise InputError(problems[0], problems)
        with contextlib.suppress(TypeError, ValueError):  # a TOML date has no JSON: no cache
            cache.write("valid-tree", key, json.dumps(data))
        return tree

    def scenario_folders(self, tree_id: str) -> list[Path]:
        return [
            root / "trees" / "scenarios" / tree_id
            for root in self.roots
            if (root / "trees" / "scenarios" / tree_id).is_dir()
        ]


def _json_object(text: str | None) -> dict[str, Any] | None:
    """A cached JSON object, or None when there is none (or it is not an object).

    An entry's nesting is that of the file it was made from, which parse_toml capped, and its
    seal shows this program wrote it; a RecursionError is a miss all the same."""
    if text is None:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
