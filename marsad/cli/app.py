"""The click groups every command module attaches to, and what commands share."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from marsad.errors import MarsadError
from marsad.registry import Progress

DEFAULT_DB = "marsad.db"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
def main() -> None:
    """marsad: from a pile of Arabic news articles to what an analyst needs to know."""


@main.group("eval")
def eval_group() -> None:
    """Score a component against gold data."""


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, help="The SQLite database file.")(func)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(func)


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn marsad's coded errors into one-sentence CLI errors instead of tracebacks."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MarsadError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def open_store(db_path: str, *, must_exist: bool = True):  # noqa: ANN201
    """Open the database (writable); with must_exist, fail with a sentence when there is no file."""
    from pathlib import Path

    from marsad.store import Store

    if must_exist and db_path != ":memory:" and not Path(db_path).exists():
        raise MarsadError("E301", path=db_path)
    return Store(db_path)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


class BarProgress(Progress):
    """A tqdm progress bar on stderr; silent when stderr is not a terminal and --quiet is set."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def start(self, label: str, total: int | None) -> None:
        self.finish()
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, unit="doc", file=sys.stderr, dynamic_ncols=True, leave=True)

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
