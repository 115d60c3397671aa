"""Debian's Chromium for Playwright: where it is, and the flags it runs with headless in a
container (the browser tests and scripts/screenshots.py)."""

import os
import shutil

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    # A generated tone and test picture instead of a real microphone and camera, allowed
    # without a permission prompt: recording tests need no hardware.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        raise RuntimeError("Debian's chromium package is missing: run `make test` to install it.")
    return path
