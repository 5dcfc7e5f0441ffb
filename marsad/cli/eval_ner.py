"""`marsad eval ner GOLD`: entity-level precision, recall and F1 of the bundled tagger."""

from __future__ import annotations

from pathlib import Path

import click

from marsad.cli.app import eval_group, friendly_errors, json_option, print_json


@eval_group.command("ner")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--model", "kind", type=click.Choice(["fast", "accurate"]), default=None,
              help="Which shipped tagger to score (default: $MARSAD_NER_MODEL, else fast).")
@json_option
@friendly_errors
def eval_ner_command(gold: Path, kind: str | None, as_json: bool) -> None:
    """Score the entity tagger on GOLD (`token TAG` or `token<TAB>TAG` lines, BIO, blank line between sentences)."""
    from marsad.annotate.entities import get_tagger
    from marsad.eval.ner import evaluate_file

    result = evaluate_file(gold, tagger=get_tagger(kind))
    if as_json:
        print_json(result)
        return
    click.echo(f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'found':>6}")
    for label, row in result["per_type"].items():
        click.echo(f"{label:<6} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['gold']:6d} {row['predicted']:6d}")
    click.echo(f"{'all':<6} {result['precision']:6.3f} {result['recall']:6.3f} {result['f1']:6.3f} "
               f"{result['gold']:6d} {result['predicted']:6d}")
    click.echo(f"{result['tokens']} tokens, {result['tokens_per_second']} tokens/s")
