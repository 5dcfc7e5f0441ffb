"""`marsad export`: documents (and, as they land, events, entities, the network) for other tools."""

from __future__ import annotations

import json
import sys

import click

from marsad.cli.app import db_option, friendly_errors, main, open_store
from marsad.cli.show import document_json


@main.command("export")
@db_option
@click.option("--what", type=click.Choice(["documents"]), default="documents", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@friendly_errors
def export_command(db_path: str, what: str, fmt: str) -> None:
    """Write the collection to stdout, one JSON object per line, with every layer."""
    with open_store(db_path) as store:
        for _, doc in store.iter_documents(layers=True):
            sys.stdout.write(json.dumps(document_json(store, doc), ensure_ascii=False) + "\n")
