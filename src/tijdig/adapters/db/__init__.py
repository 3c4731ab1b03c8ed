"""The database: SQLAlchemy rows, converters to domain values, repositories, the unit
of work and the Alembic migrations. Money is stored as integer minor units."""
