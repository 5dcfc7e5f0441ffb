"""`marsad serve`: the web UI and the HTTP API (under /api/, OpenAPI at /openapi.json)."""

from __future__ import annotations

import click

from marsad.cli.app import db_option, friendly_errors, main

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; keep the default unless others must reach it.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--config", "config_path", default=None, type=click.Path(dir_okay=False),
              help="TOML file with [api] token = ... (default ./marsad.toml; MARSAD_TOKEN overrides).")
@friendly_errors
def serve_command(db_path: str, host: str, port: int, config_path: str | None) -> None:
    """Serve the web UI and the HTTP API for a database."""
    import uvicorn

    from marsad.api import create_app, load_token

    token = load_token(config_path)
    app = create_app(db_path, token=token or "")
    if host not in LOCAL_HOSTS:
        click.echo(f"Warning: binding to {host}: anyone who can reach it can read the database.", err=True)
    click.echo(f"marsad: http://{host}:{port}/  (API /api/, OpenAPI /openapi.json; "
               f"writes {'need the token' if token else 'are off: no token set'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
