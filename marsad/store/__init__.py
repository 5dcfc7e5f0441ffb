"""The store: one SQLite file is the whole database. Only this package writes SQL."""

from marsad.store.store import Store

__all__ = ["Store"]
