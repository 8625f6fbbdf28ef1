"""The side panel: authorisations so far, the facts so far, the current citation in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from assistant.engine.recommendation import people_to_contact
from assistant.engine.session import authorisations_so_far as engine_authorisations_so_far
from assistant.presentation import person_lines
from assistant.tui.widgets.result import cites_text

if TYPE_CHECKING:
    from assistant.corpus import Corpus
    from assistant.engine import Session


def authorisations_so_far(session: Session) -> list[str]:
    """The people the answers so far call for, one line each (the highest rank in a chain
    covers the lower ones), as to-do lines: nothing is authorised until the result. The words
    are the result's own (``person_lines``), run together to fit the narrow panel."""
    lines = []
    for person in people_to_contact(engine_authorisations_so_far(session.tree, session.steps)):
        who, *reasons = person_lines(person)
        said = "; ".join(f"{line.text}{cites_text(line.cite)}" for line in reasons)
        lines.append(f"☐ {who.text}: {said}")
    return lines


def _fact_value(value: object) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


class SidePanel(VerticalScroll):
    """Shown beside the transcript on wide terminals; toggled with a key. Its sections are
    built the first time it is shown (on a narrow terminal, perhaps never).

    In training (the class "training") it shows the scenario being walked instead of the
    facts and authorisations so far, which would give the answer away."""

    DEFAULT_CSS = """
    SidePanel .training-only { display: none; }
    SidePanel.training .training-only { display: block; }
    SidePanel.training .hidden-in-training { display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._built = False
        self._latest: tuple[Session, Corpus] | None = None
        self._scenario = ("", "")

    def show_scenario(self, title: str, narrative: str) -> None:
        """The scenario a trainee is walking (empty strings when none is)."""
        self._scenario = (title, narrative)
        if self._built:
            self.query_one("#side-scenario-title", Static).update(title)
            self.query_one("#side-scenario", Static).update(narrative)

    def show(self, shown: bool) -> None:
        self.display = shown
        if shown and not self._built:
            self._built = True
            self.mount_all(self._sections())
            if self._latest is not None:
                self._fill(*self._latest)

    def _sections(self) -> ComposeResult:
        # Short, changing sections first; the paragraph (often long) last.
        title, narrative = self._scenario
        yield Static(
            title, markup=False, classes="side-heading training-only", id="side-scenario-title"
        )
        yield Static(narrative, markup=False, classes="training-only", id="side-scenario")
        yield Static("Authorisations so far", classes="side-heading hidden-in-training")
        yield Static("", markup=False, id="side-authorisations", classes="hidden-in-training")
        yield Static("Facts so far", classes="side-heading hidden-in-training")
        yield Static("", markup=False, id="side-facts", classes="hidden-in-training")
        yield Static(
            "Paragraph of this question", classes="side-heading", id="side-paragraph-heading"
        )
        yield Static("", markup=False, id="side-paragraph")
        yield Static("Path taken (trainer view)", classes="side-heading trainer-only")
        yield Static("", markup=False, id="side-path", classes="trainer-only")

    def refresh_from(self, session: Session, corpus: Corpus) -> None:
        self._latest = (session, corpus)
        if self._built:
            self._fill(session, corpus)

    def _fill(self, session: Session, corpus: Corpus) -> None:
        from assistant.errors import InputError

        node = session.current
        texts = []
        for citation in node.cite:
            try:
                paragraph = corpus.resolve(citation, session.tree.meta.primary_document)
            except InputError:
                texts.append(f"{citation}: not found in the guidance")
                continue
            texts.append(f"§ {paragraph.citation}\n{paragraph.text}")
        self.query_one("#side-paragraph", Static).update("\n\n".join(texts) or "—")
        # Each fact with the answer that set it: a fact's name alone is the tree's word, the
        # answer is the officer's.
        set_by = {name: step.answer.label for step in session.steps for name, _ in step.answer.sets}
        self.query_one("#side-facts", Static).update(
            "\n".join(
                f"• {name}: {_fact_value(value)} (“{set_by[name]}”)"
                for name, value in session.facts.items()
            )
            or "None yet."
        )
        found = authorisations_so_far(session)
        if session.finished and not session.tree.disposals[node.disposal].is_cr:
            found = []
        self.query_one("#side-authorisations", Static).update("\n".join(found) or "None so far.")
        path = [step.node.id for step in session.steps] + [node.id]
        self.query_one("#side-path", Static).update(" → ".join(path))
