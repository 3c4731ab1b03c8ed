"""Everything that touches the world: database, importers, rendering, mail."""
