"""The HTTP API: `create_app(db_path, *, token=None)` builds the FastAPI app (routes under /api/)."""

from marsad.api.app import create_app

__all__ = ["create_app"]
