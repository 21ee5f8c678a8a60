"""Development e-mail: printed to the console and kept as files, so sign-in links can be followed."""

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFileEmailBackend(FileBackend):
    """Writes each message under EMAIL_FILE_PATH and echoes it to standard output."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._console = ConsoleBackend(*args, **{k: v for k, v in kwargs.items() if k != "file_path"})

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self._console.send_messages(email_messages)
        return super().send_messages(email_messages)
