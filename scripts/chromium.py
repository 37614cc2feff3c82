"""Shared by the browser scripts: Debian's Chromium through Playwright (never a downloaded browser), with console
and page errors collected."""
import os


def open_page(playwright, errors):
    """Launches headless /usr/bin/chromium (or $CHROMIUM) with autoplay allowed; returns (browser, page)."""
    browser = playwright.chromium.launch(
        executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        headless=True,
        args=["--autoplay-policy=no-user-gesture-required", "--no-sandbox"],
    )
    page = browser.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return browser, page
