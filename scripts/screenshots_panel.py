"""Screenshots of the agent panel, its cards, the approvals inbox, the session lists and a
session's own page.

    .venv/bin/python scripts/screenshots_panel.py            # → var/screenshots/*.png

Starts its own daphne on a fresh SQLite database under a temporary folder (the offline demo
model answers), drives the real chromium through a session with an approval, and shoots
each view at 1366x900 and 390x844. Look at the pictures before you call the UI done.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

from tests.support.servers import free_port, wait_for_http  # noqa: E402

PASSWORD = "screenshots-only-password"
SIZES = {"wide": (1366, 900), "phone": (390, 844)}
COMMANDS = ("add an idea called Kites", "score Kites 12", "archive Kites")
# The n-th run has started and stopped running (done, or parked on an approval).
SETTLED = """n => { const h = [...document.querySelectorAll('.run-header')];
  return h.length >= n && !['queued', 'running'].includes(h[h.length - 1].dataset.state); }"""


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(STEWARD_DATA_DIR=str(data), OPENAI_BASE_URL="", OPENAI_API_KEY="")
    env.update(STEWARD_RUNNER="inprocess", DJANGO_SETTINGS_MODULE="steward.settings")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "platform"), str(ROOT)])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loaddemo")
    manage(env, "ensureadmin", "--password", PASSWORD)
    return env


def shoot(base: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"]
        )
        for label, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/apps/ideaboard/")
            agent = page.get_by_role("region", name="Agent")
            if label == "phone":
                page.screenshot(path=str(out / f"panel-collapsed-{label}.png"))
                agent.locator(".ap-toggle").click()
            page.screenshot(path=str(out / f"panel-empty-{label}.png"))
            if label == "wide":  # one conversation, shown on both sizes afterwards
                for n, command in enumerate(COMMANDS, start=1):
                    agent.get_by_role("textbox", name="Message").fill(command)
                    agent.get_by_role("button", name="Send").click()
                    page.wait_for_function(SETTLED, arg=n, timeout=30000)
            agent.locator(".tool-card[data-outcome=pending]").wait_for(timeout=30000)
            page.screenshot(path=str(out / f"panel-cards-{label}.png"))
            agent.locator(".tool-card .card-raw summary").first.click()
            agent.locator(".tool-card").first.screenshot(path=str(out / f"card-{label}.png"))
            invalid = agent.locator(".tool-card[data-outcome=invalid]").first
            invalid.scroll_into_view_if_needed()
            invalid.screenshot(path=str(out / f"card-invalid-{label}.png"))
            if label == "wide":
                agent.locator(".ap-toggle").click()
                page.screenshot(path=str(out / f"panel-collapsed-{label}.png"))
                agent.locator(".ap-toggle").click()
            page.goto(f"{base}/approvals/")
            page.screenshot(path=str(out / f"approvals-{label}.png"), full_page=True)
            page.goto(f"{base}/sessions/")
            page.screenshot(path=str(out / f"sessions-{label}.png"), full_page=True)
            page.locator("main a[href^='/sessions/']:not([href='/sessions/'])").first.click()
            page.wait_for_url("**/sessions/*/")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / f"session-page-{label}.png"), full_page=True)
            page.goto(f"{base}/apps/ideaboard/sessions/")
            page.screenshot(path=str(out / f"app-sessions-{label}.png"), full_page=True)
            page.goto(f"{base}/")
            page.screenshot(path=str(out / f"dashboard-{label}.png"), full_page=True)
            context.close()
        browser.close()


def main() -> None:
    out = ROOT / "var" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp))
        port = free_port()
        log = Path(tmp) / "daphne.log"
        with log.open("wb") as sink:
            server = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                 "steward.asgi:application"],
                cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for_http(f"{base}/healthz", server, log)
            shoot(base, out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Screenshots in {out}")


if __name__ == "__main__":
    main()
