"""Production smoke test: the app half of compose.yaml, run for real on this machine.

No container engine runs on the build machines, so this script plays the stack's part itself:
a fresh PostgreSQL database and PORTAL_DATA_DIR, collectstatic, migrate, load_demo, then gunicorn
(portal.wsgi, production settings) and the task worker; once the worker has sent the first run's
index updates, a reader, a searcher and an editor over HTTP, each request carrying the
X-Forwarded-Proto and X-Forwarded-For headers the reverse proxy sets (the lockout check proves
sign-in throttling counts per client behind it), and a look at the server's JSON log lines.
Through nginx also: its rate limit answers a flood of searches 429 with Retry-After, slow
request bodies hold no gunicorn worker, and expert photos are refused at their /media/ address
and served by nginx through the app's check (X-Accel-Redirect): a public one to anyone, a
members-only one to a signed-in editor and never to a visitor.

It prints one line per check, one readable line per failure, exits 1 if any check failed, and
always stops what it started and drops what it created (also on Ctrl-C or SIGTERM).

    make smoke        # or: .venv/bin/python deploy/smoke.py

Environment: SMOKE_DATABASE_HOST_URL (default postgres://postgres@127.0.0.1:5432), REDIS_URL
(default redis://127.0.0.1:6379/3), SMOKE_PORT (default 18200; nginx listens on the next port),
SMOKE_NGINX (the nginx binary; `make smoke` unpacks Debian's. Without one, the lockout check
sends the headers nginx would send instead, and says so).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import default as default_policy
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
from psycopg import sql

PROJECT_DIR = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SERVER_URL = os.environ.get("SMOKE_DATABASE_HOST_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3")
PORT = int(os.environ.get("SMOKE_PORT", "18200"))
HOST = "127.0.0.1"
PUBLIC_HOST = f"{HOST}:{PORT}"
PROXY_PORT = PORT + 1
NGINX = os.environ.get("SMOKE_NGINX") or shutil.which("nginx") or ""

# Demo content load_demo creates (knowledge/data/case_studies.json): a seeded practice to find and read.
CASE_STUDY = "/{lang}/case-studies/haiphong-emissions-inventory-industrial-zones-and-ports/"
SEARCH_QUERY = "Haiphong emissions inventory"
ADMIN_EMAIL = "smoke-editor@example.org"
ADMIN_PASSWORD = "smoke-test-password-0f3a"  # noqa: S105 - a throwaway account in a throwaway database

STEP_TIMEOUT_S = 180
WAIT_S = 60


class SmokeFailure(Exception):
    """A check saw something a production deployment must not do."""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Browser:
    """A client behind the proxy: HTTPS as far as the app can tell, cookies kept like a browser's.

    The cookies are Secure (production settings), which a cookie jar would never send over the
    plain-HTTP hop between proxy and app, so they are kept by hand.
    """

    cookies: dict[str, str] = field(default_factory=dict)
    # The reader's address, which the proxy appends to whatever X-Forwarded-For the reader sent
    # (`forged`: an attacker's attempt to choose its own address).
    client: str = "203.0.113.7"
    forged: str = ""
    # Through nginx instead: its port, and the local address this reader connects from (the
    # whole of 127.0.0.0/8 is this machine's, so each reader can have its own).
    port: int = PORT
    source: str = ""

    def request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Response:
        headers = {
            "Host": PUBLIC_HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": ", ".join(part for part in (self.forged, self.client) if part),
            "User-Agent": "portal-smoke/1",
            **(extra_headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Django checks the origin of HTTPS form posts.
            headers["Origin"] = f"https://{PUBLIC_HOST}"
            headers["Referer"] = f"https://{PUBLIC_HOST}{path}"
        if not headers["X-Forwarded-For"]:
            del headers["X-Forwarded-For"]
        connection = http.client.HTTPConnection(
            HOST, self.port, timeout=30, source_address=(self.source, 0) if self.source else None
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        return self.request("POST", path, form=form)


def csrf_token(page: Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not match:
        raise SmokeFailure("the form has no CSRF token")
    return match.group(1)


def expect_status(response: Response, status: int, what: str) -> Response:
    if response.status != status:
        location = response.header("Location")
        extra = f" (Location: {location})" if location else ""
        raise SmokeFailure(f"{what}: HTTP {response.status}, expected {status}{extra}")
    return response


def wait_for(condition: Callable[[], object], *, what: str, timeout_s: float = WAIT_S) -> object:
    """Poll `condition` until it returns something truthy; the worker needs a moment."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise SmokeFailure(f"{what}: not within {timeout_s:.0f} s")
        time.sleep(0.5)


# --------------------------------------------------------------------------------------------
# The checks, in the order a reader, a searcher and an editor meet the portal.


def check_pages(browser: Browser) -> str:
    for lang in ("en", "vi"):
        for path in (f"/{lang}/", CASE_STUDY.format(lang=lang), f"/{lang}/experts/"):
            page = expect_status(browser.get(path), 200, path)
            if f'lang="{lang}"' not in page.text:
                raise SmokeFailure(f"{path}: the page does not declare lang={lang}")
    # The second anonymous view comes from the Redis page cache, shared by every gunicorn worker.
    # The worker may still be purging what load_demo published, so a miss is tried again.
    path = CASE_STUDY.format(lang="vi")
    wait_for(
        lambda: browser.get(path).status == 200 and browser.get(path).header("X-Page-Cache") == "hit",
        what=f"{path} served from the page cache on a second view",
    )
    return "home, case study and directory answer 200 in en and vi; a second view comes from the cache"


def check_profile(browser: Browser) -> str:
    directory = browser.get("/en/experts/").text
    match = re.search(r'href="/en/experts/([^/"?]+)/"', directory)
    if not match:
        raise SmokeFailure("/en/experts/: the directory lists no expert profile")
    slug = match.group(1)
    for lang in ("en", "vi"):
        expect_status(browser.get(f"/{lang}/experts/{slug}/"), 200, f"/{lang}/experts/{slug}/")
    return f"profile /experts/{slug}/ answers 200 in en and vi"


def check_search(browser: Browser) -> str:
    path = "/en/search/?" + urlencode({"q": SEARCH_QUERY})
    target = CASE_STUDY.format(lang="en")
    # Result links go through the click counter: /en/search/click/?q=…&to=<the page's path>.
    link = urlencode({"to": target})

    def found() -> bool:
        page = browser.get(path)
        return page.status == 200 and link in page.text

    # load_demo queued the index updates; the worker sends them to the engine.
    wait_for(found, what=f"search page for {SEARCH_QUERY!r} linking to {target}")
    api = expect_status(browser.get("/api/v1/knowledge?" + urlencode({"q": SEARCH_QUERY})), 200, "search API")
    urls = [result["url"] for result in json.loads(api.body)["results"]]
    if not any(url.endswith(target) for url in urls):
        raise SmokeFailure(f"/api/v1/knowledge?q={SEARCH_QUERY}: {target} not among {urls[:5]}")
    return f"search page and knowledge API find the seeded practice for {SEARCH_QUERY!r}"


def _sign_in_link(mail_dir: Path, since: float) -> str:
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.is_dir() else []:
        if path.stat().st_mtime < since:
            continue
        # The file backend writes messages one after another, separated by a line of dashes.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            message = message_from_bytes(chunk.strip(), policy=default_policy)
            if ADMIN_EMAIL not in message.get("To", ""):
                continue
            body = message.get_body(preferencelist=("plain",))
            text = body.get_content() if body is not None else ""
            match = re.search(r"https?://\S+/accounts/sign-in/link/\S+/", text)
            if match:
                return match.group(0)
    return ""


def check_sign_in(browser: Browser, mail_dir: Path) -> str:
    form_page = expect_status(browser.get("/en/accounts/sign-in/"), 200, "sign-in form")
    started = time.time() - 1
    sent = browser.post(
        "/en/accounts/sign-in/",
        {"csrfmiddlewaretoken": csrf_token(form_page), "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
    )
    expect_status(sent, 302, "sign-in step one (password)")
    # The worker renders and sends the e-mail.
    link = wait_for(lambda: _sign_in_link(mail_dir, started), what="the sign-in e-mail")
    link_path = urlsplit(str(link)).path
    landed = expect_status(browser.get(link_path), 302, "the e-mailed sign-in link")
    confirm_path = urlsplit(landed.header("Location")).path
    confirm = expect_status(browser.get(confirm_path), 200, "the sign-in confirmation page")
    done = expect_status(
        browser.post(confirm_path, {"csrfmiddlewaretoken": csrf_token(confirm)}), 302, "completing sign-in"
    )
    admin_path = urlsplit(done.header("Location")).path
    admin = expect_status(browser.get(admin_path), 200, f"{admin_path} after signing in")
    if "sign-in" in admin.text.lower() and "dashboard" not in admin.text.lower():
        raise SmokeFailure(f"{admin_path}: not signed in after completing the link")
    return f"sign-in: password, e-mailed link from the worker, signed in at {admin_path}"


# Two demo experts get a photo each: one shown to everyone, one to members only.
PHOTOS_SCRIPT = """
import io, json, os
from PIL import Image
from django.core.files.base import ContentFile
from experts.models import Expert

def jpeg(colour):
    data = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(data, "JPEG")
    return ContentFile(data.getvalue())

shown, hidden = Expert.objects.filter(status="published").order_by("pk")[:2]
shown.photo.save("smoke-public.jpg", jpeg("green"), save=False)
shown.public_fields = sorted({*shown.public_fields, "photo"})
shown.save()
hidden.photo.save("smoke-members.jpg", jpeg("red"), save=False)
hidden.public_fields = [name for name in hidden.public_fields if name != "photo"]
hidden.save()
json.dump({"public": [shown.slug, shown.photo.url], "members": [hidden.slug, hidden.photo.url]},
          open(os.environ["SMOKE_PHOTOS_FILE"], "w"))
"""


def check_photos(editor: Browser, photos_file: Path, *, through_nginx: bool) -> str:
    """Expert photos (experts/photos.py): the public profile links the checked address; a
    members-only photo is never served to a visitor, by that address or its /media/ one."""
    photos = json.loads(photos_file.read_text())
    (public_slug, public_url), (members_slug, members_url) = photos["public"], photos["members"]
    port = PROXY_PORT if through_nginx else PORT
    visitor = Browser(port=port, client="203.0.113.30", source="127.0.0.30" if through_nginx else "")
    member = Browser(cookies=dict(editor.cookies), port=port, source=visitor.source)
    if public_url not in visitor.get(f"/en/experts/{public_slug}/").text:
        raise SmokeFailure(f"/en/experts/{public_slug}/ does not link its public photo {public_url}")
    if members_url in visitor.get(f"/en/experts/{members_slug}/").text:
        raise SmokeFailure(f"/en/experts/{members_slug}/ shows its members-only photo to a visitor")
    public = expect_status(visitor.get(public_url), 200, f"public photo {public_url}")
    if not public.body.startswith(b"\xff\xd8") or "public" not in public.header("Cache-Control"):
        raise SmokeFailure(
            f"{public_url}: {len(public.body)} bytes, Cache-Control {public.header('Cache-Control')!r}"
        )
    expect_status(visitor.get(members_url), 404, f"members-only photo {members_url} for a visitor")
    shown = expect_status(member.get(members_url), 200, f"members-only photo {members_url} for an editor")
    if not shown.body.startswith(b"\xff\xd8") or "private" not in shown.header("Cache-Control"):
        raise SmokeFailure(f"{members_url} for an editor: {len(shown.body)} bytes, {shown.headers}")
    if not through_nginx:
        return "photos: public one to a visitor, members-only one to an editor only (without nginx)"
    for url in (public_url, members_url):
        direct = "/media/experts/photos/" + url.rsplit("/", 1)[1]
        if visitor.get(direct).status not in (403, 404):
            raise SmokeFailure(f"nginx serves {direct} by its address")
    return (
        "photos through nginx: /media/experts/ refused; the public one to anyone (cacheable), "
        "the members-only one to an editor only, bytes sent by nginx"
    )


def check_lockout_is_per_client(*, through_nginx: bool) -> str:
    """Behind the proxy, one client's wrong passwords lock out that client, not everyone.

    The attacker sends five wrong passwords, each with a different forged X-Forwarded-For entry
    before the one the proxy appends; its own right password is then refused, while another
    reader's goes through. Before the app read the client from the proxy's entry, every reader
    was the proxy, and this locked out everyone for an hour. Through nginx (deploy/nginx.conf's
    proxy headers) each reader connects from an address of its own; without it, the readers
    send the X-Forwarded-For nginx would send.
    """
    if through_nginx:
        attacker = Browser(client="", port=PROXY_PORT, source="127.0.0.66")
        reader = Browser(client="", port=PROXY_PORT, source="127.0.0.67")
    else:
        attacker, reader = Browser(client="198.51.100.66"), Browser(client="198.51.100.67")
    form = expect_status(attacker.get("/en/accounts/sign-in/"), 200, "sign-in form")
    for number in range(5):
        attacker.forged = f"192.0.2.{number + 1}"
        attacker.post(
            "/en/accounts/sign-in/",
            {
                "csrfmiddlewaretoken": csrf_token(form),
                "email": f"guess{number}@example.org",
                "password": "not-the-password-1",
            },
        )
    attacker.forged = "192.0.2.200"
    locked = attacker.post(
        "/en/accounts/sign-in/",
        {"csrfmiddlewaretoken": csrf_token(form), "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
    )
    if locked.status not in (403, 429):
        raise SmokeFailure(f"five wrong passwords from one client: its next sign-in answered {locked.status}")
    reader_form = expect_status(reader.get("/en/accounts/sign-in/"), 200, "sign-in form")
    sent = reader.post(
        "/en/accounts/sign-in/",
        {"csrfmiddlewaretoken": csrf_token(reader_form), "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
    )
    expect_status(sent, 302, "another client's sign-in after one client was locked out")
    path = "through nginx" if through_nginx else "with nginx's headers (no nginx found)"
    return f"lockout per client {path}: the guessing client gets {locked.status}, another signs in (302)"


def check_rate_limit_through_nginx() -> str:
    """deploy/nginx.conf's rate limit: a burst of searches from one address beyond its allowance
    is answered 429 JSON with Retry-After by nginx itself; a reader at another address is not held
    back. (The app's own limit, SEARCH_RATE_LIMIT_PER_MINUTE, is far above this burst.)"""
    flood = Browser(client="", port=PROXY_PORT, source="127.0.0.68")
    statuses = []
    refused = None
    for _ in range(40):
        response = flood.get("/api/v1/knowledge?q=inventory")
        statuses.append(response.status)
        if response.status == 429 and refused is None:
            refused = response
    if refused is None:
        raise SmokeFailure(f"40 searches at once from one address were all answered: {statuses}")
    if statuses[:20] != [200] * 20:
        raise SmokeFailure(f"the first 20 searches (the burst allowance) were not all answered: {statuses}")
    if refused.header("Retry-After") != "5" or json.loads(refused.body).get("error") != "too many requests":
        raise SmokeFailure(
            f"nginx's 429 has no Retry-After or JSON reason: {refused.headers} {refused.text[:200]}"
        )
    other = Browser(client="", port=PROXY_PORT, source="127.0.0.69")
    expect_status(
        other.get("/api/v1/knowledge?q=inventory"), 200, "another address's search during the flood"
    )
    return f"nginx rate limit: {statuses.count(429)} of 40 searches at once answered 429 (Retry-After 5), another address 200"


def check_slow_clients_do_not_pin_workers() -> str:
    """Three clients (one more than gunicorn's two sync workers) announce a form body and send
    only its first bytes; through nginx, which buffers request bodies, a reader is still served
    at once (straight to gunicorn each would hold a worker for its 30 s timeout)."""
    slow = []
    try:
        for number in range(3):
            connection = socket.create_connection(
                (HOST, PROXY_PORT), timeout=5, source_address=("127.0.0.70", 0)
            )
            connection.sendall(
                (
                    f"POST /en/accounts/sign-in/ HTTP/1.1\r\nHost: {PUBLIC_HOST}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n"
                    f"email=slow{number}"
                ).encode()
            )
            slow.append(connection)
        time.sleep(0.5)
        began = time.monotonic()
        reader = Browser(client="", port=PROXY_PORT, source="127.0.0.71")
        expect_status(reader.get("/en/"), 200, "a page while three clients send their bodies slowly")
        took = time.monotonic() - began
    finally:
        for connection in slow:
            connection.close()
    if took > 5:
        raise SmokeFailure(f"a page took {took:.1f} s while three slow clients were sending")
    return f"three slow request bodies held no gunicorn worker: a page answered in {took * 1000:.0f} ms"


def nginx_config(prefix: Path) -> str:
    """deploy/nginx.conf's proxying, as production runs it, in front of this run's gunicorn.

    The `location /` block is taken from deploy/nginx.conf itself, so the smoke test proves the
    headers production sends. TLS is left out (production's HTTPS server block needs
    certificates): `$scheme`, which is `https` there, is written as such.
    """
    production = (PROJECT_DIR / "deploy" / "nginx.conf").read_text()
    match = re.search(r"\n    location / \{\n        proxy_pass .*?\n    \}\n", production, re.DOTALL)
    if match is None:
        raise SmokeFailure("deploy/nginx.conf has no `location /` block that proxies to the app")
    location = match.group(0).replace("$scheme", "https")
    # The rate limits it applies: the http-level map and zones, and the named location that
    # answers nginx's own 429.
    limits = re.search(
        r"\nmap \$uri \$portal_search_client \{.*?\n\}\n(?:limit_req_zone .*?;\n)+", production, re.DOTALL
    )
    refusal = re.search(r"\n    location @too_many_requests \{\n.*?\n    \}\n", production, re.DOTALL)
    if limits is None or refusal is None:
        raise SmokeFailure("deploy/nginx.conf has no rate limits (the map, zones and @too_many_requests)")
    header_timeout = re.search(r"\n    client_header_timeout .*?;\n", production)
    # Media: documents and expert photos refused by address, and the internal location the
    # app's X-Accel-Redirect answers are sent from, with this run's media directory.
    media = re.search(r"\n    location /media/ \{\n.*?\n    \}\n", production, re.DOTALL)
    protected = re.search(r"\n    location /protected-media/ \{\n.*?\n    \}\n", production, re.DOTALL)
    if media is None or protected is None:
        raise SmokeFailure("deploy/nginx.conf has no /media/ or /protected-media/ location")
    media_locations = (media.group(0) + protected.group(0)).replace(
        "/srv/data/media/", f"{prefix.parent / 'media'}/"
    )
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    access_log {prefix / "access.log"};
{temp}
{limits.group(0)}
    upstream portal_app {{
        server {PUBLIC_HOST};
        keepalive 4;
    }}
    server {{
        listen {HOST}:{PROXY_PORT};
        server_name _;{header_timeout.group(0) if header_timeout else ""}
{location}{refusal.group(0)}{media_locations}    }}
}}
"""


def start_nginx(stack: ExitStack, data_dir: Path) -> bool:
    """nginx in front of gunicorn on PROXY_PORT, if an nginx binary is at hand."""
    if not NGINX:
        print("note nginx not found: the lockout check sends the headers nginx would send", flush=True)
        return False
    prefix = data_dir / "nginx"
    prefix.mkdir()
    config = prefix / "nginx.conf"
    config.write_text(nginx_config(prefix))
    # -e: its own error log from the start, not the compiled-in /var/log/nginx/error.log.
    command = [NGINX, "-c", str(config), "-p", str(prefix), "-e", str(prefix / "error.log")]
    stack.enter_context(running(command, dict(os.environ), prefix / "nginx.out"))

    def listening() -> bool:
        try:
            http.client.HTTPConnection(HOST, PROXY_PORT, timeout=1).connect()
        except OSError:
            return False
        return True

    wait_for(listening, what=f"nginx listening on {HOST}:{PROXY_PORT}", timeout_s=10)
    print(f"ok   nginx ({NGINX}) in front of gunicorn on {HOST}:{PROXY_PORT}", flush=True)
    return True


def check_static(browser: Browser) -> str:
    home = browser.get("/en/").text
    # The stylesheets are set in the page (portal/stylesheets.py); the header's script is linked.
    match = re.search(r'(/static/[^"\']+\.[0-9a-f]{12}\.(?:css|js))', home)
    if not match:
        raise SmokeFailure("/en/: no hashed static file (collectstatic's manifest is not in use)")
    path = match.group(1)
    response = expect_status(browser.get(path), 200, path)
    cache_control = response.header("Cache-Control")
    max_age = re.search(r"max-age=(\d+)", cache_control)
    if not max_age or int(max_age.group(1)) < 365 * 24 * 3600:
        raise SmokeFailure(f"{path}: Cache-Control {cache_control!r} is not a long-lived cache")
    return f"hashed static file {path} served with {cache_control!r}"


def check_logs(browser: Browser, server_log: Path) -> str:
    """The proxy's request id comes back and names the request's JSON log line."""
    request_id = "smoke-" + os.urandom(8).hex()
    response = browser.request("GET", "/en/experts/", extra_headers={"X-Request-ID": request_id})
    if response.header("X-Request-ID") != request_id:
        raise SmokeFailure(f"X-Request-ID {request_id!r} came back as {response.header('X-Request-ID')!r}")

    def logged() -> dict | None:
        for number, line in enumerate(server_log.read_text(errors="replace").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                raise SmokeFailure(f"{server_log.name} line {number} is not JSON: {line[:200]}") from None
            if entry.get("request_id") == request_id and entry.get("logger") == "portal.request":
                return entry
        return None

    entry = wait_for(logged, what=f"a JSON log line for request {request_id}", timeout_s=10)
    assert isinstance(entry, dict)
    if entry.get("path") != "/en/experts/" or entry.get("status") != 200:
        raise SmokeFailure(f"the log line for {request_id} says {entry}")
    return f"X-Request-ID kept and logged: every gunicorn log line is JSON ({entry['duration_ms']} ms)"


def wait_for_first_run(browser: Browser) -> str:
    """Let the worker catch up with what load_demo queued (index updates, purges, renditions):
    the directory and search read the index, which follows the database a moment later."""
    began = time.monotonic()

    def caught_up() -> bool:
        response = browser.get("/healthz")
        if response.status not in (200, 503):
            return False
        checks = json.loads(response.body)["checks"]
        return checks["index_backlog"].get("backlog") == 0 and checks["tasks"].get("queued") == 0

    wait_for(caught_up, what="the worker catching up with the first run's tasks", timeout_s=240)
    return f"the worker sent the first run's index updates and tasks ({time.monotonic() - began:.1f} s)"


def check_health(browser: Browser) -> str:
    response = browser.get("/healthz")
    if response.status != 200:
        raise SmokeFailure(f"/healthz: HTTP {response.status}: {response.text[:500]}")
    body = json.loads(response.body)
    return "/healthz 200: " + ", ".join(f"{name} ok" for name in body["checks"])


def check_https_redirect() -> str:
    # Without the proxy's header the request is plain HTTP, which production sends to HTTPS.
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    try:
        connection.request("GET", "/en/", headers={"Host": PUBLIC_HOST})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    location = response.headers.get("Location", "")
    if response.status != 301 or not location.startswith("https://"):
        raise SmokeFailure(f"plain HTTP /en/: HTTP {response.status} {location!r}, expected 301 to https")
    return "plain HTTP is redirected to HTTPS"


# --------------------------------------------------------------------------------------------
# The stack


@contextmanager
def database() -> Iterator[str]:
    name = f"portal_smoke_{os.getpid()}"
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{SERVER_URL}/{name}"
    finally:
        with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def flush_cache() -> None:
    """Start from an empty cache: an earlier run's pages must not answer for this database."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def run_steps(steps: dict[str, list[str]], env: dict[str, str]) -> None:
    """Run management commands side by side (they touch different things); fail on any error."""
    started = time.monotonic()
    running_steps = {
        label: subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            command,
            env=env,
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        for label, command in steps.items()
    }
    failed = []
    for label, process in running_steps.items():
        try:
            output, _ = process.communicate(timeout=STEP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
        if process.returncode != 0:
            sys.stdout.write(output[-3000:])
            failed.append(f"{label} exited {process.returncode}")
            continue
        print(f"ok   {label} ({time.monotonic() - started:.1f} s)", flush=True)
    if failed:
        raise SmokeFailure("; ".join(failed))


@contextmanager
def running(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Run `command` in a process group of its own (so gunicorn's workers stop with it)."""
    with log.open("wb") as handle:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter, gunicorn and manage.py
            command, env=env, cwd=PROJECT_DIR, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def wait_until_serving(server: subprocess.Popen, log: Path) -> None:
    def up() -> bool:
        if server.poll() is not None:
            raise SmokeFailure(f"gunicorn exited {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": PUBLIC_HOST})
            connection.getresponse().read()
            connection.close()
        except OSError:
            return False
        return True

    wait_for(up, what=f"gunicorn listening on {PUBLIC_HOST}", timeout_s=30)


def smoke_env(*, database_url: str, data_dir: Path) -> dict[str, str]:
    """What an operator sets for the app and worker services (docs/deploy.md), for this run."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "PYTHONUNBUFFERED": "1",
        "SECRET_KEY": "smoke-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://{PUBLIC_HOST}",
        "PORTAL_BASE_URL": f"https://{PUBLIC_HOST}",
        "PORTAL_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "EMAIL_FILE_PATH": str(data_dir / "mail"),
        "TRUSTED_PROXY_COUNT": "1",
        # Documents and photos leave through nginx's internal location when nginx is in front.
        "MEDIA_X_ACCEL_REDIRECT": "1" if NGINX else "0",
        "DJANGO_SUPERUSER_USERNAME": "smoke-editor",
        "DJANGO_SUPERUSER_EMAIL": ADMIN_EMAIL,
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
    }
    # The embedded search engine, and production's DEBUG off, whatever the caller's shell says.
    for name in ("MEILISEARCH_URL", "DEBUG"):
        env.pop(name, None)
    return env


def run_checks(data_dir: Path, server_log: Path, *, through_nginx: bool) -> list[str]:
    browser = Browser()
    editor = Browser()
    checks: list[tuple[str, Callable[[], str]]] = [
        ("pages", lambda: check_pages(browser)),
        ("profile", lambda: check_profile(browser)),
        ("search", lambda: check_search(browser)),
        ("sign-in", lambda: check_sign_in(editor, data_dir / "mail")),
        ("photos", lambda: check_photos(editor, data_dir / "photos.json", through_nginx=through_nginx)),
        ("lockout", lambda: check_lockout_is_per_client(through_nginx=through_nginx)),
        *(
            [
                ("rate limit", check_rate_limit_through_nginx),
                ("slow clients", check_slow_clients_do_not_pin_workers),
            ]
            if through_nginx
            else []
        ),
        ("static", lambda: check_static(browser)),
        ("https", check_https_redirect),
        ("logs", lambda: check_logs(browser, server_log)),
        ("healthz", lambda: check_health(browser)),
    ]
    failures = []
    for name, check in checks:
        began = time.monotonic()
        try:
            print(f"ok   {check()} ({time.monotonic() - began:.1f} s)", flush=True)
        except (SmokeFailure, OSError, ValueError, KeyError) as error:
            failures.append(f"{name}: {error}")
            print(f"FAIL {name}: {error}", flush=True)
    return failures


def smoke(stack: ExitStack) -> list[str]:
    data_dir = Path(tempfile.mkdtemp(prefix="portal-smoke-"))
    # mkdtemp makes the folder private to its owner; nginx's workers (another user when the smoke
    # runs as root) must pass through it to send media files by X-Accel-Redirect.
    data_dir.chmod(0o711)
    stack.callback(shutil.rmtree, data_dir, ignore_errors=True)
    database_url = stack.enter_context(database())
    env = smoke_env(database_url=database_url, data_dir=data_dir)
    print(f"== production smoke test: {database_url.rsplit('/', 1)[1]}, {data_dir}", flush=True)
    flush_cache()
    manage = [sys.executable, "manage.py"]
    # What a release does before the new processes start: static files, checks, migrations.
    run_steps(
        {
            "collectstatic": [*manage, "collectstatic", "--noinput"],
            "check --deploy": [*manage, "check", "--deploy", "--fail-level", "WARNING"],
            "migrate": [*manage, "migrate", "--noinput"],
        },
        env,
    )
    server_log, worker_log = data_dir / "gunicorn.log", data_dir / "worker.log"
    gunicorn = [
        str(VENV_BIN / "gunicorn"),
        "portal.wsgi",
        "--config",
        str(PROJECT_DIR / "deploy/gunicorn.conf.py"),
    ]
    # Registered after the database, so they stop before it is dropped.
    server = stack.enter_context(
        running([*gunicorn, "--bind", PUBLIC_HOST, "--workers", "2"], env, server_log)
    )
    worker = stack.enter_context(running([*manage, "db_worker", "--interval", "0.5"], env, worker_log))
    # First run, while the servers start: demo content (its index updates go to the running
    # worker) and an editor account, as an operator would create one.
    run_steps(
        {
            "load_demo": [*manage, "load_demo"],
            "createsuperuser": [*manage, "createsuperuser", "--noinput"],
        },
        env,
    )
    run_steps(
        {"expert photos": [*manage, "shell", "-c", PHOTOS_SCRIPT]},
        {**env, "SMOKE_PHOTOS_FILE": str(data_dir / "photos.json")},
    )
    wait_until_serving(server, server_log)
    print(f"ok   gunicorn and the task worker started on {PUBLIC_HOST}", flush=True)
    print(f"ok   {wait_for_first_run(Browser())}", flush=True)
    through_nginx = start_nginx(stack, data_dir)
    failures = run_checks(data_dir, server_log, through_nginx=through_nginx)
    for label, process in (("gunicorn", server), ("the task worker", worker)):
        if process.poll() is not None:
            failures.append(f"{label} exited early with {process.returncode}")
    if failures:
        for log in (server_log, worker_log):
            print(f"-- last lines of {log.name}:\n{log.read_text(errors='replace')[-2000:]}")
    return failures


def main() -> int:
    # SIGTERM (CI cancelling the job) unwinds through the teardown like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    try:
        with ExitStack() as stack:
            failures = smoke(stack)
    except SmokeFailure as error:
        failures = [str(error)]
        print(f"FAIL {error}", flush=True)
    elapsed = time.monotonic() - started
    if failures:
        print(f"== smoke test FAILED: {len(failures)} failure(s) in {elapsed:.0f} s", flush=True)
        return 1
    print(f"== smoke test passed in {elapsed:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
