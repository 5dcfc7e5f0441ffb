"""`marsad export`: documents (and, as they land, events, entities, the network) for other tools."""

from __future__ import annotations

import json
import sys

import click

from marsad.cli.app import db_option, friendly_errors, main, open_store
from marsad.cli.show import document_json
from marsad.errors import MarsadError


@main.command("export")
@db_option
@click.option("--what", type=click.Choice(["documents", "events", "entities", "network"]), default="documents",
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "graphml"]), default="jsonl",
              show_default=True, help="documents: jsonl; events, entities: csv, jsonl, parquet; network: graphml, csv, jsonl, parquet.")
@friendly_errors
def export_command(db_path: str, what: str, fmt: str) -> None:
    """Write the collection to stdout: documents with every layer (JSON lines); events with ACLED-like and
    GDELT-like columns; entities; the entity network (GraphML, or its edges)."""
    if what != "documents":
        from marsad.exports import export

        with open_store(db_path) as store:
            export(store, what, fmt, sys.stdout.buffer)
        return
    if fmt != "jsonl":
        raise MarsadError("E355", what=what, fmt=fmt, allowed="jsonl")
    with open_store(db_path) as store:
        for _, doc in store.iter_documents(layers=True):
            sys.stdout.write(json.dumps(document_json(store, doc), ensure_ascii=False) + "\n")
