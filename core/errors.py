class ServiceError(Exception):
    """The one error type services raise: its message is translated and safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
