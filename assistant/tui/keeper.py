"""Crash recovery in the TUI: the case in progress is saved after every answer, and offered
for resumption the next time the same tree is opened.

The store itself (:mod:`assistant.recovery`) is UI-free and shared with ``cr-assistant ask``;
this module only connects it to :class:`~assistant.tui.app.AssistantApp` through two hooks:
:meth:`CaseKeeper.tree_started` (a walk began) and :meth:`CaseKeeper.save` (the transcript now
shows the walk's current state).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.recovery import SavedSession, SessionStore
    from assistant.tui.app import AssistantApp


class CaseKeeper:
    def __init__(self, app: AssistantApp) -> None:
        self.app = app
        self._store: SessionStore | None = None
        self._warned = 0
        # While saved answers are replayed into the transcript, the half-replayed walk must not
        # overwrite the save it comes from.
        self.replaying = False
        # The app calls tree_started a frame after the first question is shown; an answer given
        # before that is saved by tree_started itself, after the saved cases have been looked at.
        self.started = False
        # While the officer is asked whether to resume a saved case, nothing is saved: an
        # answer given meanwhile belongs to a walk that "Resume" replaces.
        self.offering = False

    @property
    def store(self) -> SessionStore:
        if self._store is None:
            from assistant.recovery import SessionStore  # after the first frame (see tree_started)

            self._store = SessionStore()
        return self._store

    # -- hooks -----------------------------------------------------------------------------------
    def tree_started(self, tree_id: str) -> None:
        """A new walk of ``tree_id`` is shown: tidy old saves and offer a pending one."""
        from assistant.tui.screens.resume import ResumeScreen

        store = self.store
        # A new walk saves into a file of its own; the one before (another tree) stays pending.
        store.current = None
        store.prune()
        saved = store.pending(tree_id)
        self.started = True
        self._show_warnings()
        if saved is not None and saved.question_count:
            self.offering = True
            self.app.push_screen(ResumeScreen(saved), lambda resume: self._chosen(saved, resume))
        elif self.app.session is not None and self.app.session.steps:
            self.save()

    def save(self) -> None:
        """Save the walk as it now stands; reaching the outcome removes the save."""
        session = self.app.session
        if session is None or self.replaying or self.offering or not self.started:
            return
        if session.finished:
            self.store.finish()
        else:
            self.store.save(session, session.tree.id)
        self._show_warnings()

    # -- resuming --------------------------------------------------------------------------------
    async def _chosen(self, saved: SavedSession, resume: bool | None) -> None:
        self.offering = False
        if resume:
            await self.resume(saved)
            return
        if resume is False:
            self.store.current = saved.path
            self.store.discard()
            self.app.notify("Starting a new case; the saved one was discarded.")
        else:
            self.app.notify(
                "The saved case is kept: open this tree again to resume it.", title="Not now"
            )
        self.save()  # the walk on screen (perhaps already answered) goes into a file of its own

    async def resume(self, saved: SavedSession) -> None:
        """Replay the saved answers through the app, so the transcript shows each of them."""
        from assistant.engine import Session
        from assistant.errors import InputError

        app = self.app
        tree = app.tree
        if tree is None:
            return
        try:
            restored = self.store.restore(saved, tree)
        except InputError as error:
            app.notify(error.problems[0], title="Not resumed", severity="error")
            self.save()  # the walk on screen goes on, and is saved as its own case
            return
        if app.session is not None and app.session.steps:
            await app.action_restart()
        app.offence_date = restored.offence_date
        session = app.session = Session(tree, offence_date=restored.offence_date)
        session.remembered.update(restored.remembered)
        await app._say(f"Resumed the case you were working on ({saved.describe()}).")
        self.replaying = True
        try:
            for step in restored.steps:
                offered = session.offered()
                if step.answer not in offered:
                    break
                await app.answer(offered.index(step.answer) + 1)
        finally:
            self.replaying = False
        for dropped in self.store.dropped:
            await app._say(f"⚠ Not restored: {dropped.line()}", "dropped")
        self.save()

    def _show_warnings(self) -> None:
        store = self.store
        for line in store.warnings[self._warned :]:
            self.app.notify(line, title="Saved cases", severity="warning", timeout=10)
        self._warned = len(store.warnings)
