"""The web UI's pages as HTML (no browser): they render from the database, escape what articles
contain, link only to web addresses, and fail with a sentence, not a traceback."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from marsad.api import create_app
from marsad.document import Document, document_id
from marsad.store import Store
from marsad.text import fold

warnings.filterwarnings("ignore", category=DeprecationWarning)
from fastapi.testclient import TestClient  # noqa: E402

# Requests from this machine: reads are open to it.
LOCAL = ("127.0.0.1", 50000)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, seeds_path: Path) -> TestClient:
    from timeline_fixture import build

    db = build(tmp_path_factory.mktemp("pages") / "seeds.db", seeds_path)
    text = "نص فيه <script>alert(1)</script> وكلمة اختبارية للبحث."
    with Store(db) as store:
        store.add_documents([Document(id=document_id(fold(text)), text=text, title="<b>عنوان</b>",
                                      url="javascript:alert(1)")])
    return TestClient(create_app(db, token="t"), client=LOCAL)


def test_web_pages_render(client: TestClient) -> None:
    for path in ("/", "/?q=حفتر", "/entities", "/entities/per_haftar", "/stories", "/timeline",
                 "/timeline?entity=حفتر", "/timeline?a=per_haftar&b=loc_tobruk", "/stories?q=حفتر", "/reuse/1", "/static/marsad.css"):
        response = client.get(path)
        assert response.status_code == 200, path
    page = client.get("/timeline").text
    assert '<html lang="ar" dir="rtl">' in page
    # Every asset is served here; no page refers to another host.
    assert "//cdn" not in page and 'src="http' not in page and 'href="http' not in page
    # FastAPI's own docs pages would pull scripts from a CDN: they are off.
    assert client.get("/docs").status_code == 404 and client.get("/openapi.json").status_code == 200


def test_web_pages_escape_article_content(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "اختبارية"}).json()["hits"][0]
    page = client.get(f"/documents/{hit['doc_id']}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>عنوان</b>" not in page
    assert "javascript:" not in page
    results = client.get("/", params={"q": "اختبارية"}).text
    assert "<script>alert" not in results and "<mark>اختبارية</mark>" in results


def test_web_pages_fail_with_a_sentence(client: TestClient) -> None:
    missing = client.get("/documents/ffffffffffffffff")
    assert missing.status_code == 404 and "E302" in missing.text
    assert client.get("/entities/nobody").status_code == 404
    assert client.get("/no/such/page").status_code == 404
    assert "E303" in client.get("/", params={"q": "!!!"}).text
