"""Search finds Arabic words through hamza, shadda, clitics and endings, and filters."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import seed_doc_id

from marsad.errors import MarsadError
from marsad.search import compile_query, search
from marsad.store import Store


def ids(hits):
    return {h.doc_id for h in hits}


def test_search_finds_one_spelling_and_highlights_it(seed_store: Store):
    hits = search(seed_store, "شويجو")
    assert ids(hits) == {seed_doc_id(seed_store, "001")}
    assert "[شويجو]" in hits[0].snippet_text()


def test_search_folds_hamza_and_shadda(seed_store: Store):
    assert seed_doc_id(seed_store, "000") in ids(search(seed_store, "اكدت"))  # matches وأكّدت


def test_search_strips_prepositions_and_article(seed_store: Store):
    from marsad.ingest import Article, to_document

    only_clitic = to_document(Article(text="اجتمع الوفد بموسكو مع مسؤولين في وزارة الخارجية.", source="hand"))
    seed_store.add_documents([only_clitic])
    moscow = ids(search(seed_store, "موسكو"))
    assert only_clitic.id in moscow and len(moscow) == 5  # 001-004 say موسكو, the new one بموسكو
    assert ids(search(seed_store, "بموسكو")) == moscow
    assert ids(search(seed_store, "ليبي")) == ids(search(seed_store, "الليبي"))
    assert len(ids(search(seed_store, "ليبي"))) == 5


def test_phrase_and_exclusion(seed_store: Store):
    phrase = ids(search(seed_store, '"وزير الدفاع"'))
    assert phrase == {seed_doc_id(seed_store, n) for n in ("001", "002", "003", "004")}
    assert seed_doc_id(seed_store, "003") not in ids(search(seed_store, '"وزير الدفاع" -يفكيروف'))


def test_date_filter_uses_publication_dates(seed_store: Store):
    hits = search(seed_store, "حفتر", date_from=date(2017, 1, 1), date_to=date(2017, 12, 31))
    assert ids(hits) == {seed_doc_id(seed_store, "002")}


def test_empty_query_is_a_clear_error():
    with pytest.raises(MarsadError, match="E303"):
        compile_query(" ، . ")
