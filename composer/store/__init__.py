"""Persistence: the only code that speaks SQL.

Callers use :class:`composer.store.store.Store` (``Store.open(url)``) and get frozen records
back; see docs/workflow.md.
"""
