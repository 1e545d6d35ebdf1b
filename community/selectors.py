"""Reads for the community pages, each a fixed number of queries however many posts."""

import base64
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from community import rules
from community.models import MAX_PINNED, Post, PostView, Section
from portal import permissions
from portal.audiences import visible_to

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

    Authors always see their own posts, even when they aimed them at others; only
    moderators see deleted posts.
    """
    if not permissions.can(user, rules.VIEW):
        return Post.objects.none()
    posts = visible_to(Post.objects.all(), user) | Post.objects.filter(author_id=user.pk)
    posts = posts.filter(section__in=visible_to(Section.objects.all(), user))
    if not permissions.can(user, rules.VIEW_DELETED):
        posts = posts.filter(deleted_at__isnull=True)
    return posts


def _for_reader(posts, user):
    views = PostView.objects.filter(post=OuterRef("pk"))
    seen_count = views.order_by().values("post").annotate(n=Count("pk")).values("n")
    return posts.select_related(
        "author__profile", "section", "deleted_by__profile", "swap__team", "swap__site"
    ).annotate(
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
    """The post page's post, or ``Post.DoesNotExist`` when the person may not see it."""
    post = (
        _for_reader(visible_posts(user), user)
        .select_related("audience", "section__posting_department")
        .prefetch_related(
            "audience__sites", "audience__teams", "audience__departments", "audience__roles"
        )
        .get(pk=pk)
    )
    return _mark_unread([post], user)[0]
