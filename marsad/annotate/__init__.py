"""Per-document annotators, registered here and only here, in the order they run.

Each is a pure function of one Document (see `marsad.registry.Annotator`); adding one is a
module and a line below.
"""

from marsad.annotate import claims, dates, entities, events, sentences
from marsad.registry import Annotator

ANNOTATORS: list[Annotator] = [
    sentences.ANNOTATOR,
    entities.ANNOTATOR,
    dates.ANNOTATOR,
    claims.ANNOTATOR,
    events.ANNOTATOR,
]
