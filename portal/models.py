import datetime
import re
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Site(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/London",
        validators=[validate_time_zone],
        help_text=_("An IANA time zone such as Europe/London or Asia/Shanghai."),
    )
    briefing_cutoff_time = models.TimeField(
        _("briefing cut-off"),
        default=datetime.time(16, 0),
        help_text=_(
            "Local time on the day before: items submitted earlier go into the next "
            "morning's briefing."
        ),
    )
    briefing_send_time = models.TimeField(
        _("briefing send time"),
        default=datetime.time(7, 30),
        help_text=_("Local time the daily briefing goes out."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self):
        return self.name


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="teams")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="teams")

    class Meta:
        ordering = ["site__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            # Case-insensitive: an import matches teams by name whatever the capitals.
            models.UniqueConstraint(
                Lower("name"), "site", name="team_name_unique_per_site_ignoring_case"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.site.name})"


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    TEAM_LEADER = "team_leader", _("Team leader")
    MANAGER = "manager", _("Manager")
    SUBMITTER = "submitter", _("Department submitter")
    ADMINISTRATOR = "administrator", _("Administrator")


class PersonManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        user = self._create_user(email, password, **extra_fields)
        Profile.objects.get_or_create(
            user=user, defaults={"display_name": user.email.split("@")[0]}
        )
        return user


class User(AbstractUser):
    """A person who signs in. Their organisation details live on ``Profile``."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.AGENT)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = PersonManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_known"
            ),
        ]

    def __str__(self):
        profile = getattr(self, "profile", None)
        return profile.display_name if profile and profile.display_name else self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        # Administrators work in the Django admin for sites, teams and settings.
        self.is_staff = self.is_superuser = self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)

    @property
    def is_administrator(self):
        return self.is_active and self.role == Role.ADMINISTRATOR

    @property
    def is_manager_or_administrator(self):
        return self.is_active and self.role in {Role.MANAGER, Role.ADMINISTRATOR}


def profile_photo_path(profile, filename):
    return f"profiles/{filename}"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    birthday_day = models.PositiveSmallIntegerField(
        _("birthday (day)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    birthday_month = models.PositiveSmallIntegerField(
        _("birthday (month)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    celebrate_birthday = models.BooleanField(
        _("celebrate my birthday"),
        default=True,
        help_text=_("Colleagues may see and celebrate your birthday (day and month only)."),
    )
    bio = models.TextField(_("about me"), max_length=2000, blank=True)
    skills = models.CharField(
        _("skills I can help with"),
        max_length=500,
        blank=True,
        help_text=_("Separate with commas, for example: billing disputes, Excel, complaints."),
    )
    languages = models.CharField(
        _("languages I speak"),
        max_length=200,
        blank=True,
        help_text=_("Separate with commas, for example: English, Welsh, Mandarin."),
    )
    language = models.CharField(
        _("language for pages and email"),
        max_length=16,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Switchboard shows your pages and sends your email in this language, on every "
            "device you sign in on."
        ),
    )
    photo = models.ImageField(_("photo"), upload_to=profile_photo_path, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [
            models.Index(Lower("display_name"), name="profile_display_name_lower"),
            # The directory lists people in this order; the index lets a page of
            # 24 be read without sorting everyone.
            models.Index(fields=["display_name", "user"], name="profile_directory_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birthday_day__isnull=True, birthday_month__isnull=True)
                | models.Q(
                    birthday_day__gte=1,
                    birthday_day__lte=31,
                    birthday_month__gte=1,
                    birthday_month__lte=12,
                ),
                name="profile_birthday_complete_and_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(language="")
                | models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="profile_language_known",
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.pk])

    @property
    def skill_list(self):
        return split_commas(self.skills)

    @property
    def language_list(self):
        return split_commas(self.languages)

    @property
    def initials(self):
        parts = self.display_name.split()
        return "".join(part[0] for part in parts[:2]).upper() or "?"


def split_commas(value):
    # People typing in Chinese use the full-width comma.
    return [item.strip() for item in re.split("[,\uff0c\u3001]", value) if item.strip()]


class Audience(models.Model):
    """Who an item is for.

    Within one dimension any match counts (Cardiff *or* Shenzhen); across
    dimensions all must match (Cardiff *and* team leaders). A dimension left
    empty does not narrow the audience, so an empty audience is everyone.
    """

    sites = models.ManyToManyField(Site, blank=True, related_name="+")
    teams = models.ManyToManyField(Team, blank=True, related_name="+")
    departments = models.ManyToManyField(Department, blank=True, related_name="+")

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return str(self.pk)


class AudienceRole(models.Model):
    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audience", "role"], name="audience_role_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="audience_role_known"
            ),
        ]

    def __str__(self):
        return self.get_role_display()


class Targeted(models.Model):
    """Base for content aimed at an audience; no audience means everyone."""

    audience = models.OneToOneField(
        Audience, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class Invitation(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"


class PeopleImport(models.Model):
    """An uploaded people CSV, kept so the preview and the import read the same file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        APPLIED = "applied", _("Imported")
        # Closed without an import: a file whose every row has a problem offers nothing
        # to confirm, so it must not wait for a confirmation for ever.
        NOTHING_TO_IMPORT = "nothing_to_import", _("Nothing to import: every row has a problem")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.TextField(_("content"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "applied", "nothing_to_import"]),
                name="people_import_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def status_tone(self):
        """The badge colour of the status: done, waiting for someone, or a dead end."""
        return {
            self.Status.PENDING: "warning",
            self.Status.APPLIED: "success",
            self.Status.NOTHING_TO_IMPORT: "danger",
        }[self.status]


class NotificationVerb(models.TextChoices):
    """What happened. Apps add their verbs here so labels and preferences stay in one list.

    Labels finish the sentence "Email me when…" on the preferences page.
    """

    MENTION = "mention", _("someone mentions me")
    REPLY = "reply", _("someone replies to me")
    REACTION = "reaction", _("someone reacts to something I posted")
    KUDOS = "kudos", _("someone gives me kudos")
    SWAP_UPDATE = "swap_update", _("a shift swap I am part of changes")
    INVITATION = "invitation", _("I am invited to something")
    MODERATION = "moderation", _("a moderator hides or restores something I posted")
    KNOWLEDGE_FLAG = "knowledge_flag", _("someone flags or asks about a knowledge article I own")
    KNOWLEDGE_REPLY = "knowledge_reply", _("my flag or question on a knowledge article is answered")
    KNOWLEDGE_REVIEW = "knowledge_review", _("knowledge articles I own are due for review")
    IDEA_UPDATE = "idea_update", _("an idea I posted or support moves on")
    IDEA_COMMENT = "idea_comment", _("someone comments on my idea")
    STRAIGHT_TALK_ANSWER = "straight_talk_answer", _("a straight-talk question I asked is answered")
    BRIEFING_REVIEW = "briefing_review", _("an item I submitted for the briefing is reviewed")
    BRIEFING_REMINDER = "briefing_reminder", _("I am reminded to read a must-read briefing item")
    WISH = "wish", _("a colleague sends me good wishes")
    QANDA = "qanda", _("a Q&A I can join is planned or answered, or my question is answered")
    FOCUS_GROUP = "focus_group", _("someone answers my focus group invitation or moves my group")
    SCORECARD = "scorecard", _("my team's scorecard meeting is set or decided, or I get input")
    HUDDLE_ANSWER = "huddle_answer", _("my team leader answers my huddle question")
    STARTER_PROJECT = "starter_project", _("a new-starter project I am part of changes")
    GROUP_MEMBER = "group_member", _("someone joins a group I represent")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(_("what happened"), max_length=40, choices=NotificationVerb)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    # In the recipient's language when it was written: what their email says.
    message = models.CharField(_("message"), max_length=300)
    # {language code: text} in every language of the portal, so that someone who changes
    # language reads their older notifications in the new one. Empty for plain-text
    # messages and for rows written before it existed: those show ``message``.
    messages = models.JSONField(_("message in each language"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set by callers whose work may run twice (Celery delivers at least once).
    dedupe_key = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                "recipient", "read_at", models.F("created_at").desc(), name="notification_inbox"
            ),
            models.Index(fields=["content_type", "object_id"], name="notification_target"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_dedupe_key_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(verb=""), name="notification_verb_not_empty"
            ),
        ]

    def __str__(self):
        return self.message

    @property
    def localised_message(self):
        """What the notification says in the active language, for the page being shown."""
        return self.messages.get(translation.get_language()) or self.message

    @property
    def is_unread(self):
        return self.read_at is None


class NotificationPreference(models.Model):
    """A person's choice that overrides the default for one verb (see ``portal.notifications``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    verb = models.CharField(_("what happened"), max_length=40, choices=NotificationVerb)
    email = models.BooleanField(_("email me"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "verb"], name="notification_preference_unique_per_verb"
            ),
            models.CheckConstraint(
                condition=~models.Q(verb=""), name="notification_preference_verb_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.verb}"


class MilestoneKind(models.TextChoices):
    BIRTHDAY = "birthday", _("Birthday")
    WORK_ANNIVERSARY = "work_anniversary", _("Work anniversary")
    AGENT_OF_THE_WEEK = "agent_of_the_week", _("Agent of the week")
    KUDOS = "kudos", _("Kudos received")
    IDEA_DONE = "idea_done", _("Idea done")


class MilestoneRun(models.Model):
    """A site's daily milestone job for one local date; its row is the record that it ran."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="milestone_runs")
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    milestones = models.PositiveIntegerField(_("milestones found"), default=0)

    class Meta:
        ordering = ["-date", "site__name"]
        verbose_name = _("milestone run")
        verbose_name_plural = _("milestone runs")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "date"], name="milestone_run_once_per_site_day"
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.date:%Y-%m-%d}"


class Milestone(models.Model):
    """Something to celebrate about a person on a date (in their site's time zone)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind)
    date = models.DateField(_("date"))
    # Years for a work anniversary, the kudos count for a kudos milestone.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "kind", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["date", "person"], name="milestone_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "date"], name="milestone_once_per_person_kind_day"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MilestoneKind.values), name="milestone_kind_known"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person} ({self.date:%Y-%m-%d})"


class MilestoneView(models.Model):
    """A viewer was shown a milestone's pop-up (and maybe closed it); it is not shown again."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestone_views"
    )
    shown_at = models.DateTimeField(_("shown at"), auto_now_add=True)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone pop-up shown")
        verbose_name_plural = _("milestone pop-ups shown")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "viewer"], name="milestone_view_once_per_viewer"
            ),
        ]

    def __str__(self):
        return f"{self.milestone} → {self.viewer}"


class Wish(models.Model):
    """A colleague's good wishes on a milestone, shown on the celebrated person's profile."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="wishes")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wishes_sent"
    )
    message = models.CharField(_("message"), max_length=280)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "sender"], name="wish_once_per_sender_and_milestone"
            ),
            models.CheckConstraint(condition=~models.Q(message=""), name="wish_message_not_empty"),
        ]

    def __str__(self):
        return f"{self.sender} → {self.milestone}"


class MilestoneSetting(models.Model):
    """An administrator's wording for one kind of pop-up, or the kind switched off.

    Blank wording means the built-in, translated default.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind, unique=True)
    enabled = models.BooleanField(_("show these pop-ups"), default=True)
    own_text = models.CharField(_("pop-up for the person"), max_length=300, blank=True)
    team_text = models.CharField(_("pop-up for their team"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("milestone pop-up setting")
        verbose_name_plural = _("milestone pop-up settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=MilestoneKind.values),
                name="milestone_setting_kind_known",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()
