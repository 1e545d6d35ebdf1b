"""Logging filters for the portal's log output."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A 403 is the permission system doing its job: log it as one line, not a traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
