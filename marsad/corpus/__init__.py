"""Corpus passes, registered here and only here, in the order they run.

Each sees the whole store (see `marsad.registry.CorpusPass`) and is incremental.
"""

from marsad.corpus.stories import STORIES
from marsad.registry import CorpusPass

PASSES: list[CorpusPass] = [
    STORIES,  # keep last: it reads entities, dates and events from the passes above
]
