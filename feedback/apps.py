from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        # Registers the channels' permission rules and their panels on the managers' page.
        from feedback import (  # noqa: F401
            focus_group_panels,
            idea_panels,
            knowledge_panels,
            qanda_panels,
            rules,
            scorecard_panels,
            straight_talk_panels,
        )
