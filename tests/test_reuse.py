"""Reuse: near-duplicates, reprinted passages, direction, folding, incremental runs, CLI."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from conftest import seed_doc_id

from marsad.cli import main
from marsad.corpus import PASSES
from marsad.corpus.reuse import NAME, VERSION, align, profile
from marsad.corpus.reuse import run as run_reuse
from marsad.document import Document, document_id
from marsad.registry import Progress
from marsad.store import Store
from marsad.store import reuse as db
from marsad.text import fold

# First words of the paragraphs of seed 001 that reprint seed 000, with their paragraph in 000.
REPRINTED = {
    "وكانت مصادر خاصة قد كشفت": "وصل خبراء عسكريون روس",
    "وقالت المصادر إنّ": "وقالت المصادر لـ",
    "وأكّدت المصادر المقربة": "وأكّدت المصادر المقربة",
    "ولفتت المصادر إلى": "ولفتت المصادر إلى",
}


def _paragraph_at(doc: Document, start: int, end: int) -> str:
    """The text of the one paragraph holding [start, end) (fails if the span crosses paragraphs)."""
    inside = [p for p in doc.paragraphs if p.start <= start and end <= p.end]
    assert len(inside) == 1, (start, end)
    return doc.text[inside[0].start:inside[0].end]


def _doc(text: str, published: date | None = None, outlet: str | None = None) -> Document:
    return Document(id=document_id(fold(text)), text=text, published=published, outlet=outlet)


def _seed_text(seeds_path: Path, number: str) -> str:
    return next(seeds_path.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def test_reuse_pass_is_registered_first():
    assert PASSES[0].name == NAME and PASSES[0].version == VERSION


def test_each_reprinted_paragraph_of_001_links_to_its_paragraph_in_000_and_nothing_else(seed_store):
    summary = run_reuse(seed_store, Progress())
    assert summary["documents"] == 5
    d000, d001 = seed_doc_id(seed_store, "000"), seed_doc_id(seed_store, "001")
    doc000, doc001 = seed_store.get_document(d000), seed_store.get_document(d001)
    links = db.links(seed_store)
    assert len(links) == len(REPRINTED)
    found = {}
    for link in links:
        assert {link["a_doc"], link["b_doc"]} == {d000, d001}
        # 000 has no publication date: who came first stays open.
        assert link["direction"] == "undecided"
        side000 = ("a", "b")[link["a_doc"] != d000]
        side001 = "b" if side000 == "a" else "a"
        p000 = _paragraph_at(doc000, link[f"{side000}_start"], link[f"{side000}_end"])
        p001 = _paragraph_at(doc001, link[f"{side001}_start"], link[f"{side001}_end"])
        head = next(h for h in REPRINTED if p001.startswith(h))
        found[head] = p000
        assert link["similarity"] >= 0.6
    assert set(found) == set(REPRINTED)
    assert all(found[h].startswith(REPRINTED[h]) for h in REPRINTED)
    assert db.counts(seed_store)["duplicate_groups"] == 0


def test_folding_counts_the_reprint_once_and_show_marks_the_source(seed_store, tmp_path):
    run_reuse(seed_store, Progress())
    d000, d001 = seed_doc_id(seed_store, "000"), seed_doc_id(seed_store, "001")
    doc001 = seed_store.get_document(d001)
    para = next(p for p in doc001.paragraphs if doc001.text[p.start:p.end].startswith("ولفتت المصادر"))
    mention = (d001, para.start + 10, para.start + 60)
    # Undated source: no claim of who was first, but the two copies fold into one report.
    assert db.origin_of(seed_store, *mention) is None
    origin = db.origin_of(seed_store, *mention, undecided=True)
    assert origin is not None and origin[0] == d000
    doc000 = seed_store.get_document(d000)
    assert "سلاح الجو" in doc000.text[origin[1] - 40:origin[2] + 40]
    other = seed_doc_id(seed_store, "003")
    assert db.independent_count(seed_store, [mention, (d000, origin[1], origin[2])]) == 1
    assert db.independent_count(seed_store, [mention, (other, 0, 50)]) == 2
    evidence = db.dating_evidence(seed_store, d000)
    assert [e["published"] for e in evidence] == ["2016-11-30"] * len(REPRINTED)


def test_dates_give_the_direction_and_origin_of_maps_into_the_source(seeds_path):
    early = _doc(_seed_text(seeds_path, "000"), date(2016, 10, 20), "outlet-a")
    late = _doc(_seed_text(seeds_path, "001"), date(2016, 11, 30), "outlet-b")
    with Store(":memory:") as store:
        store.add_documents([late, early])  # stored out of order: dates, not ingest order, decide
        run_reuse(store, Progress())
        links = db.links(store)
        assert len(links) == len(REPRINTED)
        assert all(lk["direction"] == "a->b" and lk["a_doc"] == early.id for lk in links)
        para = next(p for p in late.paragraphs if late.text[p.start:p.end].startswith("وأكّدت المصادر"))
        origin = db.origin_of(store, late.id, para.start, para.end)
        assert origin is not None and origin[0] == early.id
        assert early.text[origin[1]:origin[2]].startswith("وأكّدت المصادر")
        assert db.origin_of(store, early.id, 0, 80) is None
        assert db.counts(store)["documents_reprinting"] == 1


def test_runs_are_incremental(seeds_path):
    with Store(":memory:") as store:
        store.add_documents([_doc(_seed_text(seeds_path, "000"))])
        assert run_reuse(store, Progress())["documents"] == 1
        assert run_reuse(store, Progress())["documents"] == 0
        store.add_documents([_doc(_seed_text(seeds_path, "001"), date(2016, 11, 30))])
        summary = run_reuse(store, Progress())
        assert summary["documents"] == 1 and summary["links"] == len(REPRINTED)
        assert store.conn.execute("SELECT count(*) FROM reuse_signatures").fetchone()[0] == 2


def test_near_duplicates_are_grouped_under_the_earliest(seeds_path):
    text = _seed_text(seeds_path, "002")
    original = _doc(text, date(2017, 1, 11), "outlet-a")
    copy = _doc("نقلا عن وكالة أنباء\n" + text.replace("اليوم", "الیوم") + "\nتابعونا على تويتر", date(2017, 1, 12), "b")
    unrelated = _doc(_seed_text(seeds_path, "003"), date(2023, 9, 28))
    with Store(":memory:") as store:
        store.add_documents([copy, unrelated])
        run_reuse(store, Progress())
        store.add_documents([original])  # the earlier one arrives later: the group id moves to it
        run_reuse(store, Progress())
        group = db.duplicate_group(store, copy.id)
        assert group is not None and group["group_id"] == original.id
        assert [m["doc_id"] for m in group["members"]] == [original.id, copy.id]
        assert db.duplicate_group(store, unrelated.id) is None


def test_shuffled_passage_is_found_with_both_spans(seeds_path):
    source = _seed_text(seeds_path, "000")
    para = source.split("\n")[2]
    words = para.split()
    random.Random(3).shuffle(words)
    host = _seed_text(seeds_path, "003")
    cut = host.index("\n", len(host) // 2)
    suspicious = host[:cut] + "\n" + " ".join(words) + host[cut:]
    passages = align(profile(source), profile(suspicious))
    assert len(passages) == 1
    p = passages[0]
    start = source.index(para)
    # Shuffled text has fuzzy edges: shared words next to the passage may join it (a short clause).
    assert start - 40 <= p.a_start <= start + 15 and start + len(para) - 15 <= p.a_end <= start + len(para) + 100
    assert abs(p.b_start - (cut + 1)) < 15 and abs(p.b_end - (cut + 1 + len(" ".join(words)))) < 15
    assert align(profile(source), profile(host)) == []


def test_reuse_cli_lists_links_and_show_marks_reprints(seeds_path, tmp_path):
    dbfile = str(tmp_path / "news.db")
    with Store(dbfile) as store:
        store.add_documents([_doc(_seed_text(seeds_path, "000"), date(2016, 10, 20)),
                             _doc(_seed_text(seeds_path, "001"), date(2016, 11, 30))])
        run_reuse(store, Progress())
        late = store.conn.execute("SELECT id FROM documents WHERE published = '2016-11-30'").fetchone()[0]
    runner = CliRunner()
    out = runner.invoke(main, ["reuse", "--db", dbfile, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["counts"]["links"] == len(REPRINTED) and data["counts"]["links_directed"] == len(REPRINTED)
    assert all(row["b_doc"] == late and row["b_text"] for row in data["links"])
    shown = json.loads(runner.invoke(main, ["show", late, "--db", dbfile, "--json"]).output)
    marked = [p for p in shown["paragraphs"] if p["reprinted_from"]]
    assert len(marked) == len(REPRINTED) and all(p["reprinted_from"][0]["relation"] == "earlier" for p in marked)
    text = runner.invoke(main, ["reuse", "--db", dbfile, "--doc", late[:8]]).output
    assert "reprinted in" in text
    missing = runner.invoke(main, ["reuse", "--db", dbfile, "--doc", "ffffffffff"])
    assert missing.exit_code != 0 and "E302" in missing.output
