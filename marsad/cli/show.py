"""`marsad show`: one document with its metadata, paragraphs and layers."""

from __future__ import annotations

import click

from marsad.cli.app import db_option, friendly_errors, json_option, main, open_store, print_json
from marsad.document import Document
from marsad.errors import MarsadError
from marsad.store import Store


def document_json(store: Store, doc: Document) -> dict[str, object]:
    """A document, its paragraphs, layers and paragraph-level reuse sources, as JSON."""
    return {
        "id": doc.id, "title": doc.title, "outlet": doc.outlet, "author": doc.author, "url": doc.url,
        "published": doc.published.isoformat() if doc.published else None, "source": doc.source,
        "text": doc.text,
        "paragraphs": [{"index": p.index, "start": p.start, "end": p.end,
                        "reprinted_from": paragraph_sources(store, doc.id, p.start, p.end)} for p in doc.paragraphs],
        "layers": {name: [span.to_json() for span in spans] for name, spans in doc.layers.items()},
    }


def paragraph_sources(store: Store, doc_id: str, start: int, end: int) -> list[dict[str, object]]:
    """Other documents sharing this paragraph (reuse links): "earlier" when the other one is the
    known source, "undecided" when dates cannot tell which came first."""
    rows = store.conn.execute(
        "SELECT a_doc, a_start, a_end, similarity, direction FROM reuse_links"
        " WHERE b_doc = ? AND b_start < ? AND b_end > ?"
        " UNION ALL SELECT b_doc, b_start, b_end, similarity, direction FROM reuse_links"
        " WHERE a_doc = ? AND direction = 'undecided' AND a_start < ? AND a_end > ?",
        (doc_id, end, start, doc_id, end, start),
    ).fetchall()
    return [{"doc_id": r[0], "start": r[1], "end": r[2], "similarity": round(r[3], 3),
             "relation": "earlier" if r[4] == "a->b" else "undecided"} for r in rows]


@main.command("show")
@click.argument("doc_id")
@db_option
@json_option
@friendly_errors
def show_command(doc_id: str, db_path: str, as_json: bool) -> None:
    """Show one document (a unique id prefix is enough)."""
    with open_store(db_path) as store:
        doc = store.get_document(doc_id)
        if doc is None:
            raise MarsadError("E302", doc_id=doc_id)
        data = document_json(store, doc)
    if as_json:
        print_json(data)
        return
    click.echo(click.style(doc.title or "(no title)", bold=True))
    for key in ("id", "outlet", "author", "published", "url", "source"):
        if data[key]:
            click.echo(f"{key}: {data[key]}")
    counts = ", ".join(f"{name} {len(spans)}" for name, spans in doc.layers.items())
    if counts:
        click.echo(f"layers: {counts}")
    click.echo()
    for paragraph in data["paragraphs"]:
        click.echo(f"[{paragraph['index'] + 1}] {doc.text[paragraph['start']:paragraph['end']]}")
        for src in paragraph["reprinted_from"]:
            verb = "reprinted from" if src["relation"] == "earlier" else "also in (order unknown)"
            click.echo(click.style(f"    ↳ {verb} {src['doc_id']} "
                                   f"(chars {src['start']}-{src['end']}, similarity {src['similarity']})", fg="cyan"))
