"""An e-mail backend for the killed-worker test: it writes messages to files, but
hangs forever first while the file named by KAM_TEST_HANG_MARKER exists, so the
test can kill the worker process in the middle of a send."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        marker = os.environ.get("KAM_TEST_HANG_MARKER")
        while marker and Path(marker).exists():
            time.sleep(0.1)
        return super().send_messages(email_messages)
