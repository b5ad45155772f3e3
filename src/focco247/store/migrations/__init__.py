"""Schema migrations (Alembic), configured in code: no alembic.ini is needed.

Revisions live in `versions/`; their ids are listed in `focco247.store.db.KNOWN_REVISIONS`.
SQLite runs them in batch mode (a table is rebuilt when a column changes).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at this package, bound to an open connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = connection
    return config


def upgrade_connection(connection: Connection, target: str = "head") -> None:
    """Run the migrations up to `target` inside the connection's open transaction."""
    from alembic import command

    command.upgrade(alembic_config(connection), target)


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
