"""The whole pipeline on the bundled sample articles: what the README promises a first user."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

from marsad.ingest import ingest
from marsad.pipeline import process
from marsad.store import Store


@pytest.fixture(scope="module")
def examples_store() -> Store:
    db = Store(":memory:")
    ingest(db, [str(EXAMPLES)])
    process(db, workers=1)
    yield db
    db.close()


def _doc(store: Store, name: str):
    return next(d for _, d in store.iter_documents(layers=True) if d.source.endswith(name))


def test_reprinted_paragraphs_link_to_the_earlier_article(examples_store: Store):
    links = {(r[0], r[1], r[2]) for r in examples_store.conn.execute("SELECT a_doc, b_doc, direction FROM reuse_links")}
    first, leak = _doc(examples_store, "01_talks_resume.txt"), _doc(examples_store, "02_talks_leak.txt")
    deal, reprint = _doc(examples_store, "09_port_deal.txt"), _doc(examples_store, "10_port_reprint.txt")
    assert (first.id, leak.id, "a->b") in links
    assert (deal.id, reprint.id, "a->b") in links
    assert not any(b == first.id or b == deal.id for _, b, _ in links)  # the originals reprint nothing


def test_two_spellings_and_a_title_make_one_person(examples_store: Store):
    rows = examples_store.conn.execute(
        "SELECT e.id, e.latin FROM entities e JOIN entity_aliases a ON a.entity_id = e.id"
        " WHERE a.alias LIKE '%غوميز%' OR a.alias LIKE '%جوميز%'").fetchall()
    assert len({r[0] for r in rows}) == 1 and "Gomez" in (rows[0][1] or "")
    roles = {r[0] for r in examples_store.conn.execute("SELECT role FROM entity_roles WHERE entity_id = ?", (rows[0][0],))}
    assert any("المبعوث" in role for role in roles)


def test_relative_dates_resolve_against_publication_and_the_undated_article_stays_honest(examples_store: Store):
    leak = _doc(examples_store, "02_talks_leak.txt")
    values = {leak.text[s.start:s.end]: s.attrs.get("value") for s in leak.layers["times"]}
    assert values["أمس الأربعاء"] == "2025-03-12"
    profile = _doc(examples_store, "08_undated_profile.txt")
    assert profile.published is None
    monday = next(s for s in profile.layers["times"] if "الاثنين" in profile.text[s.start:s.end])
    assert monday.attrs.get("value") is None and monday.attrs.get("unresolved")
    date = examples_store.conn.execute("SELECT date FROM doc_dates WHERE doc_id = ?", (profile.id,)).fetchone()
    assert date is None or date[0] is None  # nothing in the collection dates it, so no date is invented


def test_anonymous_sources_and_denials_are_attributed(examples_store: Store):
    leak = _doc(examples_store, "02_talks_leak.txt")
    claims = [(s.attrs["source"], s.attrs["source_type"], s.attrs["stance"]) for s in leak.layers["claims"]]
    assert ("مصادر دبلوماسية مطلعة", "anonymous", "assert") in claims
    assert ("وزارة المياه الإثيوبية", "official", "deny") in claims
