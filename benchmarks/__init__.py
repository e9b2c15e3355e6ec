"""Solver speed and quality, measured against peers."""
