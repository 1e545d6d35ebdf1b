from django.db import models

from portal.models import Targeted


class Notice(Targeted):
    """A stand-in for any content model aimed at an audience."""

    title = models.CharField(max_length=100)

    class Meta:
        app_label = "targeting"
