"""The local SQLite store: schema, migrations, queries and the single write path."""
