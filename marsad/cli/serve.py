"""`marsad serve`: the web UI and the HTTP API (under /api/, OpenAPI at /openapi.json)."""

from __future__ import annotations

import click

from marsad.cli.app import db_option, friendly_errors, main

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; keep the default unless others must reach it.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes; more serve more concurrent readers (one per core at most).")
@click.option("--config", "config_path", default=None, type=click.Path(dir_okay=False),
              help="Settings file (default $MARSAD_CONFIG, else ./marsad.toml): [api] token, max_request_mb.")
@friendly_errors
def serve_command(db_path: str, host: str, port: int, workers: int, config_path: str | None) -> None:
    """Serve the web UI and the HTTP API for a database."""
    import os
    from pathlib import Path

    import uvicorn

    from marsad.api import create_app
    from marsad.config import load_config

    settings = load_config(config_path)
    token = settings.api_token
    app = create_app(db_path, token=token or "", max_request_mb=settings.api_max_request_mb)
    if host not in LOCAL_HOSTS:
        click.echo(f"Warning: binding to {host}: anyone who can reach it can read the database.", err=True)
    click.echo(f"marsad: http://{host}:{port}/  (API /api/, OpenAPI /openapi.json; "
               f"writes {'need the token' if token else 'are off: no token set'})", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Worker processes build their own app from the environment (checked above by building one here).
    os.environ["MARSAD_DB"] = str(Path(db_path).resolve())
    if config_path:
        os.environ["MARSAD_CONFIG"] = str(Path(config_path).resolve())
    uvicorn.run("marsad.api.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level="warning")
