from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community import rules, selectors, services
from community.forms import EditPostForm, ModerationForm, PostForm, ReportForm, SearchForm
from community.models import Post
from portal import permissions
from portal.audiences import describe

SEARCH_PAGE_SIZE = 20
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
            raise Http404
    try:
        feed = selectors.feed_for(request.user, section=section, before=request.GET.get("before"))
    except selectors.InvalidCursor:
        raise BadRequest("Unknown feed cursor.") from None
    # Everything rendered counts as seen, "load more" pages included: the person
    # scrolled to them. The "new" marker still shows on this render, from the read above.
    services.mark_seen(user=request.user, posts=[*feed.pinned, *feed.posts])
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
        "search_form": SearchForm(),
        **_moderator_header(request.user),
    }
    template = "community/index.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#page"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def post_detail(request, pk):
    permissions.require(request.user, rules.VIEW)
    post = _visible_post_or_404(request.user, pk)
    services.mark_seen(user=request.user, posts=[post])
    user = request.user
    may_moderate = permissions.can(user, rules.MODERATE, post)
    return render(
        request,
        "community/post.html",
        {
            "post": post,
            "audience": describe(post.audience),
            "may_edit": permissions.can(user, rules.EDIT_POST, post),
            "may_delete": not post.is_deleted and permissions.can(user, rules.DELETE_POST, post),
            "may_pin": permissions.can(user, rules.PIN, post),
            "may_report": permissions.can(user, rules.REPORT, post),
            "may_moderate": may_moderate,
            "moderation": selectors.moderation_for(post) if may_moderate else None,
        },
    )


def new_post(request):
    permissions.require(request.user, rules.VIEW)
    sections = selectors.postable_sections(request.user)
    initial = {}
    if slug := request.GET.get("section"):
        initial["section"] = next((s for s in sections if s.slug == slug), None)
    form = PostForm(request.POST or None, sections=sections, initial=initial)
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
            )
        except ValidationError as error:
            form.add_error(None, error)
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
        },
    )


def edit_post(request, pk):
    post = _visible_post_or_404(request.user, pk)
    permissions.require(request.user, rules.EDIT_POST, post, _("Only the author can edit a post."))
    form = EditPostForm(request.POST or None, initial={"title": post.title, "body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                actor=request.user,
                post=post,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(post)
    return render(request, "community/post_edit.html", {"form": form, "post": post})


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
    found.add_snippets(page.object_list)
    context = {
        "form": form,
        "query": found.query,
        "page": page,
        "pagination_query": urlencode({"q": found.query}),
        "ranked": found.ranked,
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
            form.add_error(None, error)
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
