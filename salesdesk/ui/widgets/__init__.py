"""Reusable widgets: entity forms, notices."""
