"""`marsad ingest`, `marsad process` and `marsad run`."""

from __future__ import annotations

import click

from marsad.cli.app import BarProgress, db_option, friendly_errors, json_option, main, open_store, print_json
from marsad.config import load_config
from marsad.ingest import DEFAULT_MAX_MB, IngestReport, ingest
from marsad.pipeline import ProcessReport, process


def _echo_ingest(report: IngestReport, total: int) -> None:
    click.echo(f"Ingested {report.added} new document(s); {report.duplicates} already stored; "
               f"{len(report.rejected)} rejected. The database now holds {total} document(s).")
    for rejection in report.rejected[:50]:
        click.echo(f"  rejected: {rejection.reason}", err=True)
    if len(report.rejected) > 50:
        click.echo(f"  ... and {len(report.rejected) - 50} more; see the `rejected` table.", err=True)


def _echo_process(report: ProcessReport) -> None:
    layers = ", ".join(f"{n} {c}" for n, c in report.layers.items()) or "nothing new"
    click.echo(f"Annotated {report.annotated} document(s): {layers}.")
    for failure in report.failures[:20]:
        click.echo(f"  warning: {failure}", err=True)
    for name, counts in report.passes.items():
        summary = ", ".join(f"{k} {v}" for k, v in counts.items()) if counts else "nothing new"
        click.echo(f"  {name}: {summary}")


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--max-mb", default=DEFAULT_MAX_MB, show_default=True, help="Refuse single files larger than this.")
@click.option("--any-language", is_flag=True, help="Keep texts that are not Arabic.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@json_option
@friendly_errors
def ingest_command(paths: tuple[str, ...], db_path: str, max_mb: float, any_language: bool, quiet: bool,
                   as_json: bool) -> None:
    """Read files, folders, globs or zips of articles into the database."""
    with open_store(db_path, must_exist=False) as store:
        report = ingest(store, paths, progress=BarProgress(enabled=not quiet), max_mb=max_mb,
                        any_language=any_language)
        if as_json:
            print_json(report.to_json() | {"documents": store.count_documents()})
        else:
            _echo_ingest(report, store.count_documents())


@main.command("process")
@db_option
@click.option("--workers", type=int, default=None, help="Processes for per-document work (default: all cores).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@json_option
@friendly_errors
def process_command(db_path: str, workers: int | None, quiet: bool, as_json: bool) -> None:
    """Annotate documents that lack a layer, then run the corpus passes."""
    with open_store(db_path) as store:
        report = process(store, progress=BarProgress(enabled=not quiet),
                         workers=workers or load_config().pipeline_workers)
    print_json(report.to_json()) if as_json else _echo_process(report)


@main.command("run")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", type=int, default=None, help="Processes for per-document work (default: all cores).")
@click.option("--max-mb", default=DEFAULT_MAX_MB, show_default=True, help="Refuse single files larger than this.")
@click.option("--any-language", is_flag=True, help="Keep texts that are not Arabic.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@json_option
@friendly_errors
def run_command(paths: tuple[str, ...], db_path: str, workers: int | None, max_mb: float, any_language: bool,
                quiet: bool, as_json: bool) -> None:
    """Ingest PATHS, then process: the main job."""
    progress = BarProgress(enabled=not quiet)
    with open_store(db_path, must_exist=False) as store:
        ingested = ingest(store, paths, progress=progress, max_mb=max_mb, any_language=any_language)
        processed = process(store, progress=progress, workers=workers or load_config().pipeline_workers)
        if as_json:
            print_json({"ingest": ingested.to_json(), "process": processed.to_json(),
                        "documents": store.count_documents()})
        else:
            _echo_ingest(ingested, store.count_documents())
            _echo_process(processed)
