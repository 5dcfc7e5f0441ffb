"""The two kinds of pipeline component, and how they declare what they need.

Per-document annotators are pure functions of one Document and can run anywhere in
parallel. Corpus passes see the whole store. Bundled components register in
`marsad.annotate` and `marsad.corpus` exactly as outside ones would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from marsad.document import Document, Span

if TYPE_CHECKING:
    from marsad.store import Store


@dataclass(frozen=True)
class Annotator:
    """A per-document component: one Document in, one layer out.

    name (str): the layer it assigns, e.g. "entities".
    version (str): versioned implementation name, e.g. "ner.crf.v1"; stored with the layer,
        so a newer version replaces only its own layer.
    requires (tuple): layers that must exist on the document before it runs.
    func (callable): Document -> list[Span]. Must not touch the store or global state.
    check (callable | None): run once before a batch; raises MarsadError when the annotator cannot run at all
        (a model file or an optional package missing, a flag with an unknown value), so a run stops with one
        sentence instead of failing on every document.
    """

    name: str
    version: str
    requires: tuple[str, ...]
    func: Callable[[Document], list[Span]]
    check: Callable[[], object] | None = None


@dataclass(frozen=True)
class CorpusPass:
    """A whole-collection component, run after the annotators, in registration order.

    name (str): e.g. "reuse".
    version (str): e.g. "reuse.minhash.v1"; a new version makes the pass start over.
    requires (tuple): layers and earlier passes it reads.
    run (callable): (store, progress) -> dict of counts for the run summary. It must be
        incremental (only new documents cost work) and run in the store's transactions.
    """

    name: str
    version: str
    requires: tuple[str, ...]
    run: Callable[[Store, Progress], dict[str, Any]]


class Progress:
    """What a long step reports to: the CLI shows a bar, tests and the API stay quiet."""

    def start(self, label: str, total: int | None) -> None:  # noqa: D102
        pass

    def advance(self, n: int = 1) -> None:  # noqa: D102
        pass

    def finish(self) -> None:  # noqa: D102
        pass
