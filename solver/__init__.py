"""How to find the best valid plan: the CP-SAT model of the rule catalogue (docs/rules.md)."""
