#!/usr/bin/env python3
"""Load on loopback against `sso serve --demo`, with wrk.

1. Sets the demo up over HTTP as an admin would (domain, connection from the demo IdP's
   metadata file, a test sign-in, activation), then mints sign-in responses through the
   sign-in page and the demo IdP, one per sign-in.
2. wrk: the Security page under 64 connections for 30 s.
3. wrk: the ACS endpoint under 64 connections for 30 s, posting the minted responses: each
   is a real sign-in the first time (303 to the host), and once they have all been used,
   a replay that the server refuses (400). Both are answers; errors are socket errors,
   time-outs and 5xx.
4. Slow clients: hundreds of connections trickling a request head a byte at a time, while a
   normal request must still be served, every time, within 2 seconds.
Throughout, the server's RSS is sampled; it must stay under --max-rss-mb. Finally SIGTERM
must stop the server gracefully.

Usage: Tests/Load/load.py [--sso .build/release/sso] [--duration 30] [--connections 64]
Needs Debian's wrk.
"""
import argparse
import concurrent.futures
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

DOMAIN = "demo-company.test"
FAILURES = []


def fail(message):
    print("FAIL " + message, flush=True)
    FAILURES.append(message)


class Session:
    """An HTTP client with cookies and the page's CSRF token, following no redirects."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.page = ""

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        connection.close()
        text = data.decode("utf-8", "replace")
        if response.getheader("Content-Type", "").startswith("text/html"):
            self.page = text
        return response.status, response.getheader("Location"), text

    def get(self, path):
        return self.request("GET", path)

    def token(self):
        match = re.search(r'name="_csrf" value="([^"]+)"', self.page)
        return match.group(1) if match else ""

    def post(self, path, fields, with_token=True):
        if with_token:
            fields = list(fields) + [("_csrf", self.token())]
        body = urllib.parse.urlencode(fields)
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, path, fields, files):
        boundary = "----LoadTestBoundary0123456789"
        parts = []
        for name, value in list(fields) + [("_csrf", self.token())]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, filename, content in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f'Content-Type: application/xml\r\n\r\n'.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def hidden_fields(html):
    return {m.group(1): m.group(2).replace("&amp;", "&").replace("&quot;", '"').replace("&#39;", "'")
                                   .replace("&lt;", "<").replace("&gt;", ">")
            for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)}


def at_idp(session, location, email):
    """Follows a redirect to the demo IdP, signs in as `email`, returns (ACS path, form body)."""
    parsed = urllib.parse.urlsplit(location)
    status, _, page = session.get(parsed.path + "?" + parsed.query)
    assert status == 200, f"demo IdP page: {status}"
    fields = hidden_fields(page)
    fields["email"] = email
    status, _, posting = session.post("/demo-idp/respond", list(fields.items()), with_token=False)
    assert status == 200, f"demo IdP respond: {status}"
    action = re.search(r'<form method="post" action="([^"]+)" data-autosubmit>', posting).group(1)
    form = hidden_fields(posting)
    return urllib.parse.urlsplit(action).path, urllib.parse.urlencode(
        [("SAMLResponse", form["SAMLResponse"])] + ([("RelayState", form["RelayState"])] if "RelayState" in form else []))


def set_up(port):
    admin = Session(port)
    security = "/orgs/demo/security"
    admin.get(security + "/domains")
    assert admin.post(security + "/domains", [("domain", DOMAIN)])[0] == 303
    admin.get(security + "/domains")
    status, location, _ = admin.post(security + "/domains/verify", [("domain", DOMAIN)])
    assert "domain-verified" in (location or ""), f"verify: {status} {location}"
    admin.get(security + "/connection")
    assert admin.post(security + "/connection/provider", [("provider", "generic-saml")])[0] == 303
    _, _, metadata = admin.get("/demo-idp/metadata")
    admin.get(security + "/connection")
    status, _, _ = admin.post_multipart(security + "/connection", [("provider", "generic-saml"), ("mode", "metadata-file")],
                                        [("metadata-file.metadata_xml.file", "idp.xml", metadata.encode())])
    assert status == 303, f"save connection: {status}"
    admin.get(security + "/test")
    status, location, _ = admin.post(security + "/test", [])
    acs, body = at_idp(admin, location, "alice@" + DOMAIN)
    status, location, _ = admin.request("POST", acs, body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 303 and "/test/runs/" in location, f"test sign-in: {status} {location}"
    admin.get(security + "/activation")
    assert admin.post(security + "/activation", [])[0] == 303
    return acs


def mint_sign_in(port, number):
    person = Session(port)
    person.get("/sign-in")
    # Many people behind the (pretend) TLS proxy: each its own client address, so the
    # per-address sign-in rate limit sees them apart, as it would in production.
    forwarded = f"198.18.{number // 250}.{number % 250 + 1}"
    status, location, _ = person.request("POST", "/sign-in", urllib.parse.urlencode(
        [("email", "alice@" + DOMAIN), ("returnTo", "/"), ("_csrf", person.token())]),
        {"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": forwarded})
    assert status == 303, f"sign-in start: {status}"
    return at_idp(person, location, "alice@" + DOMAIN)[1]


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


class RSSSampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.samples = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.samples.append(rss_kb(self.pid))
            time.sleep(0.5)


def run_wrk(arguments, label):
    print(f"\n==> {label}\n    wrk {' '.join(arguments)}", flush=True)
    result = subprocess.run(["wrk"] + arguments, capture_output=True, text=True)
    print("    " + result.stdout.replace("\n", "\n    ").rstrip(), flush=True)
    if result.returncode != 0:
        fail(f"{label}: wrk exited {result.returncode}: {result.stderr}")
    output = result.stdout
    if "Socket errors" in output:
        fail(f"{label}: socket errors: {re.search(r'Socket errors:.*', output).group(0)}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    return output, float(rate.group(1)) if rate else 0.0


def slow_clients(port, count, seconds):
    """Opens `count` connections that trickle a request head, and checks that a normal
    request is served within 2 s, once a second, while they do."""
    print(f"\n==> {count} slow clients trickling a byte at a time for {seconds} s; normal requests meanwhile", flush=True)
    stop = threading.Event()
    sockets = []
    for _ in range(count):
        try:
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.setblocking(False)
            sockets.append(client)
        except OSError:
            pass
    head = b"GET /orgs/demo/security HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 4000

    def trickle():
        position = 0
        while not stop.is_set():
            for client in list(sockets):
                try:
                    client.send(head[position % len(head):position % len(head) + 1])
                except OSError:
                    sockets.remove(client)
            position += 1
            time.sleep(0.2)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    served, worst = 0, 0.0
    deadline = time.time() + seconds
    while time.time() < deadline:
        started = time.time()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/sign-in")
            status = connection.getresponse().status
            connection.close()
            elapsed = time.time() - started
            worst = max(worst, elapsed)
            if status != 200 or elapsed > 2:
                fail(f"slow clients: a normal request got {status} after {elapsed:.2f} s")
            else:
                served += 1
        except OSError as error:
            fail(f"slow clients: a normal request failed: {error}")
        time.sleep(1)
    stop.set()
    thread.join()
    still_open = len(sockets)
    for client in sockets:
        client.close()
    print(f"    {served} normal requests served, slowest {worst * 1000:.0f} ms; "
          f"{count} slow connections opened, {still_open} still open at the end (the rest closed by the server's time-outs or cap)",
          flush=True)
    return served, worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sso", default=".build/release/sso")
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--responses", type=int, default=3000, help="sign-in responses to mint for the ACS run")
    parser.add_argument("--slow-clients", type=int, default=800)
    parser.add_argument("--max-rss-mb", type=int, default=512)
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([arguments.sso, "serve", "--demo", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    sampler = RSSSampler(server.pid)
    sampler.start()
    try:
        acs = set_up(port)
        print(f"demo set up on port {port}; minting {arguments.responses} sign-in responses...", flush=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            bodies = list(pool.map(lambda number: mint_sign_in(port, number), range(arguments.responses)))
        work = tempfile.mkdtemp(prefix="sso-load-")
        bodies_file = os.path.join(work, "bodies.txt")
        with open(bodies_file, "w") as file:
            file.write("\n".join(bodies) + "\n")
        rss_before = rss_kb(server.pid)
        threads = 2
        common = [f"-t{threads}", f"-c{arguments.connections}", f"-d{arguments.duration}s", "--timeout", "10s", "--latency"]

        output, page_rate = run_wrk(common + [f"http://127.0.0.1:{port}/orgs/demo/security"],
                                    f"Security page, {arguments.connections} connections, {arguments.duration} s")
        if "Non-2xx or 3xx responses" in output:
            fail("Security page: " + re.search(r"Non-2xx or 3xx responses:.*", output).group(0))

        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acs.lua")
        output, acs_rate = run_wrk(common + ["-s", script, f"http://127.0.0.1:{port}{acs}", "--", bodies_file, str(threads)],
                                   f"ACS endpoint, {arguments.connections} connections, {arguments.duration} s")
        counts = {int(s): int(c) for s, c in re.findall(r"status (\d+): (\d+)", output)}
        if any(status >= 500 for status in counts):
            fail(f"ACS: server errors {counts}")
        if counts.get(303, 0) < min(arguments.responses, sum(counts.values())) * 0.99:
            fail(f"ACS: expected every minted response to sign in once (303), got {counts}")
        unexpected = {s: c for s, c in counts.items() if s not in (303, 400)}
        if unexpected:
            fail(f"ACS: unexpected statuses {unexpected}")

        served, worst = slow_clients(port, arguments.slow_clients, 15)
        if served == 0:
            fail("slow clients: no normal request was served")
    finally:
        sampler.stopping.set()
        sampler.join()
        server.send_signal(signal.SIGTERM)
        try:
            output, _ = server.communicate(timeout=20)
            if "stopped." not in output:
                fail("sso serve did not say it stopped after SIGTERM")
        except subprocess.TimeoutExpired:
            server.kill()
            fail("sso serve did not stop within 20 s of SIGTERM")
    peak = max(sampler.samples or [0]) / 1024
    print(f"\nRSS: {rss_before / 1024:.0f} MB after set-up, peak {peak:.0f} MB, "
          f"{sampler.samples[-1] / 1024 if sampler.samples else 0:.0f} MB at the end (limit {arguments.max_rss_mb} MB)")
    if peak > arguments.max_rss_mb:
        fail(f"RSS peaked at {peak:.0f} MB, over {arguments.max_rss_mb} MB")
    print(f"Security page: {page_rate:.0f} requests/s; ACS: {acs_rate:.0f} requests/s "
          f"({counts.get(303, 0)} sign-ins, {counts.get(400, 0)} replays refused)")
    if FAILURES:
        print(f"\n{len(FAILURES)} failure(s):")
        for failure in FAILURES:
            print("  - " + failure)
        sys.exit(1)
    print("load: all checks passed")


if __name__ == "__main__":
    main()
