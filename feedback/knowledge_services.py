"""Everything that changes the knowledge base."""

import calendar
from datetime import date, timedelta
from functools import partial
from itertools import groupby
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from feedback import rules
from feedback.models import Article, ArticleCategory, ArticleFlag, ArticleVersion, FlagKind
from feedback.models.knowledge import (
    ARTICLE_BODY_MAX_LENGTH,
    ARTICLE_TITLE_MAX_LENGTH,
    CATEGORY_NAME_MAX_LENGTH,
    FLAG_COMMENT_MAX_LENGTH,
    FLAG_REPLY_MAX_LENGTH,
    MAX_REVIEW_INTERVAL_MONTHS,
)
from portal import permissions
from portal.audiences import set_audience
from portal.lists import join_list
from portal.models import NotificationVerb
from portal.notifications import notify

# Owners are reminded once their own morning has begun, wherever their site is.
REMINDER_LOCAL_HOUR = 8
REMINDER_TITLES_LISTED = 3


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def _name(person):
    profile = getattr(person, "profile", None)
    return profile.display_name if profile else person.email


def _required_text(value, *, field, empty_message, limit, too_long_message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: empty_message}, code="empty")
    if len(value) > limit:
        raise ValidationError(
            {field: too_long_message % {"limit": limit, "length": len(value)}}, code="too_long"
        )
    return value


# Categories ----------------------------------------------------------------------


def _clean_category(*, name, review_interval_months):
    name = _required_text(
        name,
        field="name",
        empty_message=_("Give the category a name."),
        limit=CATEGORY_NAME_MAX_LENGTH,
        too_long_message=_("A name can be at most %(limit)s characters; this one has %(length)s."),
    )
    if not 1 <= (review_interval_months or 0) <= MAX_REVIEW_INTERVAL_MONTHS:
        raise ValidationError(
            {
                "review_interval_months": _(
                    "Choose a review interval between 1 and %(limit)s months."
                )
                % {"limit": MAX_REVIEW_INTERVAL_MONTHS}
            },
            code="interval",
        )
    return name


def _save_category(category):
    try:
        with transaction.atomic():
            category.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("There is already a category called “%(name)s”.") % {"name": category.name}},
            code="duplicate",
        ) from None
    return category


def create_category(*, actor, name, review_interval_months):
    permissions.require(
        actor, rules.MANAGE_CATEGORIES, message=_("Only managers and administrators do that.")
    )
    name = _clean_category(name=name, review_interval_months=review_interval_months)
    return _save_category(ArticleCategory(name=name, review_interval_months=review_interval_months))


def update_category(*, actor, category, name, review_interval_months):
    permissions.require(
        actor, rules.MANAGE_CATEGORIES, message=_("Only managers and administrators do that.")
    )
    category.name = _clean_category(name=name, review_interval_months=review_interval_months)
    category.review_interval_months = review_interval_months
    return _save_category(category)


# Articles ------------------------------------------------------------------------


def _clean_article(*, title, body, owner, review_by, today):
    title = _required_text(
        title,
        field="title",
        empty_message=_("Give the article a title."),
        limit=ARTICLE_TITLE_MAX_LENGTH,
        too_long_message=_("A title can be at most %(limit)s characters; this one has %(length)s."),
    )
    body = _required_text(
        body,
        field="body",
        empty_message=_("Write the article before saving it."),
        limit=ARTICLE_BODY_MAX_LENGTH,
        too_long_message=_(
            "An article can be at most %(limit)s characters; this one has %(length)s."
        ),
    )
    if owner is None or not owner.is_active:
        raise ValidationError(
            {"owner": _("Choose someone who still works here to own the article.")},
            code="owner",
        )
    if review_by is not None and review_by <= today:
        raise ValidationError(
            {"review_by": _("Choose a review date after today.")}, code="review_by_past"
        )
    return title, body


def _snapshot(article, editor, now):
    ArticleVersion.objects.create(
        article=article, title=article.title, body=article.body, edited_by=editor, edited_at=now
    )


@transaction.atomic
def create_article(
    *,
    actor,
    title,
    body,
    category,
    owner=None,
    review_by=None,
    sites=(),
    teams=(),
    roles=(),
    now=None,
):
    """A new article; without a review date it is due after its category's interval."""
    permissions.require(
        actor,
        rules.WRITE_ARTICLE,
        message=_("Managers, administrators and departments write knowledge articles."),
    )
    owner = owner or actor
    if owner.pk != actor.pk:
        permissions.require(
            actor,
            rules.REASSIGN_ARTICLE,
            message=_("Only managers and administrators make someone else the owner."),
        )
    now = now or timezone.now()
    today = timezone.localdate(now)
    title, body = _clean_article(
        title=title, body=body, owner=owner, review_by=review_by, today=today
    )
    article = Article.objects.create(
        title=title,
        body=body,
        category=category,
        owner=owner,
        created_by=actor,
        created_at=now,
        updated_at=now,
        review_by=review_by or add_months(today, category.review_interval_months),
    )
    set_audience(article, sites=sites, teams=teams, roles=roles)
    _snapshot(article, actor, now)
    return article


@transaction.atomic
def update_article(
    *,
    actor,
    article,
    title,
    body,
    category,
    review_by,
    owner=None,
    sites=(),
    teams=(),
    roles=(),
    now=None,
):
    permissions.require(
        actor,
        rules.EDIT_ARTICLE,
        article,
        message=_("Only the article's owner, managers and administrators edit it."),
    )
    owner = owner or article.owner
    if owner.pk != article.owner_id:
        permissions.require(
            actor,
            rules.REASSIGN_ARTICLE,
            article,
            message=_("Only managers and administrators hand an article to someone else."),
        )
    now = now or timezone.now()
    changed_review_date = review_by is not None and review_by != article.review_by
    title, body = _clean_article(
        title=title,
        body=body,
        owner=owner,
        review_by=review_by if changed_review_date else None,
        today=timezone.localdate(now),
    )
    text_changed = (title, body) != (article.title, article.body)
    article.title, article.body, article.category, article.owner = title, body, category, owner
    if review_by is not None:
        article.review_by = review_by
    article.updated_at = now
    article.save()
    set_audience(article, sites=sites, teams=teams, roles=roles)
    if text_changed:
        _snapshot(article, actor, now)
    return article


@transaction.atomic
def verify_article(*, actor, article, now=None):
    """The owner confirms the article is right: record it and move the review date on."""
    permissions.require(
        actor,
        rules.VERIFY_ARTICLE,
        article,
        message=_("Only the article's owner, managers and administrators confirm it."),
    )
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("category")
        .get(pk=article.pk)
    )
    if article.open_flag_count:
        raise ValidationError(
            ngettext(
                "Answer the open flag first: someone says the article needs a change.",
                "Answer the %(count)s open flags first: people say the article needs a change.",
                article.open_flag_count,
            )
            % {"count": article.open_flag_count},
            code="open_flags",
        )
    now = now or timezone.now()
    article.verified_at = now
    article.verified_by = actor
    article.review_by = add_months(timezone.localdate(now), article.category.review_interval_months)
    article.save(update_fields=["verified_at", "verified_by", "review_by"])
    return article


# Flags and questions -------------------------------------------------------------


def _recount(article_id):
    """Recount the article's open flags and questions from the rows themselves."""
    counts = ArticleFlag.objects.filter(article_id=article_id, resolved_at__isnull=True).aggregate(
        flags=Count("pk", filter=~Q(kind=FlagKind.QUESTION)),
        questions=Count("pk", filter=Q(kind=FlagKind.QUESTION)),
    )
    Article.objects.filter(pk=article_id).update(
        open_flag_count=counts["flags"], open_question_count=counts["questions"]
    )


def flag_article(*, actor, article, kind, comment, now=None):
    """Flag an article as out of date, wrong or unclear, or ask about it; the owner is told."""
    if not permissions.can(actor, rules.FLAG_ARTICLE, article):
        raise PermissionDenied(
            _("This is your article: edit it or confirm it instead of flagging it.")
        )
    if kind not in FlagKind.values:
        raise ValidationError({"kind": _("Choose what is wrong with the article.")}, code="kind")
    comment = _required_text(
        comment,
        field="comment",
        empty_message=_("Say what needs to change, so the owner can fix it.")
        if kind != FlagKind.QUESTION
        else _("Write your question."),
        limit=FLAG_COMMENT_MAX_LENGTH,
        too_long_message=_(
            "A comment can be at most %(limit)s characters; this one has %(length)s."
        ),
    )
    try:
        with transaction.atomic():
            flag = ArticleFlag.objects.create(
                article=article,
                raised_by=actor,
                kind=kind,
                comment=comment,
                created_at=now or timezone.now(),
            )
            _recount(article.pk)
    except IntegrityError:
        raise ValidationError(
            _(
                "You have already flagged this article and the owner has not answered yet. "
                "Ask a question instead if you have something to add."
            ),
            code="duplicate",
        ) from None
    if flag.is_question:
        template = gettext_lazy("%(name)s asked a question about “%(title)s”")
    else:
        template = gettext_lazy("%(name)s flagged “%(title)s” as %(kind)s")
    notify(
        recipient=article.owner,
        verb=NotificationVerb.KNOWLEDGE_FLAG,
        actor=actor,
        target=article,
        message=lambda: (
            template
            % {
                "name": _name(actor),
                "title": article.title,
                "kind": flag.get_kind_display().lower(),
            }
        ),
        url=reverse("feedback:knowledge_article", args=[article.pk]) + f"#flag-{flag.pk}",
        dedupe_key=f"knowledge-flag:{flag.pk}",
    )
    return flag


def resolve_flag(*, actor, flag, reply, now=None):
    """Answer a flag or question with a reply; whoever raised it is told what became of it."""
    reply = _required_text(
        reply,
        field="reply",
        empty_message=_("Write a reply: the colleague who raised it will read it."),
        limit=FLAG_REPLY_MAX_LENGTH,
        too_long_message=_("A reply can be at most %(limit)s characters; this one has %(length)s."),
    )
    with transaction.atomic():
        # Locked, so two owners answering at once do not both notify.
        flag = (
            ArticleFlag.objects.select_for_update(of=("self",))
            .select_related("article")
            .get(pk=flag.pk)
        )
        if not flag.is_open:
            raise ValidationError(
                _("Someone has already answered this; read their reply on the article."),
                code="already_resolved",
            )
        permissions.require(
            actor,
            rules.RESOLVE_FLAG,
            flag,
            message=_("Only the article's owner, managers and administrators answer flags."),
        )
        flag.resolved_at = now or timezone.now()
        flag.resolved_by = actor
        flag.reply = reply
        flag.save(update_fields=["resolved_at", "resolved_by", "reply"])
        _recount(flag.article_id)
    article = flag.article
    if flag.is_question:
        template = gettext_lazy("%(name)s answered your question about “%(title)s”")
    else:
        template = gettext_lazy("%(name)s replied to your flag on “%(title)s”")
    notify(
        recipient=flag.raised_by,
        verb=NotificationVerb.KNOWLEDGE_REPLY,
        actor=actor,
        target=article,
        message=lambda: template % {"name": _name(actor), "title": article.title},
        url=reverse("feedback:knowledge_article", args=[article.pk]) + f"#flag-{flag.pk}",
        dedupe_key=f"knowledge-reply:{flag.pk}",
    )
    return flag


# Reminders -----------------------------------------------------------------------


def needs_review(today):
    """Articles whose review date has passed or that have open flags."""
    return Q(review_by__lt=today) | Q(open_flag_count__gt=0)


def _review_reminder(due):
    """The reminder about the ``due`` articles, in the active language."""
    titles = join_list(f"“{a.title}”" for a in due[:REMINDER_TITLES_LISTED])
    if len(due) > REMINDER_TITLES_LISTED:
        more = len(due) - REMINDER_TITLES_LISTED
        titles += " " + _("and %(count)s more") % {"count": more}
    message = ngettext(
        "%(count)s knowledge article needs your review: %(titles)s",
        "%(count)s knowledge articles need your review: %(titles)s",
        len(due),
    ) % {"count": len(due), "titles": titles}
    return Truncator(message).chars(280)


def remind_owners(*, now=None):
    """Tell each owner, once a day, which of their articles need review.

    Returns how many owners have had today's reminder (sent now or earlier today).

    Ticked by beat every hour: an owner is reminded on the first tick after
    ``REMINDER_LOCAL_HOUR`` in their site's time zone, and the date in the dedupe key
    stops a second reminder that day however often it runs. Owners are read in order
    and handled one at a time, so memory does not grow with the number of owners.
    """
    now = now or timezone.now()
    # No site's date is more than a day ahead of the server's; each owner's own date is
    # applied below, so this only keeps articles that cannot be due anywhere out.
    latest_today = timezone.localdate(now) + timedelta(days=1)
    candidates = (
        Article.objects.filter(needs_review(latest_today), owner__is_active=True)
        .select_related("owner__profile__site")
        .order_by("owner_id", "review_by", "pk")
    )
    reminded = 0
    by_owner = groupby(candidates.iterator(chunk_size=500), key=lambda article: article.owner_id)
    for _owner_id, articles in by_owner:
        articles = list(articles)
        owner = articles[0].owner
        site = getattr(getattr(owner, "profile", None), "site", None)
        zone = ZoneInfo(site.time_zone) if site else timezone.get_current_timezone()
        local_now = now.astimezone(zone)
        if local_now.hour < REMINDER_LOCAL_HOUR:
            continue
        local_today = local_now.date()
        due = [a for a in articles if a.open_flag_count > 0 or a.review_by < local_today]
        if not due:
            continue
        notification = notify(
            recipient=owner,
            verb=NotificationVerb.KNOWLEDGE_REVIEW,
            message=partial(_review_reminder, due),
            url=reverse("feedback:knowledge_queue"),
            dedupe_key=f"knowledge-review:{local_today.isoformat()}",
        )
        reminded += notification is not None
    return reminded
