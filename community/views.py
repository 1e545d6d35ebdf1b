from operator import attrgetter

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from community import rules, selectors, services, swap_selectors
from community.forms import (
    ClaimForm,
    CommentForm,
    CustomerFeedbackForm,
    EditPostForm,
    KudosForm,
    LostItemForm,
    ModerationForm,
    NominationForm,
    PickWinnerForm,
    PostForm,
    ReactionForm,
    ReplyForm,
    ReportForm,
    ReturnedForm,
    SearchForm,
)
from community.mentions import mention_token
from community.models import (
    CUSTOMER_FEEDBACK,
    LOST_AND_FOUND,
    RECOGNITION,
    SHIFT_SWAPS,
    CauseGroup,
    Comment,
    CustomerFeedback,
    LostItem,
    Post,
    PostAttachment,
    ReactionKind,
)
from portal import confirmations, permissions
from portal.audiences import describe
from portal.forms import add_service_error
from portal.permissions import VIEW_PEOPLE
from portal.uploads import content_disposition

# Sections with their own "new" form; the plain post form sends people there.
STRUCTURED_FORMS = {
    SHIFT_SWAPS: "community:swap_new",
    RECOGNITION: "community:give_kudos",
    LOST_AND_FOUND: "community:new_lost_item",
    CUSTOMER_FEEDBACK: "community:new_feedback",
}
LOST_ITEMS_PER_PAGE = 24


SEARCH_PAGE_SIZE = 20
COMMENT_THREADS_SHOWN = 30
# The best comment matches only: a comment is found to lead to its post's discussion.
COMMENT_RESULTS = 10
QUEUE_PAGE_SIZE = 20


def _visible_post_or_404(user, pk):
    try:
        return selectors.post_for(user, pk)
    except Post.DoesNotExist:
        raise Http404 from None


def index(request):
    permissions.require(request.user, rules.VIEW)
    sections = list(selectors.visible_sections(request.user))
    section = None
    if slug := request.GET.get("section"):
        section = next((s for s in sections if s.slug == slug), None)
        if section is None:
            group = CauseGroup.objects.filter(section__slug=slug).first()
            if group is None:
                raise Http404
            return redirect(group)
    try:
        feed = selectors.feed_for(request.user, section=section, before=request.GET.get("before"))
    except selectors.InvalidCursor:
        raise BadRequest("Unknown feed cursor.") from None
    # Everything rendered counts as seen, "load more" pages included: the person
    # scrolled to them. The "new" marker still shows on this render, from the read above.
    shown = [*feed.pinned, *feed.highlighted, *feed.posts]
    services.mark_seen(user=request.user, posts=shown)
    postable = selectors.postable_sections(request.user, sections)
    more = {"section": section.slug} if section else {}
    context = {
        "sections": sections,
        "section": section,
        "feed": feed,
        "first_page": "before" not in request.GET,
        "more_url": "?" + urlencode({**more, "before": feed.next_cursor or ""}),
        "may_post": bool(postable),
        "may_post_here": section in postable,
        "new_post_url": _new_post_url(section if section in postable else None),
        "agent_of_the_week": selectors.agent_of_the_week() if "before" not in request.GET else None,
        "search_form": SearchForm(),
        "reaction_done": reaction_done(request, shown),
        **_moderator_header(request.user),
    }
    template = "community/index.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#page"
        # "Load more" swaps itself for this page: its first post takes the keyboard focus
        # (htmx focuses what is marked autofocus in new content).
        context["loaded_more"] = True
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def _new_post_url(section):
    if section is not None and section.slug in STRUCTURED_FORMS:
        return reverse(STRUCTURED_FORMS[section.slug])
    url = reverse("community:new")
    return f"{url}?section={section.slug}" if section is not None else url


def _structured_context(user, post):
    """What the post page needs to show and act on a lost item or customer feedback."""
    item = getattr(post, "lost_item", None)
    if item is not None:
        claims = selectors.claims_for(item)
        return {
            "claims": claims,
            "claimed_by_me": any(claim.claimant_id == user.pk for claim in claims),
            "may_claim": item.is_open and permissions.can(user, rules.CLAIM_ITEM, item),
            "may_mark_returned": item.is_open and permissions.can(user, rules.MARK_RETURNED, item),
            "claim_form": ClaimForm(),
            "returned_form": ReturnedForm(claims=claims),
        }
    feedback = getattr(post, "customer_feedback", None)
    if feedback is not None:
        return {"may_highlight": permissions.can(user, rules.HIGHLIGHT_FEEDBACK, feedback)}
    return {}


# Each thread's reply box is the same blank widget with the thread's ids. Rendering it
# once per page and filling in the ids saves Django's widget templates (about half a
# millisecond a box) for every thread: a busy post shows thirty.
REPLY_THREAD = "__thread__"
COMMENT_DONE_KEY = "community:comment_done"


def _focus_on(failed_form):
    """The box with the error takes the focus, so the browser scrolls to it, even on a phone."""
    failed_form.fields["body"].widget.attrs["autofocus"] = True


def _blank_reply_box():
    return str(ReplyForm(auto_id=f"reply-{REPLY_THREAD}-%s")["body"])


def _post_page(request, post, *, comment_form=None, failed_reply=(None, None)):
    """The post with its comments; a form that failed comes back with its errors and text."""
    user = request.user
    # A long thread opens on its latest comments; the rest are one link away, so the
    # page stays quick to render on a phone.
    show_all = request.GET.get("comments") == "all"
    newest = None if show_all else COMMENT_THREADS_SHOWN + 1
    comments = selectors.comments_for(user, post, newest=newest)
    earlier_comments = not show_all and len(comments) > COMMENT_THREADS_SHOWN
    if earlier_comments:
        comments = comments[1:]
    may_moderate = permissions.can(user, rules.MODERATE, post)
    may_comment = not post.is_deleted
    if comment_form is None:
        comment_form = CommentForm(auto_id="comment-%s")
    else:
        _focus_on(comment_form)
    failed_reply_to, failed_reply_form = failed_reply
    reply_box = _blank_reply_box()
    just_posted = _comment_done(request, comments)
    for comment in comments:
        comment.reply_label = _("Your reply to %(name)s") % {
            "name": comment.author.profile.display_name
        }
        if comment.pk == failed_reply_to:
            comment.reply_form = failed_reply_form
            # The form was validated, so its bound field (and label) already exists.
            comment.reply_form["body"].label = comment.reply_label
            _focus_on(comment.reply_form)
        else:
            comment.reply_widget = mark_safe(reply_box.replace(REPLY_THREAD, str(comment.pk)))
        for reply in [comment, *comment.visible_replies]:
            if just_posted and reply.pk == just_posted["comment"]:
                reply.just_posted = just_posted["message"]
            reply.may_edit = permissions.can(user, rules.EDIT_COMMENT, reply)
            reply.may_delete = not reply.is_deleted and permissions.can(
                user, rules.DELETE_COMMENT, reply
            )
    return render(
        request,
        "community/post.html",
        {
            "post": post,
            "comment_done": just_posted,
            "audience": describe(post.audience),
            "may_edit": permissions.can(user, rules.EDIT_POST, post),
            "may_delete": not post.is_deleted and permissions.can(user, rules.DELETE_POST, post),
            "may_pin": permissions.can(user, rules.PIN, post),
            "may_react": post.takes_reactions,
            "may_comment": may_comment,
            "comments": comments,
            "earlier_comments": earlier_comments,
            "comment_form": comment_form,
            "failed_reply_to": failed_reply_to,
            "reply_help": CommentForm.base_fields["body"].help_text,
            "see_deleted": permissions.can(user, rules.VIEW_DELETED),
            "reaction_next": post.get_absolute_url(),
            "reaction_done": reaction_done(request, [post]),
            "swap_panel": swap_selectors.swap_panel_for(user, post),
            **_structured_context(user, post),
            "may_report": permissions.can(user, rules.REPORT, post),
            "may_moderate": may_moderate,
            "moderation": selectors.moderation_for(post) if may_moderate else None,
        },
    )


def post_detail(request, pk):
    permissions.require(request.user, rules.VIEW)
    post = _visible_post_or_404(request.user, pk)
    services.mark_seen(user=request.user, posts=[post])
    return _post_page(request, post)


def new_post(request):
    permissions.require(request.user, rules.VIEW)
    if request.GET.get("section") in STRUCTURED_FORMS:
        return redirect(STRUCTURED_FORMS[request.GET["section"]])
    sections = [
        section
        for section in selectors.postable_sections(request.user)
        if section.slug not in STRUCTURED_FORMS
    ]
    initial = {}
    if slug := request.GET.get("section"):
        initial["section"] = next((s for s in sections if s.slug == slug), None)
    form = PostForm(request.POST or None, request.FILES or None, sections=sections, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.create_post(
                author=request.user,
                section=data["section"],
                title=data["title"],
                body=data["body"],
                sites=data["sites"],
                teams=data["teams"],
                roles=data["roles"],
                attachments=data["attachments"],
            )
        except ValidationError as error:
            # An attachment's refusal names its field, so it shows under the file input.
            add_service_error(form, error)
        else:
            messages.success(request, _("Posted in %(section)s.") % {"section": post.section})
            return redirect(post)
    return render(
        request,
        "community/post_form.html",
        {
            "form": form,
            "sections": sections,
            "audience_chosen": any(form[name].value() for name in PostForm.audience_fields),
            "files_dropped": _files_dropped(request),
        },
    )


def _files_dropped(request):
    """Whether a form coming back had files: a browser never refills a file input."""
    return request.method == "POST" and bool(request.FILES.getlist("attachments"))


def edit_post(request, pk):
    post = _visible_post_or_404(request.user, pk)
    permissions.require(request.user, rules.EDIT_POST, post, _("Only the author can edit a post."))
    form = EditPostForm(
        request.POST or None,
        request.FILES or None,
        initial={"title": post.title, "body": post.body},
        attachments=post.attachment_list,
        allow_attachments=post.section.slug not in services.STRUCTURED_SECTIONS,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_post(
                actor=request.user,
                post=post,
                title=data["title"],
                body=data["body"],
                add_attachments=data.get("attachments", ()),
                remove_attachments=[a.pk for a in data.get("remove_attachments", ())],
            )
        except ValidationError as error:
            # An attachment's refusal names its field, so it shows under the file input.
            add_service_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(post)
    return render(
        request,
        "community/post_edit.html",
        {"form": form, "post": post, "files_dropped": _files_dropped(request)},
    )


@require_GET
def attachment(request, pk):
    """Serve an attachment to whoever may open its post; a document always downloads.

    The content type is the one sniffed on upload, and the browser is told not to
    guess another (``nosniff``) and not to run anything in it (the sandbox).
    """
    permissions.require(request.user, rules.VIEW)
    try:
        found = selectors.attachment_for(request.user, pk)
        upload = found.file.open("rb")
    except (PostAttachment.DoesNotExist, FileNotFoundError):
        raise Http404 from None
    response = FileResponse(upload, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition(
        found.original_name, as_attachment=not found.is_image
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Private and short: who may see a post can change (a moderator hides it).
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
def delete_post(request, pk):
    post = _visible_post_or_404(request.user, pk)
    services.delete_post(actor=request.user, post=post)
    messages.success(request, _("The post is deleted."))
    return redirect("community:index")


@require_POST
def pin_post(request, pk):
    post = _visible_post_or_404(request.user, pk)
    try:
        services.pin_post(actor=request.user, post=post)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Pinned to the top of everyone's feed."))
    return redirect(post)


@require_POST
def unpin_post(request, pk):
    post = _visible_post_or_404(request.user, pk)
    services.unpin_post(actor=request.user, post=post)
    messages.success(request, _("Unpinned: the post is back in its place in the feed."))
    return redirect(post)


@require_POST
def add_comment(request, pk):
    post = _visible_post_or_404(request.user, pk)
    try:
        parent_id = int(request.POST.get("parent") or 0) or None
    except ValueError:
        raise BadRequest("Unknown comment.") from None
    parent = None
    if parent_id is not None:
        parent = post.comments.select_related("parent__author", "author").filter(pk=parent_id)
        parent = parent.first()
        if parent is None:
            raise Http404
    if parent is None:
        form = CommentForm(request.POST, auto_id="comment-%s")
    else:
        form = ReplyForm(request.POST, auto_id=f"reply-{parent_id}-%s")
    if form.is_valid():
        try:
            comment = services.add_comment(
                author=request.user, post=post, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            message = _("Your comment is posted.") if parent is None else _("Your reply is posted.")
            # The page comes back at the confirmation beside the new comment, which the
            # browser scrolls to and focuses: the messages at the top are out of sight from
            # a reply far down a thread, and focus would fall to the page.
            confirmations.keep(request, COMMENT_DONE_KEY, message, comment=comment.pk)
            thread_url = comment.get_absolute_url().partition("#")[0]
            return redirect(f"{thread_url}#comment-{comment.pk}-done")
    if parent is None:
        return _post_page(request, post, comment_form=form)
    return _post_page(request, post, failed_reply=(parent_id, form))


def _comment_done(request, threads):
    """The confirmation of a comment or reply just posted, for the page to show beside it."""
    shown = {comment.pk for thread in threads for comment in [thread, *thread.visible_replies]}
    return confirmations.take(request, COMMENT_DONE_KEY, beside="comment", shown=shown)


def _comment_or_404(user, pk):
    try:
        return selectors.comment_for(user, pk)
    except Comment.DoesNotExist:
        raise Http404 from None


def edit_comment(request, pk):
    comment = _comment_or_404(request.user, pk)
    permissions.require(
        request.user, rules.EDIT_COMMENT, comment, _("Only the author can edit a comment.")
    )
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(comment)
    return render(request, "community/comment_edit.html", {"form": form, "comment": comment})


@require_POST
def delete_comment(request, pk):
    comment = _comment_or_404(request.user, pk)
    services.delete_comment(actor=request.user, comment=comment)
    messages.success(request, _("The comment is deleted."))
    return redirect(comment.post.get_absolute_url() + "#comments")


def _back(request, post):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return post.get_absolute_url()


# Each place a reaction bar is pressed, and the partial that draws it there. A search
# result draws a feed card's bar.
REACTION_BARS = {
    "post": "community/post.html#reactions",
    "card": "community/_post_card.html#reactions",
}
REACTION_DONE_KEY = "community:reaction_done"


@require_POST
def react(request, pk):
    """Toggle a reaction: htmx gets the updated bar, a plain form goes back where it was."""
    post = _visible_post_or_404(request.user, pk)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        raise BadRequest("Unknown reaction.")
    kind, wanted = form.cleaned_data["reaction"]
    on = services.toggle_reaction(user=request.user, post=post, kind=kind, on=wanted)
    if request.htmx:
        post = selectors.reactions_for(request.user, post)
        context = {"post": post, "may_react": True, "reaction_next": _back(request, post)}
        response = render(request, REACTION_BARS[form.cleaned_data["bar"] or "post"], context)
        response["Vary"] = "HX-Request"
        return response
    label = ReactionKind(kind).label
    if on:
        message = _("You reacted: %(reaction)s.") % {"reaction": label}
    else:
        message = _("Reaction removed: %(reaction)s.") % {"reaction": label}
    # The page comes back at the pressed button, which the browser scrolls to and focuses,
    # so a keyboard user carries on where they were; the confirmation goes beside its bar
    # (``reaction_done``), not with the messages at the top, out of sight from there.
    confirmations.keep(request, REACTION_DONE_KEY, message, post=post.pk, kind=kind)
    back = _back(request, post).partition("#")[0]
    return redirect(f"{back}#reaction-{post.pk}-{kind}")


def reaction_done(request, posts):
    """The confirmation of a reaction just made without JavaScript, for the page to show
    beside that post's bar (``reaction_bar``), or None."""
    return confirmations.take(
        request, REACTION_DONE_KEY, beside="post", shown={post.pk for post in posts}
    )


@require_GET
def mention_suggestions(request):
    """Up to eight people for the @mention autocomplete, as JSON."""
    permissions.require(request.user, VIEW_PEOPLE)
    people = selectors.mention_suggestions(request.GET.get("q", "")[:60])
    return JsonResponse(
        {
            "results": [
                {
                    "id": profile.pk,
                    "name": profile.display_name,
                    "detail": " · ".join(
                        part for part in [profile.job_title, str(profile.site or "")] if part
                    ),
                    "insert": mention_token(profile.pk, profile.display_name),
                }
                for profile in people
            ]
        }
    )


# Recognition ------------------------------------------------------------------------


def _pk_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _with_people_search(request, template, context):
    """Render a page with a colleague picker; an htmx search gets only the results."""
    search = request.GET.get("find", "")
    context = {
        **context,
        "search": search,
        "people": selectors.find_colleagues(request.user, search),
    }
    if request.htmx and not request.htmx.history_restore_request and "find" in request.GET:
        template += "#people"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def give_kudos(request):
    permissions.require(request.user, rules.VIEW)
    chosen_pk = request.POST.get("recipient") or request.GET.get("to")
    recipient = selectors.colleague(request.user, _pk_or_none(chosen_pk))
    form = KudosForm(request.POST or None, initial={"recipient": recipient})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kudos = services.give_kudos(
                giver=request.user,
                recipient=data["recipient"],
                value=data["value"],
                message=data["message"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Kudos sent. %(name)s has been told.") % {"name": kudos.recipient},
            )
            return redirect(kudos.post)
    return _with_people_search(
        request, "community/kudos_form.html", {"form": form, "recipient": recipient}
    )


def _agent_of_the_week_page(request, *, nomination_form=None, pick_form=None):
    user = request.user
    chosen_pk = nomination_form["nominee"].value() if nomination_form else request.GET.get("to")
    nominee = selectors.colleague(user, _pk_or_none(chosen_pk))
    may_pick = permissions.can(user, rules.PICK_AGENT_OF_THE_WEEK)
    context = {
        "week": services.current_week(),
        "winner": selectors.agent_of_the_week(),
        "nominee": nominee,
        "nomination_form": nomination_form or NominationForm(initial={"nominee": nominee}),
        "my_nominations": selectors.my_nominations(user),
        "may_pick": may_pick,
        "nominees": selectors.nominees() if may_pick else [],
        "pick_form": pick_form,
    }
    return _with_people_search(request, "community/agent_of_the_week.html", context)


def agent_of_the_week(request):
    permissions.require(request.user, rules.VIEW)
    return _agent_of_the_week_page(request)


@require_POST
def nominate(request):
    form = NominationForm(request.POST)
    if form.is_valid():
        nominee = form.cleaned_data["nominee"]
        try:
            services.nominate(
                nominator=request.user, nominee=nominee, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you: %(name)s is nominated for this week.") % {"name": nominee},
            )
            return redirect("community:agent_of_the_week")
    return _agent_of_the_week_page(request, nomination_form=form)


@require_POST
def pick_agent_of_the_week(request):
    permissions.require(request.user, rules.PICK_AGENT_OF_THE_WEEK)
    form = PickWinnerForm(request.POST)
    if form.is_valid():
        try:
            award = services.pick_agent_of_the_week(
                actor=request.user,
                winner=form.cleaned_data["winner"],
                citation=form.cleaned_data["citation"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is agent of the week. They have been told, and the feed shows it.")
                % {"name": award.winner},
            )
            return redirect("community:agent_of_the_week")
    return _agent_of_the_week_page(request, pick_form=form)


# Lost and found ---------------------------------------------------------------------


def lost_and_found(request):
    permissions.require(request.user, rules.VIEW)
    kind = request.GET.get("kind", "")
    if kind not in LostItem.Kind.values:
        kind = ""
    items = selectors.open_lost_items(request.user, kind=kind)
    page = Paginator(items, LOST_ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kind": kind,
        "kinds": LostItem.Kind.choices,
        "query": f"kind={kind}" if kind else "",
    }
    template = "community/lost_and_found.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def new_lost_item(request):
    permissions.require(request.user, rules.VIEW)
    form = LostItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.report_lost_item(
                author=request.user,
                kind=data["kind"],
                what=data["what"],
                where=data["where"],
                when=data["when"],
                details=data["details"],
                photo=data["photo"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Posted in Lost and found. You will be told when someone replies.")
            )
            return redirect(item.post)
    return render(request, "community/lost_item_form.html", {"form": form})


def _visible_lost_item_or_404(user, pk):
    post = _visible_post_or_404(user, pk)
    item = getattr(post, "lost_item", None)
    if item is None:
        raise Http404
    return item


@require_POST
def claim_item(request, pk):
    item = _visible_lost_item_or_404(request.user, pk)
    form = ClaimForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.claim_item(claimant=request.user, item=item, message=message)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Sent. %(name)s has been told.") % {"name": item.post.author})
    return redirect(item.post)


@require_POST
def mark_returned(request, pk):
    item = _visible_lost_item_or_404(request.user, pk)
    claims = selectors.claims_for(item)
    form = ReturnedForm(request.POST, claims=claims)
    returned_to = form.cleaned_data["returned_to"] if form.is_valid() else None
    try:
        services.mark_returned(actor=request.user, item=item, returned_to=returned_to)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Marked returned. The post is closed to claims."))
    return redirect(item.post)


# Customer feedback ------------------------------------------------------------------


def new_feedback(request):
    permissions.require(request.user, rules.VIEW)
    form = CustomerFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback = services.share_customer_feedback(
                author=request.user,
                kind=data["kind"],
                channel=data["channel"],
                product=data["product"],
                title=data["title"],
                body=data["body"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Shared in Customer feedback. Thank you."))
            return redirect(feedback.post)
    return render(request, "community/feedback_form.html", {"form": form})


@require_POST
def highlight_feedback(request, pk):
    post = _visible_post_or_404(request.user, pk)
    feedback = get_object_or_404(CustomerFeedback.objects.select_related("post"), post=post)
    highlighted = request.POST.get("highlighted") == "1"
    try:
        services.set_feedback_highlight(
            actor=request.user, feedback=feedback, highlighted=highlighted
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Highlighted: it now shows first in Customer feedback.")
            if highlighted
            else _("The highlight is off."),
        )
    return redirect(post)


def _moderator_header(user):
    """The "Reports" link's context: only moderators pay for the count."""
    if not permissions.can(user, rules.MODERATE):
        return {"may_moderate": False}
    return {"may_moderate": True, "open_reports": selectors.open_report_count()}


def _render_fragment(request, template, fragment, context):
    if request.htmx and not request.htmx.history_restore_request:
        template += f"#{fragment}"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def search(request):
    permissions.require(request.user, rules.VIEW)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.search_posts(request.user, query)
    page = Paginator(found.results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    found.add_snippets(page.object_list, rendered=attrgetter("rendered_body"))
    selectors.with_reactions(page.object_list, request.user)
    # Comment matches go beside the first page only, so paging through posts stays cheap.
    comments, more_comments = [], False
    if page.number == 1:
        in_comments = selectors.search_comments(request.user, query)
        matches = list(in_comments.results[: COMMENT_RESULTS + 1])
        comments = in_comments.add_snippets(
            matches[:COMMENT_RESULTS], rendered=attrgetter("rendered_body")
        )
        more_comments = len(matches) > COMMENT_RESULTS
    context = {
        "form": form,
        "query": found.query,
        "page": page,
        "pagination_query": urlencode({"q": found.query}),
        "ranked": found.ranked,
        "comments": comments,
        "more_comments": more_comments,
        "reaction_done": reaction_done(request, page.object_list),
    }
    return _render_fragment(request, "community/search.html", "results", context)


def report_post(request, pk):
    post = _visible_post_or_404(request.user, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_post(
                reporter=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Thank you. A moderator will look at the post; you will not be named.")
            )
            return redirect(post)
    if request.method == "GET" and not permissions.can(request.user, rules.REPORT, post):
        # Say why up front instead of after the form is filled in.
        messages.info(request, services.report_refusal(reporter=request.user, post=post))
        return redirect(post)
    return render(request, "community/report.html", {"form": form, "post": post})


def moderation_queue(request):
    permissions.require(
        request.user, rules.MODERATE, message=_("Only managers and administrators moderate.")
    )
    page = Paginator(selectors.moderation_queue(), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return _render_fragment(request, "community/moderation.html", "queue", {"page": page})


_DECISIONS = {
    "hide": (
        services.hide_post,
        gettext_lazy("The post is hidden and its author has been told why."),
    ),
    "restore": (
        services.restore_post,
        gettext_lazy("The post is visible again; its author has been told."),
    ),
    "dismiss": (
        services.dismiss_reports,
        gettext_lazy("The reports are dismissed. The post stays as it is."),
    ),
}


def moderate_post(request, pk):
    permissions.require(
        request.user, rules.MODERATE, message=_("Only managers and administrators moderate.")
    )
    post = _visible_post_or_404(request.user, pk)
    form = ModerationForm(request.POST or None)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if request.method == "POST" and form.is_valid():
        decision = _DECISIONS.get(request.POST.get("decision"))
        if decision is None:
            raise BadRequest("Unknown moderation decision.")
        service, done = decision
        try:
            service(moderator=request.user, post=post, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason" if error.code == "reason_required" else None, error)
        else:
            messages.success(request, done)
            return redirect(back or reverse("community:moderation"))
    return render(
        request,
        "community/moderate.html",
        {
            "post": post,
            "form": form,
            "moderation": selectors.moderation_for(post),
            "next": back,
        },
    )
