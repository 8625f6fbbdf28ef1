"""The guidance corpus: exact transcription, citation lookup, search and review status."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.corpus import Corpus
from assistant.corpus.parse import parse_document
from assistant.errors import InputError, UnknownCitation
from tests.conftest import SEEDS

SOP_SEED = SEEDS / "001_181e6916b67cd319.txt"
NUMBERED = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(.*)$")


def _seed_paragraphs() -> dict[str, str]:
    """Numbered paragraphs of the seed, each with the unnumbered lines that follow it."""
    lines = SOP_SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("2.1.1 "))
    end = next(i for i, line in enumerate(lines) if line.startswith("Policy reference:"))
    paragraphs: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines[start:end]:
        found = NUMBERED.match(line)
        if found and found.group(1).count(".") >= 1 and len(found.group(2)) > 0:
            number = found.group(1)
            # Headings ("2.2 Offences Types", "3.2. Evidential standard") are not paragraphs.
            if number.count(".") == 1 and not number.startswith(("8.", "10.", "11.", "5.", "6.")):
                current = None
                continue
            key = number if number not in paragraphs else f"{number}-b"
            current = paragraphs.setdefault(key, [])
            current.append(found.group(2))
        elif current is not None and line.strip() and not re.match(r"^\d+\.\s", line):
            current.append(line.lstrip("• ").strip())
        elif re.match(r"^\d+\.\s", line):
            current = None
    return {pid: " ".join(parts) for pid, parts in paragraphs.items()}


def _flat(text: str) -> str:
    return " ".join(text.replace("• ", "").split())


@pytest.mark.skipif(not SOP_SEED.exists(), reason="the seed documents are not beside the checkout")
def test_every_numbered_sop_paragraph_is_transcribed_exactly(corpus: Corpus) -> None:
    seed = _seed_paragraphs()
    assert "2.1.1" in seed and "11.1" in seed and "4.4.4-b" in seed
    for pid, text in seed.items():
        paragraph = corpus.get("O32g", pid)
        assert paragraph is not None, f"O32g {pid} is missing from the corpus"
        assert _flat(paragraph.text) == _flat(text), f"O32g {pid} differs from the seed"


def test_faults_in_the_source_are_kept_and_noted(corpus: Corpus) -> None:
    first, second = corpus.resolve("O32g 4.4.4"), corpus.resolve("O32g 4.4.4-b")
    assert first.label == second.label == "4.4.4"
    assert any("4.4.4-b" in note for note in second.notes)
    assert corpus.get("O32g", "3.4.4") is None
    assert any("3.4.4" in note for note in corpus.resolve("O32g 3.4.3").notes)
    assert "following conditions are present:" in corpus.resolve("O32g 2.4.2").text
    assert corpus.resolve("O32g 2.4.2").notes
    assert "recoded" in corpus.resolve("O32g 2.4.3").text


@pytest.mark.parametrize("citation", ["O32g 2.3.2", "O32g:2.3.2", "o32g 2.3.2", "2.3.2"])
def test_citation_forms(corpus: Corpus, citation: str) -> None:
    assert corpus.resolve(citation).citation == "O32g 2.3.2"


def test_unnumbered_documents_get_stable_ids(corpus: Corpus) -> None:
    assert "Inspector's authorisation" in corpus.resolve("LPU role.3").text
    assert corpus.resolve("SCR level-3.1").text.startswith("Specialist restorative conferencing")
    assert corpus.resolve("Glossary RUI").text.startswith("Released Under Investigation")


def test_unknown_citation_suggests_close_matches(corpus: Corpus) -> None:
    with pytest.raises(UnknownCitation) as caught:
        corpus.resolve("O32g 2.3.22")
    assert "O32g 2.3.2" in caught.value.suggestions


def test_cite_command_unknown_paragraph_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "O32g", "9.9.9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown citation 'O32g 9.9.9'" in err and "did you mean" in err


def test_cite_command_shows_review_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "O32g", "2.3.2"]) == 0
    out = capsys.readouterr().out
    assert "Inspector or above" in out
    assert "Review overdue" in out and "Head of Victim Justice" in out


def test_search_ranks_the_deciding_paragraph_first(corpus: Corpus) -> None:
    assert corpus.search("class A juvenile")[0].paragraph.citation == "O32g 2.4.1"


def test_search_finds_pcso_and_rui_with_glossary(corpus: Corpus) -> None:
    assert "O32g 3.2.2" in [hit.paragraph.citation for hit in corpus.search("PCSO")]
    rui = [hit.paragraph.citation for hit in corpus.search("RUI")]
    assert "O32g 2.3.4" in rui and "Glossary RUI" in rui
    assert any("**RUI**" in hit.snippet_markdown() for hit in corpus.search("RUI"))


def test_review_status_says_when_the_policy_is_overdue(corpus: Corpus) -> None:
    document = corpus.document("O32g")
    assert document.review_status(dt.date(2024, 4, 30)).overdue is False
    late = document.review_status(dt.date(2024, 5, 1))
    assert (
        late.overdue and "April 2024" in late.message and "Head of Victim Justice" in late.message
    )


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "doc.md"
    path.write_text(body, encoding="utf-8")
    return path


def test_duplicate_paragraph_ids_are_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '---\nid = "X"\ntitle = "T"\nparagraphs = "labelled"\n---\n'
        "# T\n\n**1.1** A.\n\n**1.1** B.\n",
    )
    with pytest.raises(InputError, match=r"line 10: paragraph id '1.1' is already used at line 8"):
        parse_document(path)


def test_unknown_front_matter_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '---\nid = "X"\ntitle = "T"\nparagraphs = "labelled"\nnext_reveiw = "2024-04"\n---\n',
    )
    with pytest.raises(InputError, match="unknown key 'next_reveiw': did you mean 'next_review'"):
        parse_document(path)
