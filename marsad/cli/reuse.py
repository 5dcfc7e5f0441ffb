"""`marsad reuse`: reuse links (reprinted passages) and near-duplicate groups of the collection."""

from __future__ import annotations

import click

from marsad.cli.app import db_option, friendly_errors, json_option, main, open_store, print_json
from marsad.errors import MarsadError


def _excerpt(text: str, start: int, end: int, width: int) -> str:
    piece = " ".join(text[start:end].split())
    return piece if len(piece) <= width else piece[: width - 1] + "…"


@main.command("reuse")
@db_option
@click.option("--doc", "doc_id", default=None, help="Only links touching this document (a unique id prefix is enough).")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many links (0: all).")
@json_option
@friendly_errors
def reuse_command(db_path: str, doc_id: str | None, limit: int, as_json: bool) -> None:
    """List reuse links: which passage of which document reappears where, and who printed it first."""
    from marsad.store import reuse as db

    with open_store(db_path) as store:
        if doc_id is not None:
            doc = store.get_document(doc_id, layers=False)
            if doc is None:
                raise MarsadError("E302", doc_id=doc_id)
            doc_id = doc.id
        rows = db.links(store, doc_id=doc_id, limit=limit or None)
        texts = {d: store.get_document(d, layers=False).text for r in rows for d in (r["a_doc"], r["b_doc"])}
        for row in rows:
            row["a_text"] = texts[row["a_doc"]][row["a_start"]:row["a_end"]]
            row["b_text"] = texts[row["b_doc"]][row["b_start"]:row["b_end"]]
        summary = db.counts(store)
        group = db.duplicate_group(store, doc_id) if doc_id else None
    if as_json:
        print_json({"counts": summary, "duplicate_group": group, "links": rows})
        return
    click.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in summary.items()))
    if group is not None:
        click.echo(f"near-duplicate group {group['group_id']} ({len(group['members'])} documents)")
    for row in rows:
        arrow = "→ reprinted in" if row["direction"] == "a->b" else "↔ also in (order unknown)"
        click.echo()
        click.echo(click.style(f"{row['a_doc']} [{row['a_start']}:{row['a_end']}] {arrow} "
                               f"{row['b_doc']} [{row['b_start']}:{row['b_end']}]  similarity {row['similarity']:.2f}",
                               fg="cyan"))
        click.echo(f"  a: {_excerpt(row['a_text'], 0, len(row['a_text']), 160)}")
        click.echo(f"  b: {_excerpt(row['b_text'], 0, len(row['b_text']), 160)}")
