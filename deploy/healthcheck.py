"""Container health checks (compose.yaml): ask /healthz, exit 0 when the named parts are healthy.

    python deploy/healthcheck.py http://127.0.0.1:8000/healthz            # the app answers
    python deploy/healthcheck.py http://app:8000/healthz tasks            # the worker keeps up

With no part named, any JSON answer from /healthz (200, or 503 naming a failing service) means
the process itself is healthy: a Meilisearch outage must not get the web containers restarted.
Standard library only: it runs in the app image before anything else is known to work.
"""

import json
import sys
import urllib.error
import urllib.request
from urllib.parse import urlsplit


def main(argv: list[str]) -> int:
    url, parts = argv[0], argv[1:]
    request = urllib.request.Request(url, headers={"Host": urlsplit(url).hostname or "localhost"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - a URL we are given
            body = json.load(response)
    except urllib.error.HTTPError as error:
        if error.code != 503:
            print(f"{url}: HTTP {error.code}", file=sys.stderr)
            return 1
        body = json.load(error)
    except (OSError, ValueError) as error:
        print(f"{url}: {error}", file=sys.stderr)
        return 1
    failing = [part for part in parts if not body.get("checks", {}).get(part, {}).get("ok")]
    if failing:
        print(f"{url}: failing {', '.join(failing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
