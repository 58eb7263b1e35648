"""Rapport: coaching students through networking by informational interview."""
