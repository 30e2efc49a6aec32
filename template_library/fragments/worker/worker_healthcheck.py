"""Worker health check: exits 0 while the worker's heartbeat file is fresh.

For Docker (compose.yaml) and a Kubernetes exec probe:
    python /app/worker_healthcheck.py
The worker touches the file every 5 s from its main loop (celery_setup.Heartbeat).
This reads one file's time and imports nothing of the application or Celery, so
it can run every few seconds; `celery inspect ping` would start Celery and ask
the worker through the broker each time.
"""

import os
import sys
import time
from pathlib import Path

# The file celery_setup.Heartbeat touches (CELERY_HEARTBEAT_FILE moves both).
HEARTBEAT_FILE = Path(
    os.environ.get("CELERY_HEARTBEAT_FILE", "/tmp/celery-worker-heartbeat")  # noqa: S108
)
MAX_AGE = 30  # seconds: six missed heartbeats

try:
    age = time.time() - HEARTBEAT_FILE.stat().st_mtime
except FileNotFoundError:
    sys.exit("worker health check failed: no heartbeat yet (starting, or not a worker)")
if age > MAX_AGE:
    sys.exit(f"worker health check failed: last heartbeat {age:.0f} s ago")
