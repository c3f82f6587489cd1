"""Use cases: what a manager asks the system to do."""
