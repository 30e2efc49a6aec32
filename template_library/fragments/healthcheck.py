"""Container health check: exits 0 when the service answers /healthz.

Docker runs this inside the container (slim images have no curl), so it
uses only the standard library and imports nothing of the application.
"""

import os
import sys
import urllib.request

URL = f"http://127.0.0.1:{os.environ.get('PORT', '{{ cookiecutter.port }}')}/healthz"

try:
    with urllib.request.urlopen(URL, timeout=2) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:
    print(f"health check failed: {error}", file=sys.stderr)
    sys.exit(1)
