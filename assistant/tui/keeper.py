"""Crash recovery in the TUI: the case in progress is saved after every answer, and offered
for resumption the next time the same tree is opened.

The policy (what is saved, when a saved case is offered, what discarding it does) is
:class:`assistant.recovery.CaseKeeper`'s, shared with ``cr-assistant ask``; this module only
shows it, through two hooks the host calls: :meth:`ResumeFlow.tree_started` (a walk began) and
:meth:`ResumeFlow.save` (the transcript now shows the walk's current state).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.recovery import CaseKeeper, SavedSession
    from assistant.tui.host import WalkHost


class ResumeFlow:
    def __init__(self, host: WalkHost) -> None:
        self.host = host
        self._keeper: CaseKeeper | None = None
        # The app calls tree_started a frame after the first question is shown; an answer given
        # before that is saved by tree_started itself, after the saved cases have been looked at.
        self.started = False

    @property
    def keeper(self) -> CaseKeeper:
        if self._keeper is None:
            from assistant.recovery import CaseKeeper  # after the first frame (see tree_started)

            self._keeper = CaseKeeper()
        return self._keeper

    # -- hooks -----------------------------------------------------------------------------------
    def tree_started(self, tree_id: str) -> None:
        """A new walk of ``tree_id`` is shown: tidy old saves and offer a pending one."""
        from assistant.tui.screens.resume import ResumeScreen

        keeper = self.keeper
        saved = keeper.look(tree_id)
        self.started = True
        self._show_warnings()
        if saved is not None:
            keeper.offering = True
            self.host.push_screen(ResumeScreen(saved), lambda resume: self._chosen(saved, resume))
        elif self.host.session is not None and self.host.session.steps:
            self.save()

    def save(self) -> None:
        """Save the walk as it now stands; reaching the outcome removes the save."""
        session = self.host.session
        if session is None or not self.started:
            return
        if session.finished:
            self.keeper.result_shown()
        else:
            self.keeper.save(session)
        self._show_warnings()

    # -- resuming --------------------------------------------------------------------------------
    async def _chosen(self, saved: SavedSession, resume: bool | None) -> None:
        from assistant.recovery import DISCARDED

        self.keeper.offering = False
        if resume:
            await self.resume(saved)
            return
        if resume is False:
            self.keeper.discard(saved)
            self.host.notify(DISCARDED)
        else:
            self.host.notify(
                "The saved case is kept: open this tree again to resume it.", title="Not now"
            )
        self.save()  # the walk on screen (perhaps already answered) goes into a file of its own

    async def resume(self, saved: SavedSession) -> None:
        """Replay the saved answers through the host, so the transcript shows each of them."""
        from assistant.engine import Session
        from assistant.errors import InputError

        host = self.host
        tree = host.decision_tree
        if tree is None:
            return
        try:
            restored = self.keeper.restore(saved, tree)
        except InputError as error:
            host.notify(error.problems[0], title="Not resumed", severity="error")
            self.save()  # the walk on screen goes on, and is saved as its own case
            return
        if host.session is not None and host.session.steps:
            await host.restart()
        host.offence_date = restored.session.offence_date
        session = host.session = Session(tree, offence_date=restored.session.offence_date)
        session.remembered.update(restored.session.remembered)
        await host.say(f"Resumed the case you were working on ({saved.describe()}).")
        self.keeper.replaying = True
        try:
            for step in restored.session.steps:
                offered = session.offered()
                if step.answer not in offered:
                    break
                await host.answer(offered.index(step.answer) + 1)
        finally:
            self.keeper.replaying = False
        for dropped in restored.dropped:
            await host.say(f"⚠ Not restored: {dropped.line()}", "dropped")
        self.save()

    def _show_warnings(self) -> None:
        for line in self.keeper.new_warnings():
            self.host.notify(line, title="Saved cases", severity="warning", timeout=10)
