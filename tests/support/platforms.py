"""Running a command as on a host without Linux's /proc, such as macOS or Windows.

The command runs in a mount namespace of its own whose /proc is an empty tmpfs, so
anything that reads /proc (a parent's working directory, say) finds nothing there.
It needs root and util-linux's unshare, as this machine and CI have.
"""

from __future__ import annotations

import os
import shutil
import subprocess

WITHOUT_PROC = ("unshare", "--mount", "--", "sh", "-c", 'mount -t tmpfs none /proc && exec "$@"', "sh")
# Test ids: the same command as usual, and without /proc.
PROC_MODES = {"linux": (), "no-proc": WITHOUT_PROC}


def without_proc_available() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run([*WITHOUT_PROC, "test", "!", "-e", "/proc/self"], capture_output=True, check=False)
    return probe.returncode == 0
