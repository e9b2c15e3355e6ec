"""How to find the best valid plan: the CP-SAT model of RULES.md."""
