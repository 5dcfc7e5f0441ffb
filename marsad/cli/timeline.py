"""`marsad timeline`: the events of a story, an entity, a pair of entities or a search, in date order."""

from __future__ import annotations

import click

from marsad.cli.app import db_option, friendly_errors, main
from marsad.errors import MarsadError


@main.command("timeline")
@db_option
@click.option("--story", default=None, help="A story id (GET /api/stories lists them).")
@click.option("--entity", default=None, help="An entity id, name, Latin name or alias.")
@click.option("--pair", nargs=2, default=None, help="Two entities: events involving both.")
@click.option("--query", default=None, help="A search query: events reported in the matching articles.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "md"]), default="md", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@friendly_errors
def timeline_command(db_path: str, story: str | None, entity: str | None, pair: tuple[str, str] | None,
                     query: str | None, fmt: str, as_json: bool) -> None:
    """Print a timeline (every event when no subject is given) as Markdown, CSV or JSON."""
    from pathlib import Path

    from marsad.store import Store
    from marsad.timeline import build_timeline, render

    if not Path(db_path).exists():
        raise MarsadError("E301", path=db_path)
    with Store(db_path, readonly=True) as store:
        timeline = build_timeline(store, story=story, entity=entity, pair=tuple(pair) if pair else None, query=query)
        click.echo(render(timeline, "json" if as_json else fmt), nl=False)
