"""What-if scenarios: change sets applied to a base scenario, solved and compared with the base."""

from rota.scenarios.changes import ChangeSet, ChangeSetError, apply_changes, parse_change_set
from rota.scenarios.compare import Comparison, WhatIfResult, compare_rotas, run_whatif

__all__ = ["ChangeSet", "ChangeSetError", "Comparison", "WhatIfResult", "apply_changes", "compare_rotas",
           "parse_change_set", "run_whatif"]
