"""The store: SQLModel tables, one transaction per command, migrations, queries."""
