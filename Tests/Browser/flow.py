#!/usr/bin/env python3
"""The whole Security-tab flow in headless Chromium, against `sso serve --demo`.

Runs twice: once with JavaScript on and once with it off. Each run starts its own
`sso serve --demo` on a free loopback port and clicks through: home, Security overview,
add and verify a domain, choose Generic SAML 2.0, upload the demo IdP's metadata file, run a
test sign-in (JS on: it opens in a new tab), a failed test (a person of another company),
activate, setup links (one exchanged, then revoked), audit log, the operator's organizations, an error page, and a
sign-in through the sign-in page that ends on the home page showing the user's email and
organization.

With JavaScript on, every page is checked with axe-core (no serious or critical violation)
and screenshotted at 390 px and 1280 px wide (full page) into --screenshots.

Usage: Tests/Browser/flow.py [--sso .build/debug/sso] [--screenshots DIR] [--only js|nojs]
Needs Debian's chromium and chromium-driver, and PyPI selenium and axe-selenium-python.
"""
import argparse
import base64
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

DOMAIN = "demo-company.test"
FAILURES = []


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(sso, port):
    process = subprocess.Popen([sso, "serve", "--demo", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"sso serve --demo did not start on port {port}:\n{process.stdout.read()}")


def make_driver(javascript):
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=en-US", "--force-color-profile=srgb",
                     "--hide-scrollbars"]:
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


class Run:
    def __init__(self, driver, base, javascript, screenshots):
        self.driver = driver
        self.base = base
        self.javascript = javascript
        self.screenshots = screenshots
        self.pages = 0

    # --- helpers -----------------------------------------------------------------------

    def check(self, condition, message):
        if not condition:
            label = "js" if self.javascript else "nojs"
            FAILURES.append(f"[{label}] {message} (at {self.driver.current_url})")
            print(f"FAIL [{label}] {message}", flush=True)

    def get(self, path):
        self.driver.get(self.base + path)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def click_button(self, label, scope=None):
        root = scope or self.driver
        buttons = [b for b in root.find_elements(By.TAG_NAME, "button") if b.text.strip() == label and b.is_displayed()]
        self.check(buttons, f"a visible '{label}' button")
        if buttons:
            buttons[0].click()

    def wait_for(self, predicate, what, timeout=15):
        def attempt(_):
            try:
                return predicate()
            except Exception:  # the page is being replaced: try again
                return False
        try:
            WebDriverWait(self.driver, timeout).until(attempt)
        except Exception:
            self.check(False, f"timed out waiting for {what}")

    def page(self, name):
        """Checks the current page (axe, basics) and screenshots it at both widths."""
        self.pages += 1
        html = self.driver.page_source
        self.check("<h1" in html, f"{name}: has an h1")
        self.check("Traceback" not in html and "/work/" not in html, f"{name}: no stack trace or path")
        if not self.javascript:
            return
        from axe_selenium_python import Axe
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        for violation in bad:
            nodes = "; ".join(n.get("target", [""])[0] if n.get("target") else "" for n in violation["nodes"][:3])
            self.check(False, f"{name}: axe {violation['impact']} {violation['id']}: {violation['help']} ({nodes})")
        for width in (390, 1280):
            self.screenshot(f"{self.pages:02d}-{name}-{width}.png", width)

    def screenshot(self, filename, width):
        driver = self.driver
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
        time.sleep(0.15)
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        height = int(min(metrics["cssContentSize"]["height"], 16000))
        data = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": max(height, 200), "scale": 1}})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        with open(os.path.join(self.screenshots, filename), "wb") as file:
            file.write(base64.b64decode(data["data"]))

    def finish_at_idp(self, email):
        """On the demo IdP's page: picks a person, signs in, and follows the POST to the ACS."""
        self.wait_for(lambda: "Demo identity provider" in self.driver.title, "the demo IdP's page")
        self.page("demo-idp")
        radios = self.driver.find_elements(By.CSS_SELECTOR, f"input[name='email'][value='{email}']")
        self.check(radios, f"the IdP offers {email}")
        if radios:
            self.driver.find_element(By.CSS_SELECTOR, f"label[for='{radios[0].get_attribute('id')}']").click()
        self.click_button("Sign in")
        if not self.javascript:
            self.wait_for(lambda: "Signing you in" in self.driver.title, "the IdP's POST page")
            self.click_button("Continue")

    # --- the flow ----------------------------------------------------------------------

    def run(self):
        security = "/orgs/demo/security"
        self.get("/")
        self.check("Try the whole flow" in self.text(), "home page walkthrough")
        self.page("home")

        self.get(security)
        self.check("Unconfigured" in self.text(), "overview badge Unconfigured")
        self.check("Start configuration" in self.text(), "Start configuration button")
        self.page("overview-start")

        # Domains: add, see the TXT record, verify.
        self.driver.find_element(By.LINK_TEXT, "Start configuration").click()
        self.driver.find_element(By.ID, "domain").send_keys(DOMAIN)
        self.click_button("Add domain")
        self.wait_for(lambda: "Domain added." in self.text(), "the domain-added notice")
        self.check("TXT" in self.text() and "sso-verification=" in self.text(), "TXT record shown")
        copies = [b for b in self.driver.find_elements(By.CSS_SELECTOR, "button.copy") if b.is_displayed()]
        self.check(len(copies) == 3 if self.javascript else not copies, "copy buttons only with JavaScript")
        if self.javascript and copies:
            copies[2].click()
            self.wait_for(lambda: "Copied" in self.text() or "Select the text" in self.text(), "copy feedback")
        self.page("domains-pending")
        self.click_button("Verify")
        self.wait_for(lambda: "Domain verified." in self.text(), "domain verified")
        self.page("domains-verified")

        # Connection: picker, choose generic SAML, upload the demo IdP's metadata.
        self.get(security + "/connection")
        self.check("Choose your identity provider" in self.text(), "provider picker")
        self.page("connection-picker")
        self.click_button("Choose Generic SAML 2.0")
        self.wait_for(lambda: "Values to enter in the identity provider" in self.text(), "the connection form")
        self.check(self.driver.find_elements(By.XPATH, "//label[normalize-space()='Metadata URL']"), "label 'Metadata URL'")
        self.page("connection-form")
        metadata = os.path.join(tempfile.gettempdir(), f"demo-idp-metadata-{os.getpid()}.xml")
        with urllib.request.urlopen(self.base + "/demo-idp/metadata") as response, open(metadata, "wb") as file:
            file.write(response.read())
        self.driver.find_element(By.CSS_SELECTOR, "label[for='mode-metadata-file']").click()
        upload = self.driver.find_element(By.CSS_SELECTOR, "input[type='file'][name='metadata-file.metadata_xml.file']")
        upload.send_keys(metadata)
        self.click_button("Save")
        self.wait_for(lambda: "What was understood" in self.text(), "what was understood")
        self.check("/demo-idp/metadata" in self.text(), "the IdP entity ID understood")
        self.page("connection-saved")

        # A failed test: a person of another company.
        self.run_test("mallory@other-company.test")
        self.wait_for(lambda: "Failed" in self.text(), "a failed test result")
        self.check("test.email-domain-mismatch" in self.text(), "the failure's code")
        self.check("Who can fix this" in self.text(), "who must act")
        self.page("test-failed")
        self.back_to_admin_tab()

        # A successful test.
        self.run_test("alice@" + DOMAIN)
        self.wait_for(lambda: "signed in successfully" in self.text(), "a successful test result")
        self.check("department" in self.text() and "Finance" in self.text(), "attributes shown")
        self.page("test-success")
        self.back_to_admin_tab()

        self.get(security + "/test")
        self.check("Run history" in self.text() and "Attempt log" in self.text(), "history and attempt log")
        self.page("test-history")

        # Activate.
        self.get(security + "/activation")
        self.page("activation-ready")
        self.click_button("Activate")
        self.wait_for(lambda: "The connection is active" in self.text(), "activated")
        self.page("activation-active")
        self.get(security)
        self.check("Active" in self.text(), "overview badge Active")
        self.page("overview-active")

        # Setup links, audit log, operator, confirmation and error pages.
        self.get(security + "/setup-links")
        self.driver.find_element(By.ID, "link-note").send_keys("Jane at Demo IT")
        self.click_button("Create setup link")
        self.wait_for(lambda: "Setup link created" in self.text(), "setup link created")
        self.page("setup-links")
        # The IT admin opens the link (here in the same browser) and continues: a session
        # kept in the store. The list then shows the link in use; revoking it ends the session.
        url = self.driver.find_element(By.ID, "new-setup-link").text.strip()
        self.check("/setup/" in url, "the setup link's URL")
        self.get(url[url.index("/setup/"):])
        self.click_button("Continue")
        self.wait_for(lambda: self.driver.current_url.endswith("/orgs/demo/security"), "the setup link opening the Security tab")
        self.get(security + "/setup-links")
        self.check("In use" in self.text(), "the exchanged link shows In use")
        self.page("setup-links-in-use")
        self.click_button("Revoke and end session")
        self.wait_for(lambda: "Revoked" in self.text(), "the link revoked")
        self.get(security + "/audit")
        self.page("audit-log")
        self.get("/operator/organizations")
        self.check("Allow this organization to set up SSO" in self.text(), "operator switch")
        self.page("operator")
        self.get(security + "/connection/reset")
        self.page("reset-confirmation")
        self.get(security + "/test/runs/test_unknown")
        self.check("test.run-not-found" in self.text(), "error page with code")
        self.page("error")

        # A person signs in through the sign-in page.
        self.get("/sign-in")
        self.page("sign-in")
        self.driver.find_element(By.ID, "email").send_keys("alice@" + DOMAIN)
        self.click_button("Continue")
        self.finish_at_idp("alice@" + DOMAIN)
        self.wait_for(lambda: "Signed in" in self.text(), "the signed-in page")
        self.check("alice@" + DOMAIN in self.text() and "Demo Company" in self.text(), "signed-in email and organization")
        self.page("signed-in")

    def run_test(self, email):
        self.get("/orgs/demo/security/test")
        self.admin_tab = self.driver.current_window_handle
        handles = set(self.driver.window_handles)
        self.click_button("Run test sign-in")
        if self.javascript:
            self.wait_for(lambda: len(self.driver.window_handles) > len(handles), "the test to open in a new tab")
            new = [h for h in self.driver.window_handles if h not in handles]
            if new:
                self.driver.switch_to.window(new[0])
        self.finish_at_idp(email)

    def back_to_admin_tab(self):
        if self.javascript and self.driver.current_window_handle != self.admin_tab:
            self.driver.close()
            self.driver.switch_to.window(self.admin_tab)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sso", default=".build/debug/sso")
    parser.add_argument("--screenshots", default=None)
    parser.add_argument("--only", choices=["js", "nojs"])
    arguments = parser.parse_args()
    screenshots = arguments.screenshots or tempfile.mkdtemp(prefix="sso-screenshots-")
    os.makedirs(screenshots, exist_ok=True)
    modes = [m for m in (True, False) if arguments.only is None or arguments.only == ("js" if m else "nojs")]
    for javascript in modes:
        port = free_port()
        server = start_server(arguments.sso, port)
        driver = make_driver(javascript)
        try:
            run = Run(driver, f"http://127.0.0.1:{port}", javascript, screenshots)
            run.run()
            print(f"{'JavaScript on ' if javascript else 'JavaScript off'}: {run.pages} pages checked", flush=True)
        finally:
            driver.quit()
            server.terminate()
            try:
                output, _ = server.communicate(timeout=15)
                if "stopped." not in output:
                    FAILURES.append("sso serve did not stop gracefully on SIGTERM")
            except subprocess.TimeoutExpired:
                server.kill()
                FAILURES.append("sso serve did not stop within 15 s of SIGTERM")
    print(f"screenshots: {screenshots}")
    if FAILURES:
        print(f"\n{len(FAILURES)} failure(s):")
        for failure in FAILURES:
            print("  - " + failure)
        sys.exit(1)
    print("browser flow: all checks passed")


if __name__ == "__main__":
    main()
