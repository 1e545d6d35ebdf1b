from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Organisation and people")

    def ready(self):
        from portal import (
            middleware,  # noqa: F401  (remembers the time zone at sign-in)
            milestones,  # noqa: F401  (registers the milestone permission rules)
        )
