import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    """Writes each mail to a file, a tenth of a second per mail, so a test can kill the
    worker in the middle of a sweep. Mail leaves the machine only in production (SMTP)."""

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            time.sleep(0.1)
            sent += super().send_messages([message])
        return sent
