"""Reads for the community pages, each a fixed number of queries however many posts."""

import base64
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from community import rules
from community.models import (
    CUSTOMER_FEEDBACK,
    MAX_HIGHLIGHTED,
    MAX_PINNED,
    REACTION_ICONS,
    AgentOfTheWeek,
    Claim,
    Comment,
    Kudos,
    LostItem,
    ModerationAction,
    Nomination,
    Post,
    PostAttachment,
    PostView,
    Reaction,
    ReactionKind,
    Report,
    Section,
    ShiftSwap,
    current_week,
)
from portal import permissions
from portal.audiences import visible_to
from portal.models import Profile
from portal.search import search
from portal.selectors import directory

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
    # A cause group's section is reached from the group's page, not from the feed's tabs.
    sections = visible_to(Section.objects.filter(cause_group__isnull=True), user)
    sections = sections.order_by("position", "name")
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
    visible_section = visible_to(Section.objects.filter(pk=OuterRef("section_id")), user)
    posts = posts.filter(Exists(visible_section))
    if not permissions.can(user, rules.VIEW_DELETED):
        posts = posts.filter(deleted_at__isnull=True)
    if not permissions.can(user, rules.VIEW_HIDDEN):
        posts = posts.filter(Q(hidden_at__isnull=True) | Q(author_id=user.pk))
    return posts


def _count(rows):
    """A correlated COUNT of ``rows`` (already filtered on the outer post), 0 when none."""
    counted = rows.order_by().values("post").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _for_reader(posts, user):
    views = PostView.objects.filter(post=OuterRef("pk"))
    comments = Comment.objects.filter(post=OuterRef("pk"), deleted_at__isnull=True)
    # The search vector is for the database to match against; no page shows it.
    posts = posts.defer("search_vector")
    # Joined: what every card shows. Prefetched: what few posts have. A query joining all
    # sixteen tables cost PostgreSQL more to plan (25 ms, join order search) than to run
    # (2 ms); each prefetch is one small query per page, and none when no post on the
    # page was deleted or hidden by someone.
    return (
        posts.select_related("author__profile", "section")
        .prefetch_related(
            "deleted_by__profile",
            "hidden_by__profile",
            # The structured posts' extensions: one query each for the whole page.
            Prefetch("swap", queryset=ShiftSwap.objects.select_related("team", "site")),
            Prefetch("kudos", queryset=Kudos.objects.select_related("recipient__profile")),
            "lost_item",
            "customer_feedback",
        )
        .annotate(
            seen_count=_count(views),
            seen_by_me=Exists(views.filter(user_id=user.pk)),
            comment_count=_count(comments),
        )
    )


def _with_attachments(posts):
    """Give each post ``attachment_list``, images first: one query for the whole page."""
    return posts.prefetch_related(
        Prefetch(
            "attachments",
            queryset=PostAttachment.objects.order_by("-kind", "position", "pk"),
            to_attr="attachment_list",
        )
    )


def _split_attachments(posts):
    for post in posts:
        attachments = getattr(post, "attachment_list", [])
        post.images = [a for a in attachments if a.is_image]
        post.files = [a for a in attachments if not a.is_image]
    return posts


@dataclass
class ReactionCount:
    kind: str
    label: str
    icon: str
    count: int
    mine: bool

    @property
    def toggle(self):
        """What pressing this kind's button sends: add it, or take back the reader's own."""
        return f"{self.kind}:{'off' if self.mine else 'on'}"

    @property
    def shown_icon(self):
        return f"{self.icon}-fill" if self.mine else self.icon


def with_reactions(posts, user):
    """Give each post ``reaction_bar``: each kind's count and whether the reader chose it.

    ``posts`` is a list already read: a page of cards, or of search results. One grouped
    query for the whole list. As two correlated subqueries per kind in the cards' query,
    they cost more to build in Python than the rest of that query.
    """
    counts = {}
    if posts:
        mine = Max(Case(When(user_id=user.pk, then=Value(1)), default=Value(0)))
        rows = (
            Reaction.objects.filter(post__in=[post.pk for post in posts])
            .order_by()
            .values_list("post_id", "kind")
            .annotate(count=Count("pk"), mine=mine)
        )
        counts = {(post_id, kind): (count, bool(mine)) for post_id, kind, count, mine in rows}
    # Translated once for the page, not each time one of its eighty buttons shows a name.
    labels = [(kind, str(label)) for kind, label in ReactionKind.choices]
    for post in posts:
        post.reaction_bar = [
            ReactionCount(
                kind=kind,
                label=label,
                icon=REACTION_ICONS[kind],
                count=counts.get((post.pk, kind), (0, False))[0],
                mine=counts.get((post.pk, kind), (0, False))[1],
            )
            for kind, label in labels
        ]
        post.reaction_total = sum(item.count for item in post.reaction_bar)
    return posts


def reactions_for(user, post):
    """``post`` with its ``reaction_bar`` read again: the bar alone, after a reaction."""
    return with_reactions([post], user)[0]


def _mark_unread(posts, user):
    for post in _split_attachments(with_reactions(posts, user)):
        post.is_unread = not post.seen_by_me and post.author_id != user.pk
    return posts


@dataclass
class FeedPage:
    posts: list
    pinned: list = field(default_factory=list)
    highlighted: list = field(default_factory=list)
    next_cursor: str | None = None


def feed_for(user, *, section=None, before=None, limit=FEED_PAGE_SIZE):
    """One page of the feed, newest first.

    ``before`` is the cursor of the previous page (``FeedPage.next_cursor``); pinned
    announcements come on top of the first page and are left out of the stream so
    nobody sees them twice; highlighted feedback does the same in Customer feedback.
    Raises ``InvalidCursor`` for a cursor we did not make.

    Which posts show is worked out first, as ids, in small queries over what the person
    may see; then one query reads everything the cards show for just those posts. Reading
    the cards' counts and reactions once, rather than once for the pinned posts and again
    for the stream, halves the most expensive query's cost to build.
    """
    visible = visible_posts(user).order_by("-created_at", "-id")
    if section is not None:
        visible = visible.filter(section=section)
    pinned = []
    if before is None and (section is None or section.is_announcements):
        pinned = _ids(visible.filter(pinned=True)[:MAX_PINNED])
    stream = visible.filter(pinned=False)
    highlighted = []
    if section is not None and section.slug == CUSTOMER_FEEDBACK:
        stream = stream.exclude(customer_feedback__highlighted=True)
        if before is None:
            highlighted = _ids(
                visible.filter(customer_feedback__highlighted=True).order_by(
                    "-customer_feedback__highlighted_at", "-id"
                )[:MAX_HIGHLIGHTED]
            )
    if before is not None:
        moment, pk = decode_cursor(before)
        # The redundant ``lte`` gives the index a range to start from.
        stream = stream.filter(created_at__lte=moment).filter(
            Q(created_at__lt=moment) | Q(pk__lt=pk)
        )
    page = _ids(stream[: limit + 1])
    shown = _cards(user, [*pinned, *highlighted, *page[:limit]])
    _mark_unread(list(shown.values()), user)

    def cards(ids):
        # A post removed between the two queries is left out rather than failing the page.
        return [shown[pk] for pk in ids if pk in shown]

    posts = cards(page[:limit])
    return FeedPage(
        posts=posts,
        pinned=cards(pinned),
        highlighted=cards(highlighted),
        next_cursor=encode_cursor(posts[-1]) if len(page) > limit and posts else None,
    )


def _ids(posts):
    return list(posts.values_list("pk", flat=True))


def _cards(user, ids):
    """The posts with ``ids`` as feed cards show them, by id; no query for none."""
    if not ids:
        return {}
    # The ids come from queries over what the person may see; no need to ask again.
    cards = _with_attachments(_for_reader(Post.objects.filter(pk__in=ids), user))
    return {post.pk: post for post in cards}


def latest_posts_for(user, *, limit):
    """The home page's "latest on the floor": pinned announcements, then the newest posts.

    Titles, authors and sections only, in two queries: none of the feed card's counts,
    reactions, extensions or attachments, which cost the home page five more queries.
    """
    posts = (
        visible_posts(user)
        .defer("search_vector", "body_html")
        .select_related("author__profile", "section", "kudos__recipient__profile")
        .order_by("-created_at", "-id")
    )
    pinned = list(posts.filter(pinned=True)[: min(limit, MAX_PINNED)])
    if len(pinned) == limit:
        return pinned
    return [*pinned, *posts.filter(pinned=False)[: limit - len(pinned)]]


def _openable_posts(user):
    """Moderators may open any post, whatever its audience: a report can come from a
    part of the floor they are not in. Everyone else opens what they may see."""
    return Post.objects.all() if permissions.can(user, rules.MODERATE) else visible_posts(user)


def post_for(user, pk):
    """The post page's post, or ``Post.DoesNotExist`` when the person may not open it."""
    post = (
        _with_attachments(_for_reader(_openable_posts(user), user))
        .select_related("audience", "section__posting_department")
        .prefetch_related(
            "audience__sites", "audience__teams", "audience__departments", "audience__roles"
        )
        .get(pk=pk)
    )
    return _mark_unread([post], user)[0]


def attachment_for(user, pk):
    """An attachment on a post the person may open, or ``PostAttachment.DoesNotExist``."""
    return PostAttachment.objects.get(pk=pk, post__in=_openable_posts(user))


def comments_for(user, post, *, newest=None):
    """The post's threads, oldest first, replies under each: two queries however many.

    ``newest`` keeps only that many of the latest threads. A deleted comment stays as a
    "comment deleted" placeholder while it has replies to hold together; moderators
    see every deleted comment, marked as deleted.
    """
    moderator = permissions.can(user, rules.VIEW_DELETED)
    profiles = ("author__profile", "deleted_by__profile")
    replies = (
        Comment.objects.defer("search_vector")
        .select_related(*profiles)
        .order_by("created_at", "id")
    )
    if not moderator:
        replies = replies.filter(deleted_at__isnull=True)
    threads = (
        Comment.objects.filter(post=post, parent__isnull=True)
        .defer("search_vector")
        .select_related(*profiles)
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by("-created_at", "-id")
    )
    if not moderator:
        # In SQL rather than after the slice, so "the newest N" counts only what shows.
        live_reply = Comment.objects.filter(parent=OuterRef("pk"), deleted_at__isnull=True)
        threads = threads.filter(Q(deleted_at__isnull=True) | Exists(live_reply))
    threads = list(threads[:newest] if newest is not None else threads)
    threads.reverse()
    for comment in threads:
        comment.post = post
        for reply in comment.visible_replies:
            reply.post = post
    return [c for c in threads if moderator or not c.is_deleted or c.visible_replies]


def comment_for(user, pk):
    """A comment on a post the person can see, or ``Comment.DoesNotExist``."""
    return (
        Comment.objects.defer("search_vector", "post__search_vector")
        .select_related("post__section", "author__profile")
        .get(pk=pk, post__in=visible_posts(user))
    )


MENTION_SUGGESTIONS = 8


def mention_suggestions(query, *, limit=MENTION_SUGGESTIONS):
    """Active people whose name, or a word of it, starts with ``query``; one query."""
    query = " ".join(query.split())
    if not query:
        return []
    people = (
        Profile.objects.filter(user__is_active=True)
        .filter(Q(display_name__istartswith=query) | Q(display_name__icontains=f" {query}"))
        .select_related("site")
        .order_by("display_name", "pk")
    )
    return list(people[:limit])


# Recognition, lost and found --------------------------------------------------------

PROFILE_KUDOS_SHOWN = 5
PEOPLE_FOUND_MAX = 8


def find_colleagues(user, search):
    """People a person may thank or nominate, by name or skill; nobody for an empty search."""
    if not search.strip():
        return []
    return list(directory(search=search).exclude(user_id=user.pk)[:PEOPLE_FOUND_MAX])


def colleague(user, pk):
    """An active colleague (not ``user``) with their profile, or None."""
    return (
        get_user_model()
        .objects.filter(pk=pk, is_active=True)
        .exclude(pk=user.pk)
        .select_related("profile")
        .first()
    )


def agent_of_the_week(week=None):
    """This week's winner with their profile, or None while nobody is picked."""
    return (
        AgentOfTheWeek.objects.select_related("winner__profile")
        .filter(week=week or current_week())
        .first()
    )


def nominees(week=None):
    """The week's nominees, most nominated first, each with ``this_week``: the nominations."""
    week = week or current_week()
    return list(
        get_user_model()
        .objects.filter(nominations_received__week=week)
        .annotate(nomination_count=Count("nominations_received"))
        .select_related("profile")
        .prefetch_related(
            Prefetch(
                "nominations_received",
                queryset=Nomination.objects.filter(week=week).select_related(
                    "nominated_by__profile"
                ),
                to_attr="this_week",
            )
        )
        .order_by("-nomination_count", "profile__display_name", "pk")
    )


def my_nominations(user, week=None):
    return set(
        Nomination.objects.filter(week=week or current_week(), nominated_by=user).values_list(
            "nominee_id", flat=True
        )
    )


def search_posts(user, query):
    """Posts the person may see that match ``query``, best first (see ``portal.search``).

    Comments get their own ``search_comments`` beside this one, over the comments of
    ``visible_posts(user)``, so each result links to its own kind of page.
    """
    found = search(visible_posts(user), query, snippet_field="body")
    # A result shows who wrote it where and when, and the matching words: none of the
    # feed card's counts or extensions (``_for_reader``), which cost a dozen subqueries to
    # build and run and four more queries. Its reaction bar is one query for the page
    # shown (``with_reactions``). The stored HTML is what its snippet is cut from.
    found.results = found.results.shape(
        lambda rows: rows.defer("search_vector").select_related(
            "author__profile", "section", "kudos__recipient__profile"
        )
    )
    return found


def search_comments(user, query):
    """Comments on posts the person may see that match ``query``, best first.

    Deleted comments are never found, not even by moderators: a deleted comment shows
    only as a placeholder on its post, so a result would lead nowhere.
    """
    comments = Comment.objects.filter(post__in=visible_posts(user), deleted_at__isnull=True)
    found = search(comments, query, snippet_field="body")
    found.results = found.results.shape(
        lambda rows: rows.defer("search_vector", "post__search_vector").select_related(
            "author__profile", "post__section", "post__kudos__recipient__profile"
        )
    )
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
    # Which posts belong in the queue is an EXISTS: filtering the join on
    # "resolved_at IS NULL" would also match every post that has no reports at all.
    open_filter = Q(reports__resolved_at__isnull=True)
    return (
        Post.objects.filter(Exists(_open_reports().filter(post=OuterRef("pk"))))
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
class Recognition:
    kudos: list
    kudos_count: int
    agent_of_the_week: AgentOfTheWeek | None


def recognition_for(viewer, person):
    """What a profile shows: the latest kudos the viewer may see, how many, and a current win.

    Three queries whatever the number of kudos.
    """
    # EXISTS per kudos row: a person has a few kudos, while "post IN (every visible
    # post)" makes PostgreSQL list the whole feed first.
    visible = visible_posts(viewer).filter(pk=OuterRef("post_id"), deleted_at__isnull=True)
    kudos = Kudos.objects.filter(recipient_id=person.pk).filter(Exists(visible))
    latest = list(
        # Newest first by post id, which follows posting order and the kudos_received
        # index; ordering by the post's date makes PostgreSQL walk every post.
        kudos.select_related("post__author__profile", "recipient__profile").order_by("-post_id")[
            :PROFILE_KUDOS_SHOWN
        ]
    )
    count = len(latest) if len(latest) < PROFILE_KUDOS_SHOWN else kudos.count()
    award = AgentOfTheWeek.objects.filter(week=current_week(), winner_id=person.pk).first()
    return Recognition(kudos=latest, kudos_count=count, agent_of_the_week=award)


def open_lost_items(user, *, kind=""):
    """Open lost and found items the person may see, newest first, with claim counts."""
    items = LostItem.objects.filter(
        state=LostItem.State.OPEN,
        post__in=visible_posts(user).filter(deleted_at__isnull=True),
    )
    if kind:
        items = items.filter(kind=kind)
    return (
        items.select_related("post__author__profile")
        .annotate(claim_count=Count("claims"))
        .order_by("-post__created_at", "-post_id")
    )


def claims_for(item):
    return list(Claim.objects.filter(item=item).select_related("claimant__profile"))


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
