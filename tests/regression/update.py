"""Rewrite the regression artefacts: one line per path, ids and outcomes only.

    python tests/regression/update.py

Review the diff: it shows exactly which paths' recommendations a tree change alters.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from assistant.catalogue import Catalogue
from assistant.engine.walk import regression_lines


def main() -> None:
    catalogue = Catalogue()
    for tree_id in catalogue.tree_files:
        tree = catalogue.tree(tree_id)
        target = Path(__file__).with_name(f"{tree_id}.paths")
        target.write_text("\n".join(regression_lines(tree)) + "\n", encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
