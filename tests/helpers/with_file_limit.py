"""Run a command with a file size limit (RLIMIT_FSIZE) and SIGXFSZ ignored.

    python with_file_limit.py BYTES COMMAND [ARGS...]

A write past the limit then fails with EFBIG instead of killing the process, as a
write to a FAT32 USB stick past 4 GiB would. Both settings survive the exec.
"""

from __future__ import annotations

import os
import resource
import signal
import sys


def main() -> None:
    limit = int(sys.argv[1])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    os.execv(sys.argv[2], sys.argv[2:])


if __name__ == "__main__":
    main()
