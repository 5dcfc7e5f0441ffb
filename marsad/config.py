"""Settings from `marsad.toml`: explicit path, else $MARSAD_CONFIG, else ./marsad.toml, else defaults.

```toml
[api]
token = "a long random string"   # required for writes (POST); also from $MARSAD_TOKEN
max_request_mb = 20

[pipeline]
workers = 2                      # processes for per-document work (default: all cores)
```
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from marsad.errors import MarsadError

# Every setting, with its default; tests/test_docs.py checks that each is documented above.
SETTINGS = {
    "api.token": None,
    "api.max_request_mb": 20,
    "pipeline.workers": None,
}


@dataclass(frozen=True)
class Config:
    api_token: str | None = None
    api_max_request_mb: float = 20
    pipeline_workers: int | None = None


def model_flag(env: str) -> str:
    """A model flag from the environment ($MARSAD_NER_MODEL, $MARSAD_EVENT_MODEL): trimmed, lower case,
    "fast" when unset or empty. Its callers check the value against the models they have."""
    return os.environ.get(env, "fast").strip().lower() or "fast"


def load_config(path: str | Path | None = None) -> Config:
    """Read the config file (if any) and the environment.

    RAISES MarsadError E112 when the file is not valid TOML.
    """
    candidate = Path(path or os.environ.get("MARSAD_CONFIG") or "marsad.toml")
    data: dict = {}
    if candidate.exists():
        try:
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise MarsadError("E112", path=candidate, detail=str(exc)) from None
    api = data.get("api", {})
    pipeline = data.get("pipeline", {})
    return Config(
        api_token=os.environ.get("MARSAD_TOKEN") or api.get("token"),
        api_max_request_mb=float(api.get("max_request_mb", SETTINGS["api.max_request_mb"])),
        pipeline_workers=pipeline.get("workers"),
    )
