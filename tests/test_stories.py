"""The stories pass: clustering by text, entities, reuse and time; incremental runs; labels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from marsad.corpus.stories import STORIES, VERSION, combine, text_terms
from marsad.document import Document, document_id
from marsad.registry import Progress
from marsad.store import Store
from marsad.store.stories import get_story, list_stories
from marsad.text import fold

# Short articles written for these tests: two developments (floods in one city, a cup final) and
# a later, unrelated flood elsewhere that must not join the first story.
FLOOD = [
    ("سيول جارفة تغمر أحياء جدة وإجلاء مئات السكان",
     "غمرت سيول جارفة عدداً من أحياء مدينة جدة بعد أمطار غزيرة هطلت طوال الليل، وأجلت فرق الدفاع المدني مئات السكان.",
     date(2024, 3, 10)),
    ("الدفاع المدني يواصل إجلاء السكان من أحياء جدة التي غمرتها السيول",
     "واصلت فرق الدفاع المدني إجلاء السكان من أحياء جدة التي غمرتها السيول الجارفة، فيما تواصل الأمطار الغزيرة هطولها.",
     date(2024, 3, 11)),
    ("سيول جدة: تعليق الدراسة بعد غرق أحياء وإجلاء السكان",
     "علّقت الدراسة في مدارس جدة بعد السيول الجارفة التي غمرت أحياء المدينة، وأجلى الدفاع المدني مئات السكان.",
     date(2024, 3, 11)),
]
FINAL = [
    ("الهلال يتوج بكأس الملك بعد فوزه على النصر",
     "توج فريق الهلال بكأس الملك إثر فوزه على النصر بهدفين مقابل هدف في المباراة النهائية على ملعب الملك فهد.",
     date(2024, 3, 10)),
    ("جماهير الهلال تحتفل بكأس الملك في شوارع الرياض",
     "احتفلت جماهير الهلال في شوارع الرياض بتتويج الفريق بكأس الملك بعد الفوز على النصر في النهائي.",
     date(2024, 3, 11)),
]
LATER_FLOOD = ("سيول تغمر أحياء في جدة مجدداً",
               "غمرت سيول أحياء في مدينة جدة بعد أمطار غزيرة، وأجلت فرق الدفاع المدني عدداً من السكان.",
               date(2024, 11, 2))


def plain(label: str) -> str:
    """A label without the bidi isolates around its dates."""
    return label.replace("\u2066", "").replace("\u2069", "")


def _doc(title: str, text: str, day: date) -> Document:
    return Document(id=document_id(fold(title + text)), text=text, title=title, published=day)


def _story_of(store: Store, doc: Document) -> str:
    return store.conn.execute("SELECT story_id FROM story_documents WHERE doc_id = ?", (doc.id,)).fetchone()[0]


def test_stories_group_developments_apart(store: Store) -> None:
    floods, finals = [_doc(*a) for a in FLOOD], [_doc(*a) for a in FINAL]
    store.add_documents(floods + finals)
    summary = STORIES.run(store, Progress())
    assert summary["documents"] == 5 and summary["stories"] == 2
    assert len({_story_of(store, d) for d in floods}) == 1
    assert len({_story_of(store, d) for d in finals}) == 1
    assert _story_of(store, floods[0]) != _story_of(store, finals[0])
    story = get_story(store, _story_of(store, floods[0]))
    assert (story["start_date"], story["end_date"], story["size"]) == ("2024-03-10", "2024-03-11", 3)
    # Without entities yet, the label is the opening article's title with the dates.
    assert story["label"].startswith(FLOOD[0][0]) and "2024-03-10 … 2024-03-11" in plain(story["label"])


def test_stories_are_incremental_and_respect_time(store: Store) -> None:
    floods = [_doc(*a) for a in FLOOD]
    store.add_documents(floods[:2])
    STORIES.run(store, Progress())
    first = _story_of(store, floods[0])
    store.add_documents([floods[2], _doc(*LATER_FLOOD)])
    summary = STORIES.run(store, Progress())
    # Only the new articles are placed: one joins the open story, the flood months later starts its own.
    assert summary["documents"] == 2 and summary["joined"] == 1 and summary["new_stories"] == 1
    assert _story_of(store, floods[2]) == first
    assert _story_of(store, _doc(*LATER_FLOOD)) != first
    assert STORIES.run(store, Progress())["documents"] == 0
    # A new version of the pass starts over.
    store.set_pass_state("stories", "older", store.max_seq())
    assert STORIES.run(store, Progress())["documents"] == 4
    assert store.pass_state("stories")[0] == VERSION


def test_stories_labels_name_actors_place_and_dates(seeds_path: Path, tmp_path: Path) -> None:
    from timeline_fixture import build, seed_id

    db = build(tmp_path / "seeds.db", seeds_path)
    with Store(db) as store:
        STORIES.run(store, Progress())
        # 001 reprints 000's paragraphs (a reuse link): one story, dated by 001 and 000's inferred month.
        assert _story_of_id(store, seed_id(store, "000")) == _story_of_id(store, seed_id(store, "001"))
        tobruk = get_story(store, _story_of_id(store, seed_id(store, "002")))
        assert plain(tobruk["label"]) == ("خليفة حفتر (Khalifa Haftar)، فاليري غيراسيموف (Valery Gerasimov) — "
                                   "طبرق (Tobruk) — 2017-01-11")
        assert sum(s["size"] for s in list_stories(store)) == 5


def _story_of_id(store: Store, doc_id: str) -> str:
    return store.conn.execute("SELECT story_id FROM story_documents WHERE doc_id = ?", (doc_id,)).fetchone()[0]


def test_stories_vectors() -> None:
    terms = text_terms("وزير الخارجية في القاهرة", "قال وزير الخارجية إن المحادثات في القاهرة كانت مثمرة.")
    # Function words (في، قال، إن، كانت) stay out; the title counts twice.
    assert "في" not in terms and "قال" not in terms
    assert terms["قاهر"] == 3
    vector = combine([({"a": 3.0, "b": 4.0}, 0.6), ({}, 0.3), ({"e:x": 1.0}, 0.2)])
    assert abs(sum(v * v for v in vector.values()) - 1.0) < 1e-9
    assert abs(vector["e:x"] ** 2 - 0.25) < 1e-9
