"""A mail backend as slow as a mail server that takes its time: it notes that it started
(SLOW_MAIL_MARKER), waits SLOW_MAIL_SECONDS, then saves the message like the file backend.
A test kills the worker while it waits."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class Backend(FileBackend):
    def send_messages(self, email_messages):
        marker = os.environ.get("SLOW_MAIL_MARKER")
        if marker:
            Path(marker).write_text(str(os.getpid()))
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "30")))
        return super().send_messages(email_messages)
