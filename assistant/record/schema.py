"""One schema for SQLite and PostgreSQL, as numbered migrations the program runs itself.

Each migration is a list of statements written once, with three placeholders the dialect fills:
``{pk}`` (an auto-numbered key), ``{plain:COLUMN}`` (a CHECK that the column holds a plain name
only, assistant.record.model.PLAIN_NAME) and ``{plain_null:COLUMN}`` (the same, or NULL).
Append a migration to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.record.model import MAX_PLAIN, PLAIN_CHARACTERS

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the decision record.
    (
        """CREATE TABLE cases (
            id {pk},
            case_key TEXT NOT NULL UNIQUE {plain:case_key},
            recorded_at TEXT NOT NULL {plain:recorded_at},
            tree_id TEXT NOT NULL {plain:tree_id},
            policy_version TEXT NOT NULL {plain:policy_version},
            tree_digest TEXT NOT NULL {plain:tree_digest},
            unit TEXT {plain_null:unit},
            outcome_id TEXT NOT NULL {plain:outcome_id},
            disposal_id TEXT NOT NULL {plain:disposal_id},
            is_cr INTEGER NOT NULL CHECK (is_cr IN (0, 1)),
            changed_from TEXT {plain_null:changed_from},
            changed_question TEXT {plain_null:changed_question},
            digest TEXT NOT NULL {plain:digest}
        )""",
        "CREATE INDEX cases_recorded_at ON cases (recorded_at)",
        "CREATE INDEX cases_unit ON cases (unit)",
        """CREATE TABLE case_answers (
            case_id BIGINT NOT NULL REFERENCES cases (id),
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL {plain:question_id},
            answer_id TEXT NOT NULL {plain:answer_id},
            PRIMARY KEY (case_id, position)
        )""",
        """CREATE TABLE case_contacts (
            case_id BIGINT NOT NULL REFERENCES cases (id),
            position INTEGER NOT NULL,
            contact_role TEXT NOT NULL {plain:contact_role},
            role_id TEXT NOT NULL {plain:role_id},
            question_id TEXT NOT NULL {plain:question_id},
            paragraphs TEXT NOT NULL {plain:paragraphs},
            PRIMARY KEY (case_id, position)
        )""",
        """CREATE TABLE case_readings (
            case_id BIGINT NOT NULL REFERENCES cases (id),
            position INTEGER NOT NULL,
            reading_id TEXT NOT NULL {plain:reading_id},
            PRIMARY KEY (case_id, position)
        )""",
        """CREATE TABLE case_special_cases (
            case_id BIGINT NOT NULL REFERENCES cases (id),
            position INTEGER NOT NULL,
            special_case_id TEXT NOT NULL {plain:special_case_id},
            question_id TEXT NOT NULL {plain:question_id},
            PRIMARY KEY (case_id, position)
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
# The tables that hang off a case, in the order they are written.
CHILD_TABLES = ("case_answers", "case_contacts", "case_readings", "case_special_cases")

_PLACEHOLDER = re.compile(r"\{(plain|plain_null):(\w+)\}")


@dataclass(frozen=True)
class Dialect:
    name: str
    pk: str
    param: str  # the driver's parameter marker

    def plain_check(self, column: str) -> str:
        raise NotImplementedError

    def render(self, statement: str) -> str:
        def check(match: re.Match[str]) -> str:
            kind, column = match[1], match[2]
            test = self.plain_check(column)
            return (
                f"CHECK ({column} IS NULL OR {test})"
                if kind == "plain_null"
                else (f"CHECK ({test})")
            )

        return _PLACEHOLDER.sub(check, statement).replace("{pk}", self.pk)

    def sql(self, statement: str) -> str:
        """A query written with ``?`` markers, in this driver's marker."""
        return statement.replace("?", self.param)


class SqliteDialect(Dialect):
    def plain_check(self, column: str) -> str:
        # GLOB: no character outside the plain set (a "-" last in a class is itself).
        return (
            f"length({column}) BETWEEN 1 AND {MAX_PLAIN} "
            f"AND {column} NOT GLOB '*[^{PLAIN_CHARACTERS}]*'"
        )


class PostgresDialect(Dialect):
    def plain_check(self, column: str) -> str:
        return f"{column} ~ '^[{PLAIN_CHARACTERS}]{{1,{MAX_PLAIN}}}$'"


SQLITE = SqliteDialect("sqlite", "INTEGER PRIMARY KEY", "?")
POSTGRES = PostgresDialect("postgresql", "BIGSERIAL PRIMARY KEY", "%s")
