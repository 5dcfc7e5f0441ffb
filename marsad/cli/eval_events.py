"""`marsad eval events FILE.jsonl`: per-type precision, recall and F1 of sentence-level event detection."""

from __future__ import annotations

import os
from pathlib import Path

import click

from marsad.cli.app import eval_group, friendly_errors, json_option, print_json


@eval_group.command("events")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--split", type=click.Choice(["dev", "test"]), default=None,
              help="Score only this part of the gold file (default: all of it).")
@click.option("--errors", "show_errors", is_flag=True, help="Also list the sentences scored wrong.")
@click.option("--model", "model", type=click.Choice(["fast", "accurate"]), default=None,
              help="Which event model judges the rules' events (default: $MARSAD_EVENT_MODEL, else fast).")
@json_option
@friendly_errors
def eval_events_command(gold: Path, split: str | None, show_errors: bool, model: str | None, as_json: bool) -> None:
    """Score the event annotator on GOLD: JSON lines {"id", "text", "labels": [PLOVER types]}
    (or SaudiNewsNet references, see marsad.eval.events)."""
    from marsad.annotate.event_model import MODEL_ENV
    from marsad.eval.events import evaluate_file

    if model is not None:
        os.environ[MODEL_ENV] = model  # read by the annotator when it loads its model

    result = evaluate_file(gold, split=split)
    if not show_errors:
        result.pop("errors")
    if as_json:
        print_json(result)
        return
    click.echo(f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}")
    for label, row in result["per_type"].items():
        click.echo(f"{label:<10} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['support']:8d}")
    micro = result["micro"]
    click.echo(f"{'micro':<10} {micro['precision']:6.3f} {micro['recall']:6.3f} {micro['f1']:6.3f} {micro['support']:8d}")
    click.echo(f"{result['sentences']} sentences, {result['sentences_per_second']} sentences/s ({result['annotator']})")
    for err in result.get("errors", []):
        click.echo(f"{err['id']}: gold {','.join(err['gold']) or '-'}  found {','.join(err['found']) or '-'}")
