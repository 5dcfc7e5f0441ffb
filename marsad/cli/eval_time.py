"""`marsad eval time CASES.jsonl`: accuracy of the temporal tagger and resolver."""

from __future__ import annotations

from pathlib import Path

import click

from marsad.cli.app import eval_group, friendly_errors, json_option, print_json


@eval_group.command("time")
@click.argument("cases", type=click.Path(path_type=Path))
@json_option
@friendly_errors
def eval_time_command(cases: Path, as_json: bool) -> None:
    """Score date tagging and resolution on CASES (JSON lines in the Recognizers-Text date format,
    e.g. ../shared/data/time/recognizers-ar-dev.jsonl)."""
    from marsad.eval.time import evaluate_file

    result = evaluate_file(cases)
    if as_json:
        print_json(result)
        return
    click.echo(f"{result['correct']}/{result['cases']} cases correct: accuracy {result['accuracy']:.3f}; "
               f"span recall {result['span_recall']:.3f} ({result['expressions']} expressions)")
    if result["failures"]:
        click.echo("failing cases:")
    for fail in result["failures"]:
        for r in fail["results"]:
            if r["correct"]:
                continue
            got = f"found '{r['got']}' = {r['value']}" if r["found"] else "not found"
            click.echo(f"  [{fail['reference']}] {fail['text']}\n      expected '{r['expected']}' in {r['values']}; {got}")
