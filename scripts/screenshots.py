"""Screenshot pages of a running app (`make run`) with Debian's Chromium, to look at them.

Usage: .venv/bin/python scripts/screenshots.py OUT_DIR [PATH ...]
Signs in as the demo admin (with the demo TOTP code) for paths under /admin/, /commissie/ or
/accounts/2fa/; set AS_USER=commissie@example.org (any demo account) to sign in as another.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from harness.chromium import CHROMIUM_FLAGS, chromium_path

BASE = "http://127.0.0.1:8000"
DEFAULT_PATHS = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def sign_in_as_demo_admin(page) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")
    django.setup()
    from demo.members import DEMO_PASSWORD, DEMO_TOTP_SECRET
    from members.totp import current_totp_code

    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=login]", os.environ.get("AS_USER", "admin@example.org"))
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    if page.locator("input[name=code]").count():  # staff accounts have a second factor
        page.fill("input[name=code]", current_totp_code(DEMO_TOTP_SECRET))
        page.click("main button[type=submit]")


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    paths = sys.argv[2:] or DEFAULT_PATHS
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        # One context, so the demo TOTP code is used once (a code is never accepted twice).
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        signed_in_paths = (
            "/admin",
            "/commissie",
            "/staff",
            "/alv",
            "/accounts/2fa",
            "/accounts/email",
        )
        if any(p.startswith(signed_in_paths) for p in paths):
            sign_in_as_demo_admin(page)
        for width, label in ((1280, "desktop"), (390, "phone")):
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                page.goto(f"{BASE}{path}")
                name = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=out / f"{name}-{label}.png", full_page=True)
                print(out / f"{name}-{label}.png", page.url)
        context.close()
        browser.close()


if __name__ == "__main__":
    main()
