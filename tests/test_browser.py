"""Each HTML report in a real browser: headless Chromium, networking off, at phone width.

Chromium is driven over its DevTools protocol (with ``websocket-client``). The test fails if a
page asks for anything beyond its own file, logs an error, is wider than the phone's screen,
shows a broken image, prints to an empty PDF, or renders blank.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
import websocket
from PIL import Image

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-port=0",
]


class DevTools:
    """One Chromium tab, spoken to over the DevTools protocol; events are kept as they come."""

    def __init__(self, profile: Path):
        # Chromium's own temporary files (shared memory, its singleton socket) go to a folder of
        # this tab, removed when it closes: nothing is left behind in /tmp or /dev/shm. Short, as
        # a socket's path must be.
        self.scratch = tempfile.mkdtemp(prefix="cds-chromium-")
        self.process = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            env={**os.environ, "TMPDIR": self.scratch},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start its DevTools server")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            page = next(t for t in json.load(answer) if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.events: list[dict] = []
        self._next_id = 0

    def send(self, method: str, **params) -> dict:
        self._next_id += 1
        self.socket.send(json.dumps({"id": self._next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message)

    def wait_for(self, event: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == event for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(event)
            self.events.append(json.loads(self.socket.recv()))

    def close(self) -> None:
        if getattr(self, "socket", None):
            self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.scratch, ignore_errors=True)


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium is not installed at /usr/bin/chromium (Debian package 'chromium'), "
            "so the HTML reports were NOT checked in a browser"
        )
    tab = DevTools(tmp_path_factory.mktemp("chromium-profile"))
    for domain in ("Page", "Runtime", "Log", "Network"):
        tab.send(f"{domain}.enable")
    tab.send("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1, uploadThroughput=-1)
    tab.send("Emulation.setDeviceMetricsOverride", **PHONE)
    yield tab
    tab.close()


def _pages(rendered: Path) -> list[Path]:
    return sorted((rendered / "reports").glob("*.html")) + [rendered / "index.html"]


def _kind(page: Path) -> tuple[str, str]:
    """Which template a page is made with, and its language: ("hong-ngu", "en") → ("locality", "en")."""
    stem, _, lang = page.stem.partition(".")
    return (stem if stem in ("overview", "data_quality", "index") else "locality", lang or "vi")


def _problems(events: list[dict], own_url: str) -> list[str]:
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url != own_url and not url.startswith("data:"):
                found.append(f"request to {url}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append(f"console {params['type']}: {params.get('args')}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            found.append(f"log: {params['entry']['text']}")
    return found


def _is_blank(png: bytes) -> bool:
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(image.histogram()[:200])  # pixels darker than a light grey
    return dark < 0.005 * image.width * image.height


def test_every_html_report_reads_offline_on_a_phone_and_prints(browser, rendered):
    pages = _pages(rendered)
    assert len(pages) >= 11, "the reports of five localities in two languages, and the index"
    printed: dict[tuple[str, str], bytes] = {}
    for page in pages:
        url = page.resolve().as_uri()
        browser.events.clear()
        browser.send("Page.navigate", url=url)
        browser.wait_for("Page.loadEventFired")
        layout = browser.send(
            "Runtime.evaluate",
            returnByValue=True,
            expression="""JSON.stringify({
            wide: document.documentElement.scrollWidth, screen: window.innerWidth,
            broken: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length,
            text: document.body.innerText.length})""",
        )
        seen = json.loads(layout["result"]["value"])
        shot = base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"])
        assert _problems(browser.events, url) == [], page.name
        assert seen["wide"] <= seen["screen"], f"{page.name} is wider than a phone: {seen}"
        assert seen["broken"] == 0 and seen["text"] > 200, f"{page.name}: {seen}"
        assert not _is_blank(shot), f"{page.name} renders blank at {PHONE['width']} px"
        kind = _kind(page)
        if kind not in printed:  # the reports of a kind share their template and its print rules
            printed[kind] = base64.b64decode(browser.send("Page.printToPDF", preferCSSPageSize=True)["data"])
            assert printed[kind].startswith(b"%PDF") and len(printed[kind]) > 5000, page.name
    assert len(printed) >= 6, sorted(printed)  # a locality's, the overview, the data-quality report; vi and en


def test_the_checks_would_catch_a_request_an_error_and_a_blank_page(browser, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="https://example.org/x.png">'
        '<script>console.error("boom")</script></body></html>',
        encoding="utf-8",
    )
    browser.events.clear()
    browser.send("Page.navigate", url=page.as_uri())
    browser.wait_for("Page.loadEventFired")
    problems = _problems(browser.events, page.as_uri())
    assert any("example.org" in p for p in problems) and any("boom" in p for p in problems)
    assert _is_blank(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))
