"""The HTTP API on the seeds, with the later passes' tables filled by hand (tests/timeline_fixture.py)."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pytest

from marsad.api import create_app

warnings.filterwarnings("ignore", category=DeprecationWarning)
from fastapi.testclient import TestClient  # noqa: E402

# Requests from this machine: reads are open to it.
LOCAL = ("127.0.0.1", 50000)

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seeds_path: Path) -> Path:
    from timeline_fixture import build

    from marsad.corpus.stories import STORIES
    from marsad.registry import Progress
    from marsad.store import Store

    path = build(tmp_path_factory.mktemp("api") / "seeds.db", seeds_path)
    with Store(path) as store:
        STORIES.run(store, Progress())
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db, token=TOKEN, ui=False), client=LOCAL)


def test_api_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/entities", "/api/entities/{entity_id}",
                 "/api/events", "/api/claims", "/api/stories", "/api/stories/{story_id}", "/api/timeline",
                 "/api/reuse", "/api/reuse/{link_id}"):
        assert path in paths
    assert "post" in paths["/api/documents"]


def test_api_documents_and_search(client: TestClient) -> None:
    docs = client.get("/api/documents").json()
    assert docs["total"] == 5
    # Newest first; the two undated articles come last, 000 with its inferred month.
    assert [d["date"] for d in docs["documents"]][:4] == ["2023-09-28", "2017-01-11", "2016-11-30", "2016-10"]
    hits = client.get("/api/search", params={"q": "غيراسيموف"}).json()["hits"]
    assert len(hits) == 1 and "<mark>" in hits[0]["snippet"]
    doc = client.get(f"/api/documents/{hits[0]['doc_id']}").json()
    assert doc["published"] == "2017-01-11"
    assert {m["name"] for m in doc["mentions"]} >= {"خليفة حفتر", "فاليري غيراسيموف"}
    assert doc["stories"]


def test_api_entity_view(client: TestClient) -> None:
    ent = client.get("/api/entities/حفتر").json()  # by alias
    assert ent["id"] == "per_haftar" and ent["latin"] == "Khalifa Haftar"
    assert [r["role"] for r in ent["roles"]] == ["اللواء المتقاعد", "المشير"]
    assert {c["id"] for c in ent["cooccurring"]} >= {"per_shoigu", "loc_moscow"}
    assert len(ent["events"]) == 4
    assert ent["network"]["nodes"][0]["id"] == "per_haftar" and ent["network"]["edges"]
    assert client.get("/api/entities", params={"q": "Shoigu"}).json()["entities"][0]["id"] == "per_shoigu"


def test_api_timeline_formats(client: TestClient) -> None:
    data = client.get("/api/timeline", params={"entity": "Khalifa Haftar"}).json()
    assert [e["date"] for e in data["events"]] == ["2016-06", "2016-10", "2017-01-11", "2023-09-28"]
    june, october = data["events"][0], data["events"][1]
    # Denials and the independence of reports are visible per event.
    assert [d["source_text"] for d in june["denials"]] == ["موسكو"]
    assert october["date_inferred"] and october["reports"] == 2 and october["independent_reports"] == 1
    assert october["sources"][1]["is_reprint"]
    assert all(s["evidence"].startswith("/documents/") for e in data["events"] for s in e["sources"])

    rows = list(csv.DictReader(io.StringIO(client.get("/api/timeline", params={"entity": "per_haftar", "format": "csv"}).text)))
    assert [r["date"] for r in rows] == ["2016-06", "2016-10", "2017-01-11", "2023-09-28"]
    assert rows[1]["date_inferred"] == "1" and rows[0]["denied_by"] == "موسكو"
    md = client.get("/api/timeline", params={"pair": "per_haftar,loc_tobruk", "format": "md"}).text
    assert md.count("\n| 2017-01-11") == 1 and "Valery Gerasimov" in md and "2016-06" not in md


def test_api_story_and_query_timelines(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["stories"]
    assert sum(s["size"] for s in stories) == 5
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert "centroid" not in story["attrs"] and story["documents"]
    by_query = client.get("/api/timeline", params={"q": "غيراسيموف"}).json()
    assert [e["id"] for e in by_query["events"]] == ["ev_2017_01_11"]


def test_api_claims_reuse_events(client: TestClient) -> None:
    claims = client.get("/api/claims", params={"stance": "deny"}).json()["claims"]
    assert len(claims) == 1 and "لن تورد" in claims[0]["text"]
    links = client.get("/api/reuse").json()["links"]
    link = client.get(f"/api/reuse/{links[0]['id']}").json()
    assert link["a_text"] == link["b_text"] and link["direction"] == "a->b"
    events = client.get("/api/events", params={"date_from": "2017-01-01"}).json()["events"]
    assert [e["id"] for e in events] == ["ev_2017_01_11", "ev_2023_09_28"]


def test_api_rejects_bad_input(client: TestClient) -> None:
    assert client.get("/api/documents", params={"limit": 100000}).status_code == 422
    assert client.get("/api/search", params={"q": "x" * 1000}).status_code == 422
    assert client.get("/api/timeline", params={"format": "xml"}).status_code == 422
    assert client.get("/api/timeline", params={"story": "a", "entity": "b"}).json()["error"] == "E351"
    missing = client.get("/api/documents/ffffffffffff")
    assert missing.status_code == 404 and missing.json()["error"] == "E302"
    assert client.get("/api/entities/nobody").json()["error"] == "E304"
    # Quotes and SQL in a query are data, not SQL.
    assert client.get("/api/entities", params={"q": "x' OR 1=1 --"}).json()["entities"] == []


def test_api_writes_need_the_token(db: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "w.db"
    shutil.copy(db, copy)
    client = TestClient(create_app(copy, token=TOKEN, ui=False, max_request_mb=1), client=LOCAL)
    article = {"title": "اجتماع", "text": "التقى وزير الخارجية المصري نظيره الليبي في القاهرة اليوم لبحث الأزمة.",
               "published": "2024-01-02", "outlet": "اختبار"}
    assert client.post("/api/documents", json=article).status_code == 401
    assert client.post("/api/documents", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    done = client.post("/api/documents", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 201 and len(done.json()["added"]) == 1
    again = client.post("/api/documents", json=[article], headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["added"] == [] and again["duplicates"] == 1
    assert client.get("/api/documents").json()["total"] == 6
    big = client.post("/api/documents", content=b"[" + b" " * 2_000_000 + b"]",
                      headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert big.status_code == 413
    # Without a configured token, writing is off altogether.
    closed = TestClient(create_app(copy, token="", ui=False), client=LOCAL)
    assert closed.post("/api/documents", json=article, headers={"Authorization": "Bearer "}).status_code == 401


def test_api_settings_from_config(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without explicit arguments the app takes the token and the body limit from marsad.toml."""
    config = tmp_path / "marsad.toml"
    config.write_text('[api]\ntoken = "from-file"\nmax_request_mb = 0.001\n', encoding="utf-8")
    monkeypatch.delenv("MARSAD_TOKEN", raising=False)
    monkeypatch.setenv("MARSAD_CONFIG", str(config))
    client = TestClient(create_app(db, ui=False), client=LOCAL)
    headers = {"Authorization": "Bearer from-file", "Content-Type": "application/json"}
    too_big = client.post("/api/documents", content=b"[" + b" " * 2000 + b"]", headers=headers)
    assert too_big.status_code == 413 and too_big.json()["error"] == "E353"
    assert client.post("/api/documents", content=b"[]", headers=headers).status_code == 201


def test_api_serve_command(db: Path) -> None:
    """`marsad serve` binds to 127.0.0.1 by default and serves the API and the OpenAPI document."""
    import shutil
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--db", str(db),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2)
                break
            except httpx.HTTPError:
                assert time.time() < deadline and server.poll() is None, server.stderr.read().decode()
                time.sleep(0.2)
        assert response.status_code == 200 and "/api/timeline" in response.json()["paths"]
        listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout if shutil.which("ss") else ""
        if listening:
            assert f"127.0.0.1:{port}" in listening and f"0.0.0.0:{port}" not in listening
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_api_other_machines_need_the_token(db: Path) -> None:
    remote = TestClient(create_app(db, token=TOKEN), client=("192.0.2.7", 50000))
    refused = remote.get("/api/stories")
    assert refused.status_code == 401 and refused.json()["error"] == "E356"
    assert remote.get("/timeline").status_code == 401
    assert remote.get("/api/stories", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    # A browser gives the token once in the address; a cookie carries it to the next pages.
    assert remote.get("/timeline", params={"token": TOKEN}).status_code == 200
    assert remote.get("/entities").status_code == 200
    # With no token configured, nothing is served to other machines.
    closed = TestClient(create_app(db, token=""), client=("192.0.2.7", 50000))
    assert closed.get("/api/stories", headers={"Authorization": "Bearer "}).status_code == 401
