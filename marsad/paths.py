"""Where marsad finds the shared data sets and its own bundled files."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent


def shared_dir() -> Path:
    """The shared data folder: $MARSAD_SHARED, else ../shared beside the project root."""
    return Path(os.environ.get("MARSAD_SHARED", PROJECT_ROOT.parent / "shared"))


def shared_data(*parts: str) -> Path:
    """A path under shared/data (it may not exist: callers check and explain)."""
    return shared_dir().joinpath("data", *parts)


def seeds_dir() -> Path:
    return shared_dir() / "seeds"


def model_path(*parts: str) -> Path:
    """A file shipped with the package under marsad/models/."""
    return PACKAGE_DIR.joinpath("models", *parts)


def cache_path(*parts: str) -> Path:
    """A file under marsad's cache folder ($MARSAD_CACHE, else ~/.cache/marsad): results worth keeping
    between runs that can always be recomputed (e.g. sentence embeddings for training)."""
    return Path(os.environ.get("MARSAD_CACHE", Path.home() / ".cache" / "marsad")).joinpath(*parts)
