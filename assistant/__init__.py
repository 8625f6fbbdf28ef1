"""Community Resolution guidance assistant.

Flow: guidance/*.md -> corpus (citable paragraphs); trees/*.toml -> validated graph -> session ->
recommendation -> interfaces (plain text, Textual TUI) and exports.
"""

__version__ = "0.1.0"
