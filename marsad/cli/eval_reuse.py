"""`marsad eval reuse DIR`: detect text reuse in a PAN-layout folder and score it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from marsad.cli.app import BarProgress, eval_group, friendly_errors, json_option, print_json


@eval_group.command("reuse")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--split", type=click.Choice(["all", "tune", "dev"]), default="all", show_default=True,
              help="Our split of the suspicious documents: 'tune' (even positions) or 'dev' (odd).")
@click.option("--limit", type=int, default=None, help="Only the first N suspicious documents.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for the detection XML files (default: a new temporary folder).")
@json_option
@friendly_errors
def eval_reuse_command(folder: Path, split: str, limit: int | None, out: Path | None, as_json: bool) -> None:
    """Score reuse detection on FOLDER (suspicious/, source/, annotations/) with the PAN measures."""
    from marsad.eval.reuse import evaluate

    out = out or Path(tempfile.mkdtemp(prefix="marsad-reuse-"))
    result = evaluate(folder, split=split, limit=limit, out=out, progress=BarProgress(enabled=not as_json))
    result["detections_dir"] = str(out)
    if as_json:
        print_json(result)
        return
    for key in ("precision", "recall", "granularity", "plagdet"):
        click.echo(f"{key:12s} {result[key]:.4f}")
    click.echo(f"{result['suspicious']} suspicious documents, {result['cases']} cases, "
               f"{result['detections']} detections written to {out}")
