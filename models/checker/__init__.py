"""The independent plan checker's own parts; `models.validation` is its entry point.

Everything here is read from the rule text and written again, on purpose: see
`models.validation` for the policy.
"""
