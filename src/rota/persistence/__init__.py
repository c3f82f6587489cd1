"""The database: SQLAlchemy 2.0 typed mappings, repositories, a unit of work and Alembic migrations."""
