"""`marsad eval claims GOLD`: source-type and stance scores of the claims annotator."""

from __future__ import annotations

from pathlib import Path

import click

from marsad.cli.app import eval_group, friendly_errors, json_option, print_json


@eval_group.command("claims")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="Score one part of the gold file: dev (used for tuning), test (held out) or all.")
@json_option
@friendly_errors
def eval_claims_command(gold: Path, split: str, as_json: bool) -> None:
    """Score the claims annotator on GOLD (JSON lines referring to SaudiNewsNet articles in ../shared/data)."""
    from marsad.eval.claims import evaluate_file

    result = evaluate_file(gold, split=split)
    if as_json:
        print_json(result)
        return
    click.echo(f"{result['claims']} gold claims ({split}) in {result['articles']} articles; found {result['found']:.1%}")
    click.echo(f"source type accuracy {result['source_type_accuracy']:.3f} (strict {result['source_type_accuracy_strict']:.3f}), "
               f"macro-F1 {result['source_type_macro_f1']:.3f}; stance accuracy {result['stance_accuracy']:.3f}")
    click.echo(f"{'type':<13} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for label, row in result["per_type"].items():
        click.echo(f"{label:<13} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['gold']:5d} {row['predicted']:5d}")
