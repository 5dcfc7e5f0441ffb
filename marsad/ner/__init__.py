"""Arabic named-entity recognition: features, word clusters, the CRF tagger and its data readers.

The annotator in `marsad.annotate.entities` wraps the tagger; training lives in `marsad.train.ner`
and scoring in `marsad.eval.ner`.
"""
