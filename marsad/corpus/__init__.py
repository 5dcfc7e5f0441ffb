"""Corpus passes, registered here and only here, in the order they run.

Each sees the whole store (see `marsad.registry.CorpusPass`) and is incremental.
"""

from marsad.corpus.doc_dates import DOC_DATES
from marsad.corpus.merge_events import MERGE_EVENTS
from marsad.corpus.resolve import RESOLVE
from marsad.corpus.reuse import PASS as REUSE
from marsad.corpus.stories import STORIES
from marsad.registry import CorpusPass

PASSES: list[CorpusPass] = [
    REUSE,  # first: later passes fold reprints
    DOC_DATES,  # after reuse: reprints date undated articles
    RESOLVE,  # after doc_dates: roles are dated by their documents
    MERGE_EVENTS,  # after resolve: events merge on resolved participants
    STORIES,  # keep last: it reads entities, dates and events from the passes above
]
