"""Weekly focus groups: the group, who is invited and their answer, and the themes raised."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NOTES_MAX_LENGTH = 20_000
THEME_MAX_LENGTH = 80


class FocusGroup(models.Model):
    topic = models.CharField(_("topic"), max_length=150)
    meets_at = models.DateTimeField(_("date and time"))
    place = models.CharField(
        _("where"), max_length=200, help_text=_("A meeting room or a video call link.")
    )
    size = models.PositiveSmallIntegerField(
        _("how many to invite"), default=8, help_text=_("Between 3 and 20 people.")
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="organised_focus_groups"
    )
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    notes_recorded_at = models.DateTimeField(_("notes recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-meets_at", "-pk"]
        verbose_name = _("focus group")
        verbose_name_plural = _("focus groups")
        indexes = [models.Index(fields=["meets_at"], name="focus_group_meets_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__gte=3, size__lte=20), name="focus_group_size_in_range"
            ),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("feedback:focus_group", args=[self.pk])


class FocusGroupInvitation(models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        ACCEPTED = "accepted", _("Coming")
        DECLINED = "declined", _("Not coming")

    group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focus_group_invitations"
    )
    response = models.CharField(
        _("answer"), max_length=20, choices=Response, default=Response.PENDING
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("focus group invitation")
        verbose_name_plural = _("focus group invitations")
        indexes = [
            models.Index(fields=["person", "response"], name="focus_group_invitee_response"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"], name="focus_group_invitation_once_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(response__in=["pending", "accepted", "declined"]),
                name="focus_group_invitation_response_known",
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.person}"


class FocusGroupTheme(models.Model):
    """A theme that came up in one group.

    ``key`` is the name folded for counting ("Rota changes", "rota  changes" and
    "ROTA CHANGES" are one theme); ``name`` keeps how the organiser wrote it.
    """

    group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=THEME_MAX_LENGTH)
    key = models.CharField(max_length=THEME_MAX_LENGTH, db_index=True)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("focus group theme")
        verbose_name_plural = _("focus group themes")
        constraints = [
            models.UniqueConstraint(fields=["group", "key"], name="focus_group_theme_once"),
            models.CheckConstraint(condition=~models.Q(key=""), name="focus_group_theme_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{self.group.get_absolute_url()}#theme-{self.pk}"
