"""CP-SAT rota solver: one module per rule in `rules/`, registered in `registry.py`."""
