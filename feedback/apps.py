from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        # Registers the channels' permission rules and their panels on the managers' page.
        from feedback import idea_panels, knowledge_panels, rules, straight_talk_panels  # noqa: F401
