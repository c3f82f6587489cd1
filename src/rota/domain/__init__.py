"""Pure domain models: no I/O, no solver, no web framework."""
