"""The store: a bureau's forms across departments and years, in SQLite or PostgreSQL."""
