"""The home's dependency tool: staffing levels derived from residents' needs."""
