from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    """Stands in for an SMTP server that is down (the one thing outside the machine)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP is down")
