"""Screenshot Steward's pages with the real chromium, to look at the layout before shipping.

python scripts/screenshots.py http://127.0.0.1:8000 admin PASSWORD [var/screenshots/]

Every page at 1366x900 and at 390x844 (a phone), full length: the dashboard, each app, its
Actions page, a record page of each kind (found by following the app pages' links), a
filtered list, an open calendar popover, a form answered with errors, a read-only action's
result and the "not found" page.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {"wide": (1366, 900), "phone": (390, 844)}
PAGES = {
    "dashboard": "/",
    "ideaboard": "/apps/ideaboard/",
    "ideaboard-filtered": "/apps/ideaboard/?q=a&column=inbox",
    "ideaboard-archived": "/apps/ideaboard/?archived=1",
    "ideaboard-actions": "/apps/ideaboard/actions/",
    "crm": "/apps/crm/",
    "crm-actions": "/apps/crm/actions/",
    "editorial": "/apps/editorial/",
    "editorial-actions": "/apps/editorial/actions/",
    "model": "/apps/crm/model/",
}
# Record pages: the first link of each kind on its app's page.
RECORDS = {
    "idea-record": ("/apps/ideaboard/", "/records/idea/"),
    "deal-record": ("/apps/crm/", "/records/deal/"),
    "company-record": ("/apps/crm/", "/records/company/"),
    "piece-record": ("/apps/editorial/", "/records/piece/"),
}


def shoot(page: Any, out: Path, name: str, label: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True)


def main(base: str, username: str, password: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        for label, (width, height) in VIEWPORTS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            shoot(page, out, "login", label)
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            for name, path in PAGES.items():
                page.goto(base + path)
                shoot(page, out, name, label)
            for name, (app_path, kind) in RECORDS.items():
                page.goto(base + app_path)
                link = page.locator(f"a[href*='{kind}']").first
                if link.count():
                    page.goto(base + str(link.get_attribute("href")))
                    shoot(page, out, name, label)
            page.goto(f"{base}/apps/editorial/")
            piece = page.locator(".calendar .piece summary").first
            if piece.count() and piece.is_visible():
                piece.click()
                shoot(page, out, "editorial-popover", label)
            page.goto(f"{base}/apps/editorial/actions/")
            form = page.get_by_role("form", name="Plan piece")
            form.get_by_label("Title").fill("x")
            form.locator("input[name=due]").evaluate("(el) => el.type = 'text'")
            form.locator("input[name=due]").fill("2026-02-31")
            form.get_by_role("button", name="Plan piece").click()
            page.get_by_text("does not exist").first.wait_for()
            shoot(page, out, "form-errors", label)
            page.goto(f"{base}/apps/crm/actions/")
            form = page.get_by_role("form", name="List pipeline")
            form.get_by_role("button", name="List pipeline").click()
            form.locator(".result-records").first.wait_for()
            shoot(page, out, "crm-result", label)
            page.goto(f"{base}/apps/no-such-app/")
            shoot(page, out, "not-found", label)
            context.close()
        browser.close()


if __name__ == "__main__":
    target = Path(sys.argv[4]) if len(sys.argv) > 4 else Path("var/screenshots")
    main(sys.argv[1], sys.argv[2], sys.argv[3], target)
