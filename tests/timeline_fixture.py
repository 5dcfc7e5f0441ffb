"""A seeds database whose entity, date, claim, reuse and event tables are filled by hand, the way
the passes of the other issues fill them, so timelines, the API and the UI can be tested on their own.

The rows follow ../shared/seeds/EXPECTED.md; offsets are found in the real seed texts.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

from marsad.document import Span
from marsad.ingest import ingest
from marsad.store import Store
from marsad.text import split_sentences

ENTITIES = [
    # id, type, name, latin, aliases
    ("per_haftar", "PER", "خليفة حفتر", "Khalifa Haftar", ["حفتر", "خليفة حفتر"]),
    ("per_shoigu", "PER", "سيرغي شويغو", "Sergei Shoigu", ["سيرغي شويغو", "شويغو"]),
    ("per_putin", "PER", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين", "بوتين"]),
    ("per_gerasimov", "PER", "فاليري غيراسيموف", "Valery Gerasimov", ["فاليري غيراسيموف"]),
    ("per_molotkov", "PER", "إيفان مولوتكوف", "Ivan Molotkov", ["إيفان مولوتكوف", "مولوتكوف"]),
    ("loc_moscow", "LOC", "موسكو", "Moscow", ["موسكو"]),
    ("loc_tobruk", "LOC", "طبرق", "Tobruk", ["طبرق"]),
    ("org_mod", "ORG", "وزارة الدفاع الروسية", "Russian Ministry of Defence", ["وزارة الدفاع الروسية"]),
]

# event id, type, mode, actor, recipient, place, date, date_end, granularity, inferred, reports: (seed, trigger word, source, source type, stance, reprint of)
EVENTS = [
    ("ev_2016_06", "CONSULT", "meeting", "per_haftar", "per_shoigu", "loc_moscow", "2016-06", None, "month", 0,
     [("004", "التقى", "إيفان مولوتكوف", "official", "assert", None),
      ("004", "لن تورد", "موسكو", "official", "deny", None)]),
    ("ev_2016_10", "AID", "military", None, "per_haftar", None, "2016-10", None, "month", 1,
     [("000", "وصل خبراء", "مصادر ليبية مطلعة", "anonymous", "assert", None),
      ("001", "حفتر", "مصادر ليبية", "anonymous", "assert", "000")]),
    ("ev_2017_01_11", "CONSULT", "meeting", "per_haftar", "per_gerasimov", "loc_tobruk", "2017-01-11", None, "day", 0,
     [("002", "اجتماعًا", "وزارة الدفاع الروسية", "official", "assert", None)]),
    ("ev_2023_09_28", "CONSULT", "visit", "per_putin", "per_haftar", "loc_moscow", "2023-09-28", None, "day", 0,
     [("003", "استقبل", "القيادة العامة", "official", "assert", None)]),
]


def seed_id(store: Store, number: str) -> str:
    row = store.conn.execute("SELECT id FROM documents WHERE source LIKE ?", (f"%/{number}_%",)).fetchone()
    return row[0]


def _sentence(text: str, word: str) -> tuple[int, int, int, int]:
    """(trigger start, trigger end, sentence start, sentence end) of the first `word` in `text`."""
    at = text.index(word)
    for s, e in split_sentences(text):
        if s <= at < e:
            return at, at + len(word), s, e
    raise AssertionError(word)


def build(path: Path, seeds: Path) -> Path:
    """Ingest the seeds into a new database at `path` and fill the later passes' tables by hand."""
    store = Store(path)
    ingest(store, [str(seeds)])
    docs = {n: seed_id(store, n) for n in ("000", "001", "002", "003", "004")}
    texts = {n: store.get_document(d, layers=False).text for n, d in docs.items()}
    with store.transaction() as conn:
        for eid, etype, name, latin, aliases in ENTITIES:
            conn.execute("INSERT INTO entities (id, type, name, latin, mentions, documents) VALUES (?, ?, ?, ?, 0, 0)",
                         (eid, etype, name, latin))
            for alias in aliases:
                conn.execute("INSERT INTO entity_aliases (entity_id, alias, count) VALUES (?, ?, 1)", (eid, alias))
                for n, text in texts.items():
                    start = text.find(alias)
                    while start >= 0:
                        conn.execute("INSERT OR IGNORE INTO entity_mentions (entity_id, doc_id, start, end, text)"
                                     " VALUES (?, ?, ?, ?, ?)",
                                     (eid, docs[n], start, start + len(alias), alias))
                        start = text.find(alias, start + len(alias))
        conn.execute("UPDATE entities SET mentions = (SELECT count(*) FROM entity_mentions m WHERE m.entity_id = entities.id),"
                     " documents = (SELECT count(DISTINCT doc_id) FROM entity_mentions m WHERE m.entity_id = entities.id)")
        conn.execute("INSERT INTO entity_roles (entity_id, role, doc_id, date)"
                     " VALUES ('per_haftar', 'اللواء المتقاعد', ?, '2016-11-30')", (docs["001"],))
        conn.execute("INSERT INTO entity_roles (entity_id, role, doc_id, date)"
                     " VALUES ('per_haftar', 'المشير', ?, '2017-01-11')", (docs["002"],))
        conn.execute("INSERT INTO doc_dates (doc_id, date, granularity, inferred, confidence, evidence)"
                     " VALUES (?, '2016-10', 'month', 1, 0.6, ?)",
                     (docs["000"], json.dumps([{"kind": "reprint", "doc_id": docs["001"], "text": "الشهر الماضي"}])))
        for event in EVENTS:
            eid, etype, mode, actor, recipient, place, day, day_end, gran, inferred, reports = event
            names = {e[0]: e[2] for e in ENTITIES}
            conn.execute(
                "INSERT INTO events (id, type, mode, actor_entity, actor_text, recipient_entity, recipient_text,"
                " place_entity, place_text, date, date_end, granularity, date_inferred, date_evidence, reports,"
                " independent_reports) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (eid, etype, mode, actor, names.get(actor), recipient, names.get(recipient), place, names.get(place),
                 day, day_end, gran, inferred, "published" if inferred else "text", len(reports),
                 len({r[0] for r in reports if not r[5]})))
            for n, word, source, source_type, stance, origin in reports:
                ts, te, ss, se = _sentence(texts[n], word)
                conn.execute("INSERT INTO event_reports (event_id, doc_id, trigger_start, trigger_end, sentence_start,"
                             " sentence_end, source_text, source_type, stance, is_reprint, origin_doc)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (eid, docs[n], ts, te, ss, se, source, source_type, stance, int(bool(origin)),
                              docs[origin] if origin else None))
        # 001 reprints 000's paragraph on the air force almost word for word: link the shared run.
        para = texts["000"].split("\n")[4]
        match = SequenceMatcher(None, para, texts["001"], autojunk=False).find_longest_match(
            0, len(para), 0, len(texts["001"]))
        a_start = texts["000"].index(para) + match.a
        conn.execute("INSERT INTO reuse_links (a_doc, a_start, a_end, b_doc, b_start, b_end, similarity, direction)"
                     " VALUES (?, ?, ?, ?, ?, ?, 0.93, 'a->b')",
                     (docs["000"], a_start, a_start + match.size, docs["001"], match.b, match.b + match.size))
    deny_at = texts["004"].index("لن تورد")
    s, e = next((s, e) for s, e in split_sentences(texts["004"]) if s <= deny_at < e)
    store.save_layer(docs["004"], "claims", "hand", [
        Span(s, e, "CLAIM", {"source": "إيفان مولوتكوف", "source_type": "official", "stance": "deny"})])
    at = texts["002"].index("اليوم الأربعاء")
    store.save_layer(docs["002"], "times", "hand", [
        Span(at, at + len("اليوم الأربعاء"), "DATE", {"value": "2017-01-11", "granularity": "day"})])
    store.close()
    return path
