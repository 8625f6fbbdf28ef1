"""Local contacts: the file an officer fills in, and what happens when it is wrong.

A broken file never stops the app: it is reported in one line naming file:line and the fix,
and the result is given without contacts. Contact details reach an export only on request.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from assistant.catalogue import Catalogue
from assistant.cli import main
from assistant.contacts import (
    Contact,
    ContactBook,
    contact_first_text,
    load_contacts,
    roles_in_result,
    template_text,
)
from assistant.engine import Session

REPO = Path(__file__).resolve().parents[1]
GOOD = """\
unit = "Bury St Edmunds SNT"

[roles.ppo_coordinator]
name = "Alex Example"
phone = "01632 960001"
email = "ppo@example.org"
duty = "Mon-Fri 08:00-16:00"

[roles.sergeant]
name = "PS 1234 Jane Example"
phone = "01632 960000"
"""


@pytest.fixture(autouse=True)
def contacts_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "contacts.toml"
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return path


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
    )


def test_a_filled_in_file_gives_each_role_its_contact(contacts_file):
    contacts_file.write_text(GOOD, encoding="utf-8")
    book = load_contacts()
    assert book.warning is None and book.exists
    assert book.unit == "Bury St Edmunds SNT"
    contact = book.for_role("ppo_coordinator")
    assert contact is not None
    assert contact.summary() == (
        "Alex Example, 01632 960001, ppo@example.org; duty: Mon-Fri 08:00-16:00"
    )
    assert book.for_role("inspector") is None


def test_no_file_is_not_a_problem(contacts_file):
    book = load_contacts()
    assert not book.exists and book.warning is None and len(book) == 0


@pytest.mark.parametrize(
    ("text", "line", "expect"),
    [
        ('[roles.sergeant]\nname = "PS Smith\n', 2, "TOML syntax error"),
        (
            '[roles.sergeant]\nname = "PS Smith"\nphon = "01632 960000"\n',
            3,
            "unknown key 'phon': did you mean 'phone'?",
        ),
        (
            'unit = "x"\n\n[roles.inspector]\nname = "Insp Jones"\nphone = 999\n',
            5,
            "phone: must be text, not a number",
        ),
        ('[rolse.sergeant]\nname = "PS Smith"\n', 1, "unknown key 'rolse': did you mean 'roles'?"),
        ('[roles]\nsergeant = "PS Smith"\n', 2, "roles.sergeant: must be a table"),
    ],
    ids=["syntax", "misspelt-key", "wrong-type", "misspelt-table", "not-a-table"],
)
def test_a_malformed_file_is_one_line_with_file_and_line_and_no_contacts(
    contacts_file, text, line, expect
):
    contacts_file.write_text(text, encoding="utf-8")
    book = load_contacts()
    assert book.warning is not None and "\n" not in book.warning
    assert book.warning.startswith(f"{contacts_file}:{line}:")
    assert expect in book.warning
    assert book.warning.endswith("contacts are not used until it is fixed")
    assert len(book) == 0


def test_not_utf8_is_reported_not_raised(contacts_file):
    contacts_file.write_bytes(b'[roles.sergeant]\nname = "\xff"\n')
    assert "not UTF-8" in (load_contacts().warning or "")


def test_a_broken_file_does_not_stop_ask_and_is_reported(contacts_file):
    contacts_file.write_text('[roles.sergeant]\nnmae = "PS Smith"\n', encoding="utf-8")
    done = _run("ask", "--tree", "suffolk-tiers", "--answers", "1,1", "--with-contacts")
    assert done.returncode == 0, done.stderr
    warning = [line for line in done.stderr.splitlines() if "warning" in line]
    assert warning == [
        f"cr-assistant: warning: {contacts_file}:2: roles.sergeant.nmae: unknown key 'nmae': "
        "did you mean 'name'?; contacts are not used until it is fixed"
    ]
    assert "Traceback" not in done.stderr
    assert "Level 3 – Specialist Case Conferencing" in done.stdout
    assert "contacts file has a problem" in done.stdout


def test_contacts_command_reports_a_broken_file_and_exits_2(contacts_file):
    contacts_file.write_text("[roles.sergeant\n", encoding="utf-8")
    assert main(["contacts"]) == 2


def test_contacts_command_shows_what_is_set_and_where(contacts_file, capsys):
    contacts_file.write_text(GOOD + '\n[roles.sergant]\nname = "typo"\n', encoding="utf-8")
    assert main(["contacts"]) == 0
    out = capsys.readouterr().out
    assert f"Contacts file: {contacts_file}" in out
    assert "[roles.ppo_coordinator] County PPO Co-ordinator: Alex Example, 01632 960001" in out
    assert "[roles.inspector] Inspector: not set" in out
    assert "sergant (did you mean 'sergeant'?)" in out


def test_init_writes_a_private_template_of_every_role_and_never_overwrites(contacts_file, capsys):
    assert main(["contacts", "--init"]) == 0
    text = contacts_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(contacts_file.stat().st_mode) == 0o600
    catalogue = Catalogue()
    for item in catalogue.tree_files.values():
        for role_id in catalogue.tree(item.id).roles:
            assert f"# [roles.{role_id}]" in text
    # As written it is all comments: valid, and sets nobody.
    assert tomllib.loads(text) == {}
    book = load_contacts()
    assert book.warning is None and len(book) == 0
    # Uncommenting one role's lines makes a working entry.
    lines = text.splitlines()
    start = lines.index("# [roles.sergeant]")
    lines[start : start + 3] = ["[roles.sergeant]", 'name = "PS 1234 Jane Example"', "# x"]
    contacts_file.write_text("\n".join(lines), encoding="utf-8")
    contact = load_contacts().for_role("sergeant")
    assert contact is not None and contact.name == "PS 1234 Jane Example"
    before = contacts_file.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["contacts", "--init"]) == 2
    assert "already exists and will not be overwritten" in capsys.readouterr().err
    assert contacts_file.read_text(encoding="utf-8") == before


def test_contact_details_reach_exports_only_when_asked(contacts_file, capsys, monkeypatch):
    contacts_file.write_text(GOOD, encoding="utf-8")
    for flag in ("--json", "--markdown", None):
        for with_contacts in (False, True):
            monkeypatch.setattr("sys.stdin", io.StringIO(""))
            argv = ["ask", "--tree", "suffolk-tiers", "--answers", "1,1"]
            argv += [flag] if flag else []
            argv += ["--with-contacts"] if with_contacts else []
            assert main(argv) == 0
            out = capsys.readouterr().out
            assert ("01632 960001" in out) is with_contacts, (flag, with_contacts)
            if flag == "--json" and with_contacts:
                people = json.loads(out)["contacts"]["roles"]
                ppo = next(item for item in people if item["role"] == "ppo_coordinator")
                assert ppo["name"] == "Alex Example"


def test_contact_first_uses_the_local_contact_when_set():
    kent = Catalogue().tree("kent-o32g")
    sergeant = kent.roles["sergeant"]
    assert contact_first_text(sergeant, None) == (
        f"Contact first: Sergeant ({sergeant.description})"
    )
    local = Contact("sergeant", name="PS 1234 Jane Example", phone="01632 960000")
    assert contact_first_text(sergeant, local).endswith(": PS 1234 Jane Example, 01632 960000")


def test_kent_result_with_contacts_names_the_authoriser_first(contacts_file):
    from assistant.engine.walk import walk_all
    from assistant.report import result_lines

    contacts_file.write_text(GOOD, encoding="utf-8")
    catalogue = Catalogue()
    kent = catalogue.tree("kent-o32g")
    rec = next(
        walked.recommendation
        for walked in walk_all(kent)
        if walked.recommendation.contact_first is not None
        and walked.recommendation.contact_first.id == "sergeant"
    )
    lines = result_lines(rec, kent, catalogue.corpus, load_contacts())
    first = [line.strip() for line in lines if "Contact first:" in line]
    assert first == [
        f"Contact first: Sergeant ({kent.roles['sergeant'].description}): "
        "PS 1234 Jane Example, 01632 960000"
    ]
    without = [line.strip() for line in result_lines(rec, kent, catalogue.corpus)]
    assert f"Contact first: Sergeant ({kent.roles['sergeant'].description})" in without
    assert not any("PS 1234" in line for line in without)


def test_a_role_inside_a_longer_role_name_is_not_listed_on_its_own():
    kent = Catalogue().tree("kent-o32g")
    session = Session(kent)
    # Non-intimate domestic abuse of an adult: a substantive Inspector (O32g 2.5.2).
    answers = [
        *("18 or over", "Yes", "None of these", "Another offence", "Yes", "Another family"),
        *("No", "No", "No weapon", "No", "1", "Yes", "Yes", "Yes", "Yes: the victim", "Yes"),
        *("No", "A police officer trained", "There and then"),
    ]
    for answer in answers:
        session.answer(answer)
    rec = session.recommendation()
    assert rec.is_cr
    named = [role.id for role in roles_in_result(rec, kent)]
    assert "substantive_inspector" in named
    assert "inspector" not in named
    assert named[0] == "substantive_inspector"


def test_template_names_each_shared_role_once():
    kent = Catalogue().tree("kent-o32g")
    text = template_text([kent, kent])
    assert text.count("# [roles.sergeant]") == 1


def test_contact_book_is_empty_by_default(tmp_path):
    book = ContactBook(tmp_path / "none.toml")
    assert book.for_role("sergeant") is None and book.warning is None
