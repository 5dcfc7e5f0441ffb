"""`marsad status`: what the database holds, and what ingest refused."""

from __future__ import annotations

import click

from marsad.cli.app import db_option, friendly_errors, json_option, main, open_store, print_json
from marsad.store import Store


def status(store: Store) -> dict[str, object]:
    """Counts of documents, layers by version, corpus pass states and rejected records."""
    conn = store.conn
    return {
        "documents": store.count_documents(),
        "undated_documents": conn.execute("SELECT count(*) FROM documents WHERE published IS NULL").fetchone()[0],
        "outlets": conn.execute("SELECT count(DISTINCT outlet) FROM documents").fetchone()[0],
        "layers": [{"name": r[0], "version": r[1], "documents": r[2]} for r in conn.execute(
            "SELECT name, version, count(*) FROM layers GROUP BY name, version ORDER BY name")],
        "passes": [{"name": r[0], "version": r[1], "last_seq": r[2], "updated_at": r[3]} for r in conn.execute(
            "SELECT name, version, last_seq, updated_at FROM pass_state ORDER BY name")],
        "rejected": conn.execute("SELECT count(*) FROM rejected").fetchone()[0],
    }


@main.command("status")
@db_option
@click.option("--rejected", "list_rejected", is_flag=True, help="List every rejected file or record with its reason.")
@json_option
@friendly_errors
def status_command(db_path: str, list_rejected: bool, as_json: bool) -> None:
    """Show what the database holds."""
    with open_store(db_path) as store:
        data = status(store)
        rejected = store.rejected() if list_rejected else []
    if as_json:
        print_json(data | ({"rejected_records": rejected} if list_rejected else {}))
        return
    click.echo(f"{data['documents']} documents from {data['outlets']} outlet(s); "
               f"{data['undated_documents']} without a publication date; {data['rejected']} rejected record(s).")
    for layer in data["layers"]:
        click.echo(f"  layer {layer['name']} ({layer['version']}): {layer['documents']} documents")
    for corpus_pass in data["passes"]:
        click.echo(f"  pass {corpus_pass['name']} ({corpus_pass['version']}): up to document #{corpus_pass['last_seq']}")
    for record in rejected:
        click.echo(f"  rejected {record['at']}: {record['reason']}")
