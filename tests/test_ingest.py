"""Ingest: the formats a user will have, bad input, and idempotence."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

from conftest import EXAMPLES, seed_doc_id

from marsad.ingest import ingest
from marsad.store import Store

ARTICLE = "أعلنت وزارة الصحة اليوم الأحد عن افتتاح مستشفى جديد في مدينة {city} بطاقة {beds} سرير."


def test_seeds_ingest_with_manifest_dates_titles_and_no_clutter(seed_store: Store):
    assert seed_store.count_documents() == 5
    doc = seed_store.get_document(seed_doc_id(seed_store, "001"))
    assert doc.published == date(2016, 11, 30)
    assert doc.title == "مصادر ليبية تكشف عن اتفاقات جديدة بين حفتر وموسكو"
    assert "+ الخط -" not in doc.text
    assert "(فاسيلي ماكسيمو/فرانس برس)" not in doc.text  # photo credit line
    assert doc.text.startswith("30 نوفمبر 2016")
    undated = seed_store.get_document(seed_doc_id(seed_store, "000"))
    assert undated.published is None and undated.title is None
    # 002 repeats its headline as the first body line: kept once, as the title.
    doc2 = seed_store.get_document(seed_doc_id(seed_store, "002"))
    assert doc2.title.startswith("خليفة حفتر يجتمع") and not doc2.text.startswith("خليفة حفتر يجتمع")


def test_reingest_is_a_no_op(seeds_path: Path, seed_store: Store):
    report = ingest(seed_store, [str(seeds_path)])
    assert (report.added, report.duplicates) == (0, 5)
    assert seed_store.count_documents() == 5
    assert seed_store.conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == 5


def test_a_batch_of_100_files_with_bad_ones_keeps_every_good_article(tmp_path: Path, store: Store):
    for i in range(96):
        (tmp_path / f"a{i:03d}.txt").write_text(ARTICLE.format(city=f"رقم {i}", beds=100 + i), encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "legacy.txt").write_bytes("قال المتحدث باسم الحكومة إن الاجتماع سيعقد غدا في الرياض.".encode("cp1256"))
    (tmp_path / "empty.txt").write_bytes(b"")
    good = json.dumps({"text": "وصل الرئيس إلى القاهرة في زيارة رسمية تستغرق يومين.", "published": "2020-05-01"},
                      ensure_ascii=False)
    (tmp_path / "feed.jsonl").write_text(good + "\n{not json\n", encoding="utf-8")
    before = ingest(store, [str(EXAMPLES)])
    report = ingest(store, [str(tmp_path)])
    assert report.added == 96 + 1 + 1  # the txt files, windows-1256 and the good JSONL line
    reasons = {Path(r.source.split(":")[0]).name: r.reason for r in report.rejected}
    assert set(reasons) == {"binary.txt", "empty.txt", "feed.jsonl"}
    assert "E102" in reasons["binary.txt"] and "E103" in reasons["empty.txt"]
    assert "feed.jsonl:2" in reasons["feed.jsonl"] and "malformed JSON" in reasons["feed.jsonl"]
    assert len(store.rejected()) == 3
    assert store.count_documents() == before.added + 98
    legacy = [d for _, d in store.iter_documents() if d.source.endswith("legacy.txt")][0]
    assert "الرياض" in legacy.text


def test_utf16_bom_and_utf8_bom_decode(tmp_path: Path, store: Store):
    text = "ذكرت وكالة الأنباء أن الوفد وصل إلى عمّان مساء أمس."
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "u8.txt").write_bytes(b"\xef\xbb\xbf" + (text + " وغادر اليوم.").encode("utf-8"))
    report = ingest(store, [str(tmp_path)])
    assert report.added == 2 and not report.rejected
    assert all(d.text.startswith("ذكرت") for _, d in store.iter_documents())


def test_html_feed_and_zip_inputs(tmp_path: Path, store: Store):
    paragraph = "أعلن رئيس الوزراء في مؤتمر صحافي عقده في بيروت أن الحكومة ستقدم خطة إصلاح اقتصادي شاملة خلال أسابيع."
    html = (f"<html><head><title>خطة إصلاح</title></head><body><nav>الرئيسية</nav><article><h1>خطة إصلاح</h1>"
            f"<p>{paragraph}</p><p>{paragraph.replace('بيروت', 'طرابلس')}</p></article></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    rss = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>وكالة تجريبية</title>'
           f'<item><title>عنوان</title><link>http://example.org/1</link><description>{paragraph.replace("بيروت", "عمان")}'
           '</description><pubDate>Tue, 10 Mar 2020 10:00:00 GMT</pubDate></item></channel></rss>')
    (tmp_path / "feed.rss").write_text(rss, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as archive:
        archive.writestr("inner/one.txt", paragraph.replace("بيروت", "دمشق"))
        archive.writestr("inner/broken.json", "[{")
    report = ingest(store, [str(tmp_path)])
    sources = sorted(Path(d.source).name for _, d in store.iter_documents())
    assert report.added == 3, report.rejected
    assert any("broken.json" in r.source and "E104" in r.reason for r in report.rejected)
    feed_doc = [d for _, d in store.iter_documents() if "feed.rss" in d.source][0]
    assert feed_doc.published == date(2020, 3, 10) and feed_doc.outlet == "وكالة تجريبية"
    html_doc = [d for _, d in store.iter_documents() if "page.html" in d.source][0]
    assert "بيروت" in html_doc.text and "الرئيسية" not in html_doc.text
    assert len(sources) == 3


def test_saudinewsnet_zip_ingests_as_it_is(saudinewsnet_path: Path, store: Store):
    day = sorted(saudinewsnet_path.glob("*.zip"))[0]
    report = ingest(store, [str(day)])
    with zipfile.ZipFile(day) as archive:
        records = json.loads(archive.read(archive.namelist()[0]))
    assert report.added + report.duplicates + len(report.rejected) == len(records)
    assert report.added > 0.9 * len(records)
    _, doc = next(store.iter_documents())
    assert doc.outlet and doc.published and doc.url
    titles = [d.title or "" for _, d in store.iter_documents()]
    assert not any("&quot;" in t for t in titles) and any('"' in t for t in titles)  # entities unescaped


def test_oversized_and_unknown_files_are_refused_by_name(tmp_path: Path, store: Store):
    (tmp_path / "big.txt").write_text(ARTICLE.format(city="جدة", beds=1) * 2000, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "ok.txt").write_text(ARTICLE.format(city="أبها", beds=2), encoding="utf-8")
    report = ingest(store, [str(tmp_path / "big.txt"), str(tmp_path / "notes.docx"), str(tmp_path / "ok.txt")],
                    max_mb=0.1)
    assert report.added == 1
    reasons = " ".join(r.reason for r in report.rejected)
    assert "E106" in reasons and "big.txt" in reasons and "E111" in reasons and "notes.docx" in reasons


def test_a_failing_batch_leaves_earlier_batches_stored(tmp_path: Path, store: Store, monkeypatch):
    import marsad.ingest as ingest_module

    for i in range(7):
        (tmp_path / f"a{i}.txt").write_text(ARTICLE.format(city=f"حي {i}", beds=i), encoding="utf-8")
    monkeypatch.setattr(ingest_module, "BATCH_SIZE", 3)
    original = Store.add_documents
    calls = []

    def failing_second_batch(self, docs):
        calls.append(len(docs))
        if len(calls) == 2:
            raise OSError("disk full")
        return original(self, docs)

    monkeypatch.setattr(Store, "add_documents", failing_second_batch)
    try:
        ingest(store, [str(tmp_path)])
    except OSError:
        pass
    assert store.count_documents() == 3  # the first batch survives the failure of the second
