"""Crash recovery: the case in progress is saved after every answer and can be resumed.

Each walk has one small JSON file in the sessions folder (``platformdirs`` user data folder
``cr-assistant/sessions``; ``$CR_ASSISTANT_DATA/sessions`` when that variable is set). It holds
case facts only: the tree id and version, the ordered node ids with the answers given (each
answer's id, and its label as it read then), the offence date and when it was saved. No names,
no free text: the ids and labels come from the tree. The
file is private to its owner (mode 0600) and written atomically, so a crash at any moment leaves
the previous save or the new one, never a broken file.

A walk whose result was shown removes its file (:meth:`SessionStore.finish`, called only
after the result was written); a walk that reached its outcome but whose result could not be
written stays pending, so it can be resumed. An abandoned one stays until it is resumed or
:meth:`SessionStore.prune` removes it, by default after :data:`KEEP_FOR` (7 days: long enough to
cover rest days between shifts, short enough that case facts do not linger). Only the program's
own files (named by :data:`OWN_FILE`) are ever read or removed: the folder may hold anything
else. A damaged file is moved aside (renamed with :data:`DAMAGED` added) with a one-line warning
in :attr:`SessionStore.warnings`, never an error and never a blocked start.

Restoring replays the saved answers by node id and answer id (by label for a file saved before
answers had ids), so a session saved on one version of a tree resumes on the next as far as its
answers still apply, a reworded label included; the answers that no longer do are reported
(:attr:`SessionStore.dropped`), never dropped silently.

UI-free: the plain-text mode and the TUI both use it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import platformdirs

from assistant.engine import Answer, Session, Tree
from assistant.engine.session import EARLIEST_OFFENCE_DATE, offence_date
from assistant.errors import InputError
from assistant.safefile import (
    SAVED_CASE,
    UnreadableFile,
    UnwritableFile,
    decode_input,
    parse_json,
    read_bounded,
    write_atomic,
)

ENV_VAR = "CR_ASSISTANT_DATA"
# The saved-case folder alone (a served session's own; the rest of the data folder, such as the
# decision record, stays shared): assistant/serve/server.py.
SESSIONS_ENV_VAR = "CR_ASSISTANT_SESSIONS"
APP_NAME = "cr-assistant"
FORMAT = 1
KEEP_FOR = dt.timedelta(days=7)
SUFFIX = ".json"
# Added to a saved case that cannot be read, so it is out of the way but not destroyed.
DAMAGED = ".damaged"
# The names this module gives its files: "<tree hint>-<UTC stamp>-<6 hex digits>.json", the
# same with DAMAGED added, and write_atomic's temporary ".<name>.<random>.tmp" left by a crash.
_NAME = r"[A-Za-z0-9_-]{0,40}-\d{8}T\d{6}Z-[0-9a-f]{6}\.json"
OWN_FILE = re.compile(_NAME)
OWN_DAMAGED = re.compile(_NAME + re.escape(DAMAGED))
OWN_TEMPORARY = re.compile(r"\." + _NAME + r"\.[^/]+\.tmp")


def data_folder() -> Path:
    """The user data folder ($CR_ASSISTANT_DATA when set): saved cases, the decision record."""
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else platformdirs.user_data_path(APP_NAME)


def sessions_folder() -> Path:
    if own := os.environ.get(SESSIONS_ENV_VAR):
        return Path(own)
    return data_folder() / "sessions"


@dataclass(frozen=True)
class SavedAnswer:
    node: str
    # The label as it read when saved: what a message about the answer shows.
    label: str
    # An information step acknowledged, not a question answered.
    info: bool = False
    # The answer's id; "" in a file saved before answers had ids (then the label is matched).
    answer_id: str = ""

    def names(self, answer: Answer) -> bool:
        """Whether this saved answer is ``answer``."""
        return answer.id == self.answer_id if self.answer_id else answer.label == self.label


@dataclass(frozen=True)
class SavedSession:
    path: Path
    tree_id: str
    tree_version: str
    answers: tuple[SavedAnswer, ...]
    offence_date: dt.date | None
    saved_at: dt.datetime
    finished: bool = False

    @property
    def question_count(self) -> int:
        """Answers the officer chose (information steps acknowledged are not counted)."""
        return sum(1 for answer in self.answers if not answer.info)

    def describe(self) -> str:
        """'3 answers, saved 23 Nov 10:41' (local time)."""
        count = self.question_count
        when = self.saved_at.astimezone().strftime("%d %b %H:%M")
        return f"{count} answer{'s' if count != 1 else ''}, saved {when}"


@dataclass(frozen=True)
class DroppedAnswer:
    """A saved answer that could not be restored, and why."""

    node: str
    label: str
    reason: str

    def line(self) -> str:
        return f"'{self.label}' to {self.node}: {self.reason}"


class SessionStore:
    """The sessions folder; one store follows one walk at a time."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else sessions_folder()
        self.current: Path | None = None
        # One line per damaged file moved aside or failed save, for the interface to show.
        self.warnings: list[str] = []
        # Whether the walk's latest state is on disk: None before anything was saved.
        self.saved_ok: bool | None = None
        # What the last restore could not bring back.
        self.dropped: tuple[DroppedAnswer, ...] = ()

    # -- saving --------------------------------------------------------------------------------
    def save(self, session: Session, tree_id: str | None = None) -> bool:
        """Save the walk so far (call after every answer). False (and a warning) if it failed.

        A walk with no answers has nothing worth keeping, so its file is removed instead.
        """
        if not session.steps:
            self.discard()
            self.saved_ok = None
            return True
        now = dt.datetime.now(dt.UTC)
        record = {
            "format": FORMAT,
            "tree": tree_id or session.tree.id,
            "tree_version": session.tree.meta.version,
            "answers": [
                _answer_record(step.node.id, step.node.kind, step.answer) for step in session.steps
            ],
            "offence_date": session.offence_date.isoformat() if session.offence_date else None,
            "saved_at": now.isoformat(timespec="seconds"),
            "finished": session.finished,
        }
        if self.current is None:
            stamp = now.strftime("%Y%m%dT%H%M%SZ")
            # The tree id is only a readable hint in the name: the file says which tree it is.
            hint = re.sub(r"[^A-Za-z0-9_-]", "_", str(record["tree"]))[:40]
            self.current = self.folder / f"{hint}-{stamp}-{secrets.token_hex(3)}{SUFFIX}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(
                self.current, json.dumps(record, indent=1) + "\n", mode=0o600, overwrite=True
            )
        except (OSError, UnwritableFile) as error:
            reason = error.strerror if isinstance(error, OSError) else error.reason
            self._warn(
                f"the case cannot be saved in {self.folder} ({reason}): it goes on, but "
                f"cannot be resumed after a crash; set {ENV_VAR} to a folder you can write"
            )
            self.saved_ok = False
            return False
        self.saved_ok = True
        return True

    def finish(self) -> None:
        """The walk's result was written or shown: nothing is left to recover.

        Call it only after the result is out; until then the save stays pending."""
        self.discard()
        self.saved_ok = None

    def discard(self) -> None:
        """Remove this walk's file (the officer chose not to resume it, or started afresh)."""
        if self.current is not None:
            with contextlib.suppress(FileNotFoundError):
                self.current.unlink()
            self.current = None

    def remove(self, saved: SavedSession) -> None:
        """Remove a saved walk the officer chose not to resume."""
        with contextlib.suppress(FileNotFoundError):
            saved.path.unlink()
        if saved.path == self.current:
            self.current = None

    # -- finding and restoring ----------------------------------------------------------------
    def saved(self) -> list[SavedSession]:
        """Every readable session file, newest first; damaged ones are moved aside, each with
        a one-line warning."""
        found = []
        for path in self._files():
            try:
                found.append(read_saved(path))
            except ValueError as error:
                self._warn(f"{path}: {error}: {self._move_aside(path)}")
        return sorted(found, key=lambda item: item.saved_at, reverse=True)

    def _move_aside(self, path: Path) -> str:
        """Rename a damaged save out of the way; what became of it, for the warning."""
        aside = path.with_name(path.name + DAMAGED)
        try:
            path.replace(aside)
        except OSError:
            return f"ignored (it is removed after {KEEP_FOR.days} days)"
        return f"moved aside to {aside.name} (removed after {KEEP_FOR.days} days)"

    def pending(self, tree_id: str | None = None) -> SavedSession | None:
        """The newest walk not yet shown to its end (of ``tree_id`` when given), other than
        this store's own. A walk saved at its outcome is pending too: its result was never
        written (the save is removed once it is)."""
        for item in self.saved():
            if item.path == self.current:
                continue
            if tree_id is None or item.tree_id == tree_id:
                return item
        return None

    def restore(self, saved: SavedSession, catalogue_or_tree: Any) -> Session:
        """A session with the saved answers replayed as far as they still apply.

        This store then carries on saving into the same file. What could not be restored is in
        :attr:`dropped` (and the tree's version changing is not an error).
        """
        tree = catalogue_or_tree
        if not isinstance(tree, Tree):
            if saved.tree_id not in catalogue_or_tree.tree_files:
                raise InputError(
                    f"{saved.path}: the saved case is for tree '{saved.tree_id}', which is not "
                    "available: add its force folder with --trees, or start a new case"
                )
            tree = catalogue_or_tree.tree(saved.tree_id)
        elif tree.id != saved.tree_id:
            raise InputError(
                f"{saved.path}: the saved case is for tree '{saved.tree_id}', not '{tree.id}'"
            )
        session, dropped = replay_answers(tree, saved.answers, saved.offence_date)
        self.current = saved.path
        self.saved_ok = True  # the file it came from holds it
        self.dropped = tuple(dropped)
        return session

    # -- housekeeping --------------------------------------------------------------------------
    def prune(self, max_age: dt.timedelta = KEEP_FOR) -> list[Path]:
        """Remove this program's session files (abandoned or moved aside as damaged) not saved
        for ``max_age``, and its temporary files a crash left mid-write. Other files in the
        folder are never touched. Returns the files removed."""
        limit = dt.datetime.now(dt.UTC) - max_age
        removed = []
        for path in self._files(include_temporary=True):
            if path == self.current:
                continue
            try:
                saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
                if saved_at < limit:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue
        return removed

    def _files(self, include_temporary: bool = False) -> Iterator[Path]:
        """The program's own saves; with ``include_temporary`` also its leftovers (temporary
        files and saves moved aside)."""
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        leftovers = (OWN_TEMPORARY, OWN_DAMAGED) if include_temporary else ()
        for path in entries:
            if OWN_FILE.fullmatch(path.name) or any(
                pattern.fullmatch(path.name) for pattern in leftovers
            ):
                yield path

    def _warn(self, line: str) -> None:
        if line not in self.warnings:
            self.warnings.append(line)


def _answer_record(node: str, kind: str, answer: Answer) -> dict[str, Any]:
    # "answer" stays the label (what older versions read); "id" is what a restore matches.
    record: dict[str, Any] = {"node": node, "answer": answer.label, "id": answer.id}
    if kind != "question":
        record["info"] = True
    return record


def read_saved(path: Path) -> SavedSession:
    """Read one session file; ValueError (a short reason) when it is damaged, too large, not a
    regular file (a link, a FIFO), nested too deep, or holds an offence date the ``date``
    command would refuse (after today, or before EARLIEST_OFFENCE_DATE)."""
    try:
        raw, _ = read_bounded(path, SAVED_CASE, follow_links=False)
    except UnreadableFile as error:
        raise ValueError(error.reason) from None
    try:
        data = parse_json(decode_input(raw, path.name), path.name)
    except InputError as error:
        raise ValueError(_reason(str(error), path.name)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a saved session of this version of cr-assistant")
    offence = data.get("offence_date")
    try:
        offence_on = offence_date(_text(offence)) if offence is not None else None
    except (InputError, TypeError):
        raise ValueError(
            f"its offence date '{str(offence)[:40]}' is not a date from "
            f"{EARLIEST_OFFENCE_DATE.isoformat()} to today, as the date command requires"
        ) from None
    try:
        answers = tuple(
            SavedAnswer(
                _text(item["node"]),
                _text(item["answer"]),
                item.get("info") is True,
                _text(item.get("id", "")),
            )
            for item in data["answers"]
        )
        saved_at = dt.datetime.fromisoformat(_text(data["saved_at"]))
        if saved_at.tzinfo is None:
            saved_at = saved_at.replace(tzinfo=dt.UTC)
        return SavedSession(
            path=path,
            tree_id=_text(data["tree"]),
            tree_version=str(data.get("tree_version", "")),
            answers=answers,
            offence_date=offence_on,
            saved_at=saved_at,
            finished=data.get("finished") is True,
        )
    except (KeyError, TypeError, ValueError):
        raise ValueError("its contents are damaged") from None


def _reason(message: str, name: str) -> str:
    """A loader's one line without the file name the warning gives already."""
    rest = message.removeprefix(f"{name}:").strip()
    line = re.match(r"(\d+)(?::\d+)?: ", rest)
    if line:
        return f"line {line.group(1)}: {rest[line.end() :]}"
    return rest.removeprefix("file: ")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def replay_answers(
    tree: Tree, answers: tuple[SavedAnswer, ...], offence_date: dt.date | None = None
) -> tuple[Session, list[DroppedAnswer]]:
    """Walk ``tree`` through saved (node id, answer id) answers as far as they still apply.

    An information step is acknowledged only if it was in the save, so a step the officer has
    not seen yet is shown, not skipped. Every saved answer to a question is kept as the
    remembered answer, so one the walk did not reach yet is still offered as the default.
    """
    session = Session(tree, offence_date=offence_date)
    by_node = {answer.node: answer for answer in answers}
    for node_id, saved in by_node.items():
        node = tree.nodes.get(node_id)
        if node is not None and node.kind == "question":
            known = next((answer for answer in node.answers if saved.names(answer)), None)
            if known is not None:
                session.remembered[node_id] = known.id
    while not session.finished:
        given = by_node.get(session.current.id)
        if given is None:
            break
        chosen = [answer for answer in session.offered() if given.names(answer)]
        if not chosen:
            break
        session.answer(chosen[0])
    on_path = {step.node.id for step in session.steps}
    dropped = []
    for answer in answers:
        if answer.node in on_path or answer.info:
            continue
        node = tree.nodes.get(answer.node)
        if node is None:
            reason = "that question is no longer in the tree"
        elif answer.node == session.current.id:
            reason = "that answer is no longer offered: choose again"
        elif node.kind == "question" and answer.node in session.remembered:
            reason = "not on the path now; kept as the default if the walk reaches it"
        else:
            reason = "not on the path any more"
        dropped.append(DroppedAnswer(answer.node, answer.label, reason))
    return session, dropped


# -- the resume policy (both front ends) ---------------------------------------------------------
DISCARDED = "Starting a new case; the saved one was discarded."


class AtStart(Enum):
    """What to do with a saved case when a walk of its tree begins."""

    NEW = "new"  # nothing worth resuming (or the officer asked for a new case): start afresh
    RESUME = "resume"  # resume without asking (``ask --resume``)
    OFFER = "offer"  # ask the officer: resume it, or discard it and start afresh
    LEAVE = "leave"  # nobody to ask (answers from a pipe): start afresh, keep it for later


def at_start(
    saved: SavedSession | None, *, resume: bool = False, interactive: bool = True
) -> AtStart:
    """The one resume policy: a saved case is offered when someone can answer, resumed when
    asked for, and otherwise kept; deleting one always takes the officer's explicit choice."""
    if saved is None:
        return AtStart.NEW
    if resume:
        return AtStart.RESUME
    return AtStart.OFFER if interactive else AtStart.LEAVE


@dataclass(frozen=True)
class Restored:
    """A saved case brought back: the walk, what could not be, and the tree version it was
    saved on when that is no longer the tree's."""

    session: Session
    saved: SavedSession
    dropped: tuple[DroppedAnswer, ...]
    changed_from: str | None


class CaseKeeper:
    """Saves the walk after every answer and offers a saved one back when its tree is opened.

    UI-free: ``cr-assistant ask`` and the TUI word and show what it decides. The store is made
    when first used, so a front end can put it off until its first frame is drawn.
    """

    def __init__(self, store: SessionStore | None = None) -> None:
        self._store = store
        self._warned = 0
        # While saved answers are replayed, or a saved case is being offered, nothing is saved:
        # the half-replayed walk, or the one "Resume" replaces, must not overwrite the save.
        self.replaying = False
        self.offering = False

    @property
    def store(self) -> SessionStore:
        if self._store is None:
            self._store = SessionStore()
        return self._store

    def look(self, tree_id: str) -> SavedSession | None:
        """A new walk of ``tree_id`` begins: tidy old saves and return the one to offer (the
        newest of the tree with at least one answer chosen), if any."""
        store = self.store
        # A new walk saves into a file of its own; the one before (another tree) stays pending.
        store.current = None
        store.prune()
        saved = store.pending(tree_id)
        return saved if saved is not None and saved.question_count else None

    def save(self, session: Session) -> None:
        """Save the walk as it now stands (not while replaying or offering)."""
        if not (self.replaying or self.offering):
            self.store.save(session, session.tree.id)

    def result_shown(self) -> None:
        """The walk's result is out: nothing is left to resume."""
        if not (self.replaying or self.offering):
            self.store.finish()

    def discard(self, saved: SavedSession) -> None:
        """The officer chose a new case over the saved one (:data:`DISCARDED`)."""
        self.store.remove(saved)

    def restore(self, saved: SavedSession, tree: Tree) -> Restored:
        """The saved walk replayed on ``tree``; InputError (one line) when it cannot be."""
        session = self.store.restore(saved, tree)
        changed = saved.tree_version if saved.tree_version != tree.meta.version else None
        return Restored(session, saved, self.store.dropped, changed)

    @property
    def saved_ok(self) -> bool | None:
        """Whether the walk's latest state is on disk (None: nothing saved yet)."""
        return self.store.saved_ok

    def new_warnings(self) -> list[str]:
        """Warnings (damaged saves, a folder that cannot be written) not yet shown."""
        warnings = self.store.warnings[self._warned :]
        self._warned = len(self.store.warnings)
        return warnings
