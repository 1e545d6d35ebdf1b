from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = _("Briefings")

    def ready(self):
        from briefings import rules  # noqa: F401  (registers the briefings' permission rules)
