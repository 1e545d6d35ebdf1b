from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from feedback import rules  # noqa: F401  (registers the feedback channels' permission rules)
