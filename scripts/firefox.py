"""Debian's Firefox ESR (`firefox-esr`), headless, driven through Marionette with PyPI's marionette-driver: no
geckodriver and no downloaded browser. `open_firefox()` starts one with a fresh profile (autoplay allowed) and returns
a `Firefox` whose methods mirror what the browser scripts ask of Playwright's page."""
import os
import shutil
import socket
import subprocess
import tempfile
import time

from marionette_driver.marionette import Marionette


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Firefox:
    def __init__(self, binary=None, width=1280, height=800, page_load_strategy="normal"):
        self.profile = tempfile.mkdtemp(prefix="lectern-firefox-")
        port = _free_port()
        prefs = {
            "marionette.port": port,
            "media.autoplay.default": 0,  # allow autoplay, as the Chromium scripts do
            "media.autoplay.blocking_policy": 0,
            "browser.shell.checkDefaultBrowser": False,
            "browser.startup.page": 0,  # a blank start page, not about:home
            "browser.startup.homepage": "about:blank",
            "browser.startup.homepage_override.mstone": "ignore",
            "datareporting.policy.dataSubmissionEnabled": False,
            "app.update.auto": False,
            "app.update.enabled": False,
            "dom.serviceWorkers.enabled": True,
        }
        with open(os.path.join(self.profile, "user.js"), "w") as f:
            for key, value in prefs.items():
                f.write(f"user_pref({key!r}, {str(value).lower() if isinstance(value, bool) else repr(value)});\n".replace("'", '"'))
        self.process = subprocess.Popen(
            [binary or os.environ.get("FIREFOX", "/usr/bin/firefox-esr"), "--headless", "--marionette", "--no-remote",
             "--profile", self.profile, "--width", str(width), "--height", str(height)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.close()
                    raise RuntimeError("firefox-esr did not open its Marionette port within 60 s")
                time.sleep(0.2)
        self.client = Marionette(host="127.0.0.1", port=port)
        self.client.start_session({"pageLoadStrategy": page_load_strategy})
        self.client.timeout.script = 120

    def goto(self, url):
        self.client.navigate(url)

    def js(self, expression):
        """The value of a JavaScript expression in the page."""
        return self.client.execute_script(f"return ({expression});", sandbox=None)

    def wait(self, expression, timeout_s=60):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.js(expression):
                return
            time.sleep(0.2)
        raise TimeoutError(f"waited {timeout_s} s for {expression}")

    def close(self):
        try:
            if getattr(self, "client", None):
                self.client.delete_session()
        except Exception:
            pass
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
