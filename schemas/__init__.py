"""Pydantic schemas of what is extracted. This package imports nothing else of the project."""
