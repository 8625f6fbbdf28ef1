"""``cr-assistant contacts``: the local contacts that are set, and where the file lives.

``--init`` writes a commented template listing every role of the available trees; it never
overwrites a file. A malformed file is reported in one line (file:line) and exits 2, like any
other input error; every other command runs on without contacts.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "contacts", help="show the local contacts for each role, and where the file lives"
    )
    parser.add_argument(
        "--init",
        action="store_true",
        help="write a commented template listing every role (never overwrites)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.contacts import (
        contacts_path,
        load_contacts,
        template_text,
        unknown_roles,
        write_template,
    )
    from assistant.engine.loader import load_tree
    from assistant.textout import wrap

    catalogue = Catalogue.from_options(args.trees)
    trees = [load_tree(item.path) for item in catalogue.tree_files.values()]
    if args.init:
        path = contacts_path()
        write_template(path, template_text(trees))
        roles = len({role for tree in trees for role in tree.roles})
        print(f"Wrote a contacts template with {roles} roles to {path}")
        print("Fill in the roles your unit uses, then check it with 'cr-assistant contacts'.")
        return 0

    book = load_contacts()
    print(f"Contacts file: {book.path}")
    if book.warning:
        print(f"cr-assistant: {book.warning}", file=sys.stderr)
        print("  It has a problem, so no contacts are used until it is fixed (see the error).")
        return 2
    if not book.exists:
        print("  Not created yet: 'cr-assistant contacts --init' writes a template to fill in.")
    if book.unit:
        print(f"Local unit: {book.unit}")
    for tree in trees:
        print()
        print(wrap(f"{tree.meta.force}: {tree.meta.title} (tree {tree.id})"))
        for role in tree.roles.values():
            contact = book.for_role(role.id)
            set_to = contact.summary() if contact is not None else "not set"
            print(wrap(f"[roles.{role.id}] {role.name}: {set_to}", indent="  "))
    strays = unknown_roles(book, {role for tree in trees for role in tree.roles})
    if strays:
        print()
        print("In the file but not a role of any available tree (never shown):")
        for line in strays:
            print(f"  {line}")
    return 0
