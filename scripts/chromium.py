"""Shared by the browser scripts: Debian's Chromium through Playwright (never a downloaded browser), with console
and page errors collected."""
import os


def open_page(playwright, errors, console=True, **page_options):
    """Launches headless /usr/bin/chromium (or $CHROMIUM) with autoplay allowed; returns (browser, page).

    Page errors go to `errors`, and console errors too unless `console` is False; `page_options` go to new_page
    (a phone's viewport, say)."""
    browser = playwright.chromium.launch(
        executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        headless=True,
        args=["--autoplay-policy=no-user-gesture-required", "--no-sandbox"],
    )
    page = browser.new_page(**page_options)
    if console:
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return browser, page
