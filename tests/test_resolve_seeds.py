"""Entity resolution on the five seed articles, with hand-made entity spans (NER stand-in)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import seed_doc_id
from resolve_helpers import EXPECTED_GROUPS, add_hand_entities, hand_spans

from marsad.corpus.resolve import run as run_resolve
from marsad.document import ENTITIES, Document, document_id
from marsad.entities.names import name_key
from marsad.registry import Progress
from marsad.store import Store
from marsad.store import entities as db
from marsad.text import fold


@pytest.fixture
def resolved(seed_store: Store) -> Store:
    add_hand_entities(seed_store)
    run_resolve(seed_store, Progress())
    return seed_store


def entities_by_alias(store: Store) -> dict[str, set[str]]:
    """name key of each mention as resolved -> the entity ids it went to."""
    out: dict[str, set[str]] = {}
    for text, entity_id in store.conn.execute("SELECT text, entity_id FROM entity_mentions"):
        out.setdefault(name_key(text), set()).add(entity_id)
    return out


def group_entity(store: Store, group: list[str]) -> set[str]:
    by_alias = entities_by_alias(store)
    ids: set[str] = set()
    for alias in group:
        ids |= by_alias.get(name_key(alias), set())  # EXPECTED.md lists some forms the seeds lack
    assert ids, f"no mention of {group} was resolved"
    return ids


def test_every_expected_alias_group_is_one_entity(resolved: Store) -> None:
    for group in EXPECTED_GROUPS:
        if group == ["الجزائر"]:
            continue
        ids = group_entity(resolved, group)
        assert len(ids) == 1, f"{group} split over {ids}"


def test_no_two_expected_groups_share_an_entity(resolved: Store) -> None:
    seen: dict[str, list[str]] = {}
    for group in EXPECTED_GROUPS:
        (entity,) = group_entity(resolved, group) if len(group_entity(resolved, group)) == 1 else (None,)
        if entity is None:
            continue
        assert entity not in seen, f"{group} merged with {seen.get(entity)}"
        seen[entity] = group


def test_algeria_the_country_and_algiers_the_city_stay_apart(resolved: Store) -> None:
    doc = resolved.get_document(seed_doc_id(resolved, "001"))
    city_at = doc.text.index("العاصمة الجزائر") + len("العاصمة ")
    country_at = doc.text.index("مع الجزائر") + len("مع ")
    city = db.entity_at(resolved, doc.id, city_at, city_at + len("الجزائر"))
    country = db.entity_at(resolved, doc.id, country_at, country_at + len("الجزائر"))
    assert city and country and city != country
    assert db.get_entity(resolved, city)["latin"] == "Algiers"
    assert db.get_entity(resolved, country)["latin"] == "Algeria"


def test_latin_names_read_as_a_newspaper_prints_them(resolved: Store) -> None:
    latin = {e["name"]: e["latin"] for e in db.list_entities(resolved, limit=500)}
    assert latin["خليفة حفتر"] == "Khalifa Haftar"
    assert latin["سيرغي شويغو"] == "Sergei Shoigu"
    assert latin["طبرق"] == "Tobruk"
    assert latin["بنغازي"] == "Benghazi"
    assert latin["درنة"] == "Derna"
    assert latin["فلاديمير بوتين"] == "Vladimir Putin"


def test_haftar_titles_change_over_time(resolved: Store) -> None:
    (haftar,) = db.find_entities(resolved, "خليفة حفتر")
    roles = {r["role"]: r["dates"] for r in db.roles_of(resolved, haftar["id"])}
    assert "2016-11-30" in roles["اللواء المتقاعد"]
    assert roles["المشير"] == ["2017-01-11"]
    assert "القائد العام للجيش الليبي" in roles  # 004, undated
    # «مندوب حفتر» is Haftar's envoy, not a title of Haftar's.
    assert "مندوب" not in roles


def test_offices_before_the_name_become_roles_and_leave_the_name(resolved: Store) -> None:
    (shoigu,) = db.find_entities(resolved, "سيرغي شويغو")
    assert "وزير الدفاع الروسي" in {r["role"] for r in db.roles_of(resolved, shoigu["id"])}
    aliases = {a["alias"] for a in db.aliases_of(resolved, shoigu["id"])}
    assert aliases == {"سيرغي شويغو", "سيرغي شويجو"}
    (ambassador,) = db.find_entities(resolved, "مولوتكوف")
    assert "السفير الروسي في ليبيا" in {r["role"] for r in db.roles_of(resolved, ambassador["id"])}


def test_clitics_are_stripped_and_recorded(resolved: Store) -> None:
    doc_id = seed_doc_id(resolved, "001")
    rows = resolved.conn.execute("SELECT text, attrs FROM entity_mentions WHERE doc_id = ?", (doc_id,)).fetchall()
    clitics = {(text, json.loads(attrs).get("clitic")) for text, attrs in rows}
    assert ("حفتر", "ل") in clitics  # «لحفتر»
    assert ("روسيا", "و") in clitics  # «وروسيا»
    assert all(not fold(text).startswith(("لل", "وال")) for text, _ in rows)


def test_every_merge_of_different_spellings_keeps_its_evidence(resolved: Store) -> None:
    (shoigu,) = db.find_entities(resolved, "سيرغي شويغو")
    evidence = " ".join(db.get_entity(resolved, shoigu["id"])["attrs"]["evidence"])
    assert "شويجو" in evidence and "وزير الدفاع الروسي" in evidence
    (gaddafi,) = db.find_entities(resolved, "معمر القذافي")
    assert any("القذافي" in e for e in db.get_entity(resolved, gaddafi["id"])["attrs"]["evidence"])


def test_rerun_and_new_documents_keep_entity_ids(resolved: Store) -> None:
    before = {r[0]: r[1] for r in resolved.conn.execute("SELECT name, id FROM entities")}
    run_resolve(resolved, Progress())
    assert {r[0]: r[1] for r in resolved.conn.execute("SELECT name, id FROM entities")} == before
    text = "التقى المشير خليفة حفتر في بنغازي وزير الخارجية الإيطالي، وبحث معه الوضع في طرابلس."
    doc = Document(id=document_id(fold(text)), text=text, published=date(2018, 5, 2))
    resolved.add_documents([doc])
    resolved.save_layer(doc.id, ENTITIES, "hand.v1", hand_spans(text))
    counts = run_resolve(resolved, Progress())
    assert counts["documents_processed"] == 1
    after = {r[0]: r[1] for r in resolved.conn.execute("SELECT name, id FROM entities")}
    assert all(after[name] == entity for name, entity in before.items())
    (haftar,) = db.find_entities(resolved, "خليفة حفتر")
    assert "2018-05-02" in {d for r in db.roles_of(resolved, haftar["id"]) for d in r["dates"]}


def test_entity_at_maps_a_span_to_its_entity(resolved: Store) -> None:
    doc = resolved.get_document(seed_doc_id(resolved, "002"))
    at = doc.text.index("فاليري غيراسيموف")
    gerasimov = db.entity_at(resolved, doc.id, at, at + len("فاليري غيراسيموف"))
    assert db.get_entity(resolved, gerasimov)["name"] == "فاليري غيراسيموف"
    # A span that also covers the title still finds the person.
    title_at = doc.text.index("الجنرال فاليري")
    assert db.entity_at(resolved, doc.id, title_at, at + len("فاليري غيراسيموف")) == gerasimov
    assert db.entity_at(resolved, doc.id, 0, 1) is None
