"""Pure course logic: scoring, branching, criteria counting. No widgets, no plots."""
