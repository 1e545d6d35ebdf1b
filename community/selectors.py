"""Reads for the community pages, each a fixed number of queries however many posts."""

import base64
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from community import rules
from community.models import MAX_PINNED, ModerationAction, Post, PostView, Report, Section
from portal import permissions
from portal.audiences import visible_to
from portal.search import search

FEED_PAGE_SIZE = 20


class InvalidCursor(ValueError):
    """A "load more" cursor that this code did not make."""


def encode_cursor(post):
    raw = f"{post.created_at.isoformat()}|{post.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor):
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, pk = base64.urlsafe_b64decode(padded.encode("ascii")).decode().split("|")
        moment, pk = datetime.fromisoformat(moment), int(pk)
    except ValueError as error:  # bad base64, bad text, bad date or number: all ValueErrors
        raise InvalidCursor(cursor) from error
    if moment.tzinfo is None:
        raise InvalidCursor(cursor)
    return moment, pk


def visible_sections(user):
    """Sections the person sees, with what ``postable_sections`` needs (two queries)."""
    sections = visible_to(Section.objects.all(), user).order_by("position", "name")
    return sections.select_related("posting_department").prefetch_related("posting_roles")


def postable_sections(user, sections=None):
    """The sections a person may post in, out of ``sections`` when already fetched."""
    sections = visible_sections(user) if sections is None else sections
    # Already narrowed to what the person sees, so only the posting rights remain to check.
    return [section for section in sections if rules.may_post_in(user, section)]


def visible_posts(user):
    """Posts the person may see: in their audience and in a section they see.

    Authors always see their own posts, even when they aimed them at others or a
    moderator hid them; only moderators see deleted and hidden posts of others.
    """
    if not permissions.can(user, rules.VIEW):
        return Post.objects.none()
    posts = visible_to(Post.objects.all(), user) | Post.objects.filter(author_id=user.pk)
    posts = posts.filter(section__in=visible_to(Section.objects.all(), user))
    if not permissions.can(user, rules.VIEW_DELETED):
        posts = posts.filter(deleted_at__isnull=True)
    if not permissions.can(user, rules.VIEW_HIDDEN):
        posts = posts.filter(Q(hidden_at__isnull=True) | Q(author_id=user.pk))
    return posts


def _for_reader(posts, user):
    views = PostView.objects.filter(post=OuterRef("pk"))
    seen_count = views.order_by().values("post").annotate(n=Count("pk")).values("n")
    # The search vector is for the database to match against; no page shows it.
    posts = posts.defer("search_vector")
    related = ("author__profile", "section", "deleted_by__profile", "hidden_by__profile")
    return posts.select_related(*related).annotate(
        seen_count=Coalesce(Subquery(seen_count, output_field=IntegerField()), Value(0)),
        seen_by_me=Exists(views.filter(user_id=user.pk)),
    )


def _mark_unread(posts, user):
    for post in posts:
        post.is_unread = not post.seen_by_me and post.author_id != user.pk
    return posts


@dataclass
class FeedPage:
    posts: list
    pinned: list = field(default_factory=list)
    next_cursor: str | None = None


def feed_for(user, *, section=None, before=None, limit=FEED_PAGE_SIZE):
    """One page of the feed, newest first: two queries on the first page, one after.

    ``before`` is the cursor of the previous page (``FeedPage.next_cursor``); pinned
    announcements come on top of the first page and are left out of the stream so
    nobody sees them twice. Raises ``InvalidCursor`` for a cursor we did not make.
    """
    posts = _for_reader(visible_posts(user), user).order_by("-created_at", "-id")
    if section is not None:
        posts = posts.filter(section=section)
    pinned = []
    if before is None and (section is None or section.is_announcements):
        pinned = list(posts.filter(pinned=True)[:MAX_PINNED])
    stream = posts.filter(pinned=False)
    if before is not None:
        moment, pk = decode_cursor(before)
        # The redundant ``lte`` gives the index a range to start from.
        stream = stream.filter(created_at__lte=moment).filter(
            Q(created_at__lt=moment) | Q(pk__lt=pk)
        )
    page = list(stream[: limit + 1])
    next_cursor = encode_cursor(page[limit - 1]) if len(page) > limit else None
    return FeedPage(
        posts=_mark_unread(page[:limit], user),
        pinned=_mark_unread(pinned, user),
        next_cursor=next_cursor,
    )


def post_for(user, pk):
    """The post page's post, or ``Post.DoesNotExist`` when the person may not see it.

    Moderators may open any post, whatever its audience: a report can come from a
    part of the floor they are not in.
    """
    posts = Post.objects.all() if permissions.can(user, rules.MODERATE) else visible_posts(user)
    post = (
        _for_reader(posts, user)
        .select_related("audience", "section__posting_department")
        .prefetch_related(
            "audience__sites", "audience__teams", "audience__departments", "audience__roles"
        )
        .get(pk=pk)
    )
    return _mark_unread([post], user)[0]


def search_posts(user, query):
    """Posts the person may see that match ``query``, best first (see ``portal.search``).

    Comments get their own ``search_comments`` beside this one, over the comments of
    ``visible_posts(user)``, so each result links to its own kind of page.
    """
    found = search(visible_posts(user), query, snippet_field="body")
    found.results = _for_reader(found.results, user)
    return found


# Moderation ------------------------------------------------------------------------


def _open_reports():
    return Report.objects.filter(resolved_at__isnull=True)


def open_report_count():
    """How many posts wait for a moderator: the number on the "Reports" link."""
    return _open_reports().values("post").distinct().count()


def moderation_queue():
    """Posts with open reports, the longest waiting first, each with its open reports.

    Three queries per page however many reports: the count, the posts with their
    report count and first report time, and the reports with their reporters.
    """
    open_filter = Q(reports__resolved_at__isnull=True)
    return (
        Post.objects.filter(open_filter)
        .defer("search_vector")
        .select_related("author__profile", "section")
        .annotate(
            open_report_count=Count("reports", filter=open_filter),
            first_reported_at=Min("reports__created_at", filter=open_filter),
        )
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=_open_reports().select_related("reported_by__profile"),
                to_attr="open_reports",
            )
        )
        .order_by("first_reported_at", "pk")
    )


@dataclass
class Moderation:
    """What moderators see about one post: its open reports and what was done to it."""

    open_reports: list
    actions: list


def moderation_for(post):
    return Moderation(
        open_reports=list(_open_reports().filter(post=post).select_related("reported_by__profile")),
        actions=list(
            ModerationAction.objects.filter(post=post).select_related("moderator__profile")
        ),
    )
