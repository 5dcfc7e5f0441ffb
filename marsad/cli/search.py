"""`marsad search`: ranked, highlighted full-text search."""

from __future__ import annotations

from datetime import date

import click

from marsad.cli.app import db_option, friendly_errors, json_option, main, open_store, print_json
from marsad.search import search


@main.command("search")
@click.argument("query")
@db_option
@click.option("--outlet", default=None, help="Only this outlet.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Earliest date (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Latest date (YYYY-MM-DD).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@json_option
@friendly_errors
def search_command(query: str, db_path: str, outlet: str | None, date_from: date | None, date_to: date | None,
                   limit: int, as_json: bool) -> None:
    """Search the documents: words, "phrases", OR, and -word to exclude."""
    with open_store(db_path) as store:
        hits = search(store, query, outlet=outlet, limit=limit,
                      date_from=date_from.date() if date_from else None,
                      date_to=date_to.date() if date_to else None)
    if as_json:
        print_json([hit.to_json() for hit in hits])
        return
    if not hits:
        click.echo("No document matches.")
    for hit in hits:
        meta = " · ".join(x for x in (hit.published, hit.outlet) if x)
        click.echo(click.style(f"{hit.doc_id}  {hit.title or '(no title)'}", bold=True) + (f"  [{meta}]" if meta else ""))
        mark = (click.style("", reset=False, bold=True, fg="yellow"), click.style("", reset=True)) \
            if click.get_text_stream("stdout").isatty() else ("[", "]")
        click.echo("  " + hit.snippet_text(mark=mark))
