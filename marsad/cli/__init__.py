"""The `marsad` command line: one module per command, each attaching to `marsad.cli.app`.

Adding a command is a module under marsad/cli/ and one name in COMMAND_MODULES.
"""

from importlib import import_module

from marsad.cli.app import main

COMMAND_MODULES = [
    "eval_time",
    "ingest",
    "search",
    "show",
    "entities",
    "export",
    "serve",
    "timeline",
    "status",
    "train",
    "eval_ner",
    "eval_claims",
    "events",
    "eval_events",
    "reuse",
    "eval_reuse",
]

for _name in COMMAND_MODULES:
    import_module(f"marsad.cli.{_name}")

__all__ = ["main"]
