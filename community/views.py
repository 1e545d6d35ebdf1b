from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import rules, selectors, services, swap_selectors
from community.forms import EditPostForm, PostForm
from community.models import Post
from portal import permissions
from portal.audiences import describe


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
    return render(
        request,
        "community/post.html",
        {
            "post": post,
            "audience": describe(post.audience),
            "may_edit": permissions.can(user, rules.EDIT_POST, post),
            "may_delete": not post.is_deleted and permissions.can(user, rules.DELETE_POST, post),
            "may_pin": permissions.can(user, rules.PIN, post),
            "swap_panel": swap_selectors.swap_panel_for(user, post),
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
