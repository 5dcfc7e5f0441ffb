"""The web UI in real headless Chromium (Debian's chromium + chromedriver, driven by Selenium; no
browser download): search, open a document, open an entity, read a timeline, compare reused text.

Screenshots go to artifacts/screenshots/ for CI to keep.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from marsad.paths import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = PROJECT_ROOT / "artifacts" / "screenshots"

if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
    pytest.skip("UI tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="UI tests need selenium (pip install -e .[dev])")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path):
    """Serve `marsad serve`'s app for `db` in a thread; yield its address."""
    import uvicorn

    from marsad.api import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(db, token="t"), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not uv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeds_path: Path):
    """The seeds database with the later passes' tables filled by hand (tests/timeline_fixture.py)."""
    from timeline_fixture import build

    from marsad.corpus.stories import STORIES
    from marsad.registry import Progress
    from marsad.store import Store

    db = build(tmp_path_factory.mktemp("ui") / "seeds.db", seeds_path)
    with Store(db) as store:
        STORIES.run(store, Progress())
    yield from _serve(db)


@pytest.fixture(scope="module")
def pipeline_server(tmp_path_factory: pytest.TempPathFactory, seeds_path: Path):
    """The seeds database as `marsad run` makes it: every registered annotator and pass."""
    from marsad.ingest import ingest
    from marsad.pipeline import process
    from marsad.store import Store

    db = tmp_path_factory.mktemp("ui-run") / "seeds.db"
    with Store(db) as store:
        ingest(store, [str(seeds_path)])
        process(store, workers=1)
    yield from _serve(db)


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=ar"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def wait(driver, css: str):
    return WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_web_search_and_open_document(server: str, browser) -> None:
    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    box = browser.find_element(By.ID, "q")
    box.send_keys("شويغو")
    browser.find_element(By.ID, "search-button").click()
    wait(browser, "#results")
    results = browser.find_elements(By.CSS_SELECTOR, "#results .result")
    # Shoigu is named in articles 003 and 004 (two spellings fold to one key in 001 too).
    assert len(results) >= 2
    marks = browser.find_elements(By.CSS_SELECTOR, "#results .snippet mark")
    assert marks and all("شويغو" in m.text or "شويجو" in m.text for m in marks)
    shot(browser, "01_search")

    results[0].find_element(By.CSS_SELECTOR, "a.title").click()
    wait(browser, "#document")
    entities = browser.find_elements(By.CSS_SELECTOR, "#text .ent-PER")
    assert any("شويغو" in e.text for e in entities)
    # Hovering an entity shows its Latin name.
    target = next(e for e in entities if "شويغو" in e.text)
    ActionChains(browser).move_to_element(target).perform()
    tip = browser.find_element(By.ID, "tip")
    WebDriverWait(browser, 5).until(lambda d: tip.is_displayed())
    assert "Sergei Shoigu" in tip.text
    shot(browser, "02_document")


def test_web_document_shows_claims_dates_and_reprints(server: str, browser) -> None:
    # Article 004 carries a denial claim; 001 reprints a paragraph of 000.
    browser.get(server + "/?q=" + "مولوتكوف")
    wait(browser, "#results .result a.title").click()
    wait(browser, "#document")
    denial = browser.find_elements(By.CSS_SELECTOR, "#text .claim-deny")
    assert denial and "لن تورد" in "".join(d.text for d in denial)
    assert browser.find_elements(By.CSS_SELECTOR, ".claims li.deny")
    shot(browser, "03_document_claims")

    browser.get(server + "/reuse/1")
    passages = browser.find_elements(By.CSS_SELECTOR, "#reuse .passage")
    assert len(passages) == 2 and passages[0].text == passages[1].text and len(passages[0].text) > 100
    shot(browser, "04_reuse")


def test_web_entity_page(server: str, browser) -> None:
    browser.get(server + "/entities")
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "#entities a") if a.text == "خليفة حفتر")
    link.click()
    wait(browser, "#entity-name")
    assert "Khalifa Haftar" in browser.find_element(By.ID, "entity-name").text
    aliases = browser.find_element(By.ID, "aliases").text
    assert "حفتر" in aliases
    roles = browser.find_element(By.ID, "roles").text
    assert "اللواء المتقاعد" in roles and "المشير" in roles
    # The network: Haftar and the entities he appears with, linked.
    assert len(browser.find_elements(By.CSS_SELECTOR, "#network circle")) >= 4
    assert browser.find_elements(By.CSS_SELECTOR, "#network line")
    cards = browser.find_elements(By.CSS_SELECTOR, "#events .event-card")
    assert len(cards) == 4
    shot(browser, "05_entity")


def test_web_timeline_on_one_page(server: str, browser) -> None:
    browser.get(server + "/timeline")
    wait(browser, "#timeline circle")
    cards = browser.find_elements(By.CSS_SELECTOR, "#events .event-card")
    dates = [c.get_attribute("data-date") for c in cards]
    assert dates == ["2016-06", "2016-10", "2017-01-11", "2023-09-28"]
    # The inferred date is marked as such; the denied event shows its denial.
    assert "~2016-10" in cards[1].find_element(By.CSS_SELECTOR, ".when").text
    assert "ينفي" in cards[0].text
    dots = browser.find_elements(By.CSS_SELECTOR, "#timeline circle.dot")
    assert len(dots) == 4
    # Earliest on the right (right-to-left time axis).
    xs = {d.get_attribute("data-id"): float(d.get_attribute("cx")) for d in dots}
    assert xs["ev_2016_06"] > xs["ev_2023_09_28"]
    # Clicking a dot selects its event card.
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                           next(d for d in dots if d.get_attribute("data-id") == "ev_2017_01_11"))
    selected = browser.find_elements(By.CSS_SELECTOR, ".event-card.selected")
    assert [c.get_attribute("id") for c in selected] == ["ev-ev_2017_01_11"]
    shot(browser, "06_timeline")
    # Dragging across 2016-2017 zooms there: the 2023 event leaves the chart and the list.
    svg = browser.find_element(By.ID, "timeline")
    half = svg.size["width"] / 2
    start, end = xs["ev_2016_06"] + 15 - half, xs["ev_2017_01_11"] - 15 - half
    ActionChains(browser).move_to_element_with_offset(svg, int(start), 0).click_and_hold() \
        .move_to_element_with_offset(svg, int(end), 0).release().perform()
    shown = {d.get_attribute("data-id") for d in browser.find_elements(By.CSS_SELECTOR, "#timeline circle.dot")}
    assert shown == {"ev_2016_06", "ev_2016_10", "ev_2017_01_11"}
    assert not browser.find_element(By.ID, "ev-ev_2023_09_28").is_displayed()
    shot(browser, "07_timeline_zoomed")
    browser.find_element(By.ID, "timeline-reset").click()
    assert browser.find_element(By.ID, "ev-ev_2023_09_28").is_displayed()
    # Unticking a type hides its events.
    box = browser.find_element(By.CSS_SELECTOR, '#timeline-types input[value="AID"]')
    box.click()
    assert not browser.find_element(By.ID, "ev-ev_2016_10").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline circle.dot")) == 3
    # An evidence link opens the document with the sentence marked.
    browser.find_element(By.CSS_SELECTOR, "#ev-ev_2017_01_11 a.source").click()
    wait(browser, "#text .evidence")
    marked = "".join(e.text for e in browser.find_elements(By.CSS_SELECTOR, "#text .evidence"))
    assert "غيراسيموف" in marked
    shot(browser, "08_evidence")


def test_web_story_page(server: str, browser) -> None:
    browser.get(server + "/stories")
    links = browser.find_elements(By.CSS_SELECTOR, "#stories a")
    assert links
    links[0].click()
    wait(browser, "#story-label")
    # The largest story: 000 and its reprint 001, with their events and both articles on the timeline.
    assert len(browser.find_elements(By.CSS_SELECTOR, "#story-documents li")) == 2
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline rect.article")) == 2
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline circle.dot")
    # Its main actors, with their Latin names, link to their pages.
    actors = browser.find_element(By.ID, "story-entities")
    assert "Khalifa Haftar" in actors.text
    assert actors.find_element(By.CSS_SELECTOR, "a").get_attribute("href").endswith("/entities/per_haftar")
    shot(browser, "09_story")


def test_web_assets_are_local(server: str, browser) -> None:
    browser.get(server + "/timeline")
    sources = [e.get_attribute("src") or e.get_attribute("href") for e in
               browser.find_elements(By.CSS_SELECTOR, "script[src], link[href]")]
    assert sources and all(s.startswith(server) for s in sources)


def test_web_seed_timeline_from_the_pipeline(pipeline_server: str, browser) -> None:
    """The issue's target, seen in the browser: the seeds' whole timeline on one page."""
    import httpx

    count = len(httpx.get(pipeline_server + "/api/timeline").json()["events"])
    browser.get(pipeline_server + "/timeline")
    wait(browser, "#timeline circle.dot")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#events .event-card")) == count
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline circle.dot")) == count
    text = browser.find_element(By.ID, "events").text
    assert "2017-01-11" in text and "2023-09-28" in text and "Khalifa Haftar" in text
    shot(browser, "10_seed_timeline_pipeline")
