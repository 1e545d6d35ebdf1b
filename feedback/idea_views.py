from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback import idea_selectors as selectors
from feedback import idea_services as services
from feedback import rules
from feedback.idea_forms import IdeaCommentForm, IdeaFilterForm, IdeaForm, MergeForm, StatusForm
from feedback.idea_selectors import (
    AGE_OFFSET_DAYS,
    COMMENT_WEIGHT,
    GRAVITY,
    READER_WEIGHT,
    SUPPORTER_WEIGHT,
)
from feedback.models import Idea, IdeaComment
from feedback.models.ideas import STATUSES_NEEDING_A_REPLY
from feedback.straight_talk_forms import StraightTalkForm
from feedback.straight_talk_services import raise_straight_talk
from portal import permissions
from portal.forms import add_service_error

IDEAS_PER_PAGE = 20


def _fragment(request, template, fragment, context):
    if request.htmx and not request.htmx.history_restore_request:
        template += f"#{fragment}"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def ideas(request):
    permissions.require(request.user, rules.VIEW_IDEAS)
    form = IdeaFilterForm(request.GET)
    chosen = form.filters()
    page = Paginator(selectors.ideas_for(request.user, **chosen), IDEAS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = urlencode(
        {
            key: (value.pk if hasattr(value, "pk") else value)
            for key, value in chosen.items()
            if value
        }
    )
    context = {
        "form": form,
        "page": page,
        "query": query,
        "sort": chosen["sort"],
        "filtered": any(chosen[key] for key in ("status", "category", "site")),
        "weights": {
            "supporters": SUPPORTER_WEIGHT,
            "comments": COMMENT_WEIGHT,
            "readers": READER_WEIGHT,
            "offset": AGE_OFFSET_DAYS,
            "gravity": GRAVITY,
        },
        "may_review": permissions.can(request.user, rules.CHANGE_IDEA_STATUS),
    }
    return _fragment(request, "feedback/ideas/list.html", "results", context)


def new_idea(request):
    permissions.require(request.user, rules.POST_IDEA)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.post_idea(author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your idea is posted. Colleagues can support it, and you will hear "
                    "what becomes of it."
                ),
            )
            return redirect(idea)
    return render(request, "feedback/ideas/form.html", {"form": form})


def _idea_or_404(user, pk):
    try:
        return selectors.idea_for(user, pk)
    except Idea.DoesNotExist:
        raise Http404 from None


def _idea_page(request, idea, *, comment_form=None, status=200):
    user = request.user
    context = {
        "idea": idea,
        "comment_form": comment_form or IdeaCommentForm(),
        "may_support": permissions.can(user, rules.SUPPORT_IDEA, idea),
        "may_comment": permissions.can(user, rules.COMMENT_ON_IDEA, idea),
        "may_review": permissions.can(user, rules.CHANGE_IDEA_STATUS, idea),
        "may_merge": permissions.can(user, rules.MERGE_IDEA, idea),
        "may_raise": permissions.can(user, rules.RAISE_STRAIGHT_TALK, idea) and not idea.is_merged,
        "straight_talk": selectors.straight_talk_from(idea),
    }
    for comment in idea.comment_list:
        comment.may_delete = permissions.can(user, rules.DELETE_IDEA_COMMENT, comment)
    return render(request, "feedback/ideas/detail.html", context, status=status)


def idea(request, pk):
    permissions.require(request.user, rules.VIEW_IDEAS)
    found = _idea_or_404(request.user, pk)
    if found.is_merged and "stay" not in request.GET:
        messages.info(
            request,
            _("“%(duplicate)s” was merged into this idea, with its supporters and comments.")
            % {"duplicate": found.title},
        )
        return redirect(found.merged_into)
    services.record_reader(user=request.user, idea=found)
    return _idea_page(request, found)


@require_POST
def support(request, pk):
    found = _idea_or_404(request.user, pk)
    wanted = request.POST.get("on") == "1"
    try:
        if wanted:
            services.support_idea(user=request.user, idea=found)
        else:
            services.withdraw_support(user=request.user, idea=found)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
        if request.htmx:
            # A whole page must not land inside the figures card: htmx reloads instead.
            return HttpResponse(status=204, headers={"HX-Redirect": found.get_absolute_url()})
        return redirect(found)
    found = _idea_or_404(request.user, pk)
    if request.htmx:
        return render(
            request,
            "feedback/ideas/detail.html#support",
            {
                "idea": found,
                "may_support": permissions.can(request.user, rules.SUPPORT_IDEA, found),
            },
        )
    if wanted:
        messages.success(request, _("Thank you: your support is counted."))
    else:
        messages.success(request, _("Your support is withdrawn."))
    return redirect(found)


@require_POST
def add_comment(request, pk):
    found = _idea_or_404(request.user, pk)
    form = IdeaCommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.add_comment(
                author=request.user, idea=found, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect(comment.get_absolute_url())
    return _idea_page(request, found, comment_form=form, status=400)


@require_POST
def delete_comment(request, pk):
    comment = get_object_or_404(IdeaComment.objects.select_related("idea"), pk=pk)
    services.delete_comment(actor=request.user, comment=comment)
    messages.success(request, _("The comment is deleted."))
    return redirect(comment.idea)


def change_status(request, pk):
    found = _idea_or_404(request.user, pk)
    permissions.require(
        request.user,
        rules.CHANGE_IDEA_STATUS,
        found,
        _("Only managers can change the status of an idea."),
    )
    form = StatusForm(request.POST or None, initial={"status": found.status, "reply": ""})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.change_status(actor=request.user, idea=found, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("“%(idea)s” is now %(status)s. Its author and supporters have been told.")
                % {"idea": found.title, "status": change.get_to_status_display().lower()},
            )
            return redirect(found)
    return render(
        request,
        "feedback/ideas/status.html",
        {"idea": found, "form": form, "needs_reply": STATUSES_NEEDING_A_REPLY},
    )


def merge(request, pk):
    found = _idea_or_404(request.user, pk)
    permissions.require(request.user, rules.MERGE_IDEA, found, _("Only managers can merge ideas."))
    form = MergeForm(request.POST or (request.GET if request.GET.get("into") else None))
    target = None
    if form.is_bound and form.is_valid():
        target = selectors.idea_by_number(form.cleaned_data["into"])
        if target is None:
            form.add_error("into", _("There is no open idea with that number."))
        elif target.pk == found.pk:
            form.add_error("into", _("An idea cannot be merged into itself."))
    if request.method == "POST" and target is not None and not form.errors:
        try:
            services.merge_idea(actor=request.user, duplicate=found, into=target)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "“%(duplicate)s” is merged into this idea; its supporters and comments "
                    "moved over, and they have been told."
                )
                % {"duplicate": found.title},
            )
            return redirect(target)
    return render(
        request,
        "feedback/ideas/merge.html",
        {"idea": found, "form": form, "target": target if not form.errors else None},
    )


def raise_from_idea(request, pk):
    found = _idea_or_404(request.user, pk)
    permissions.require(
        request.user,
        rules.RAISE_STRAIGHT_TALK,
        found,
        _("Only managers can raise a straight-talk request."),
    )
    if found.is_merged:
        raise Http404
    form = StraightTalkForm(
        request.POST or None, initial={"title": found.title, "question": found.problem}
    )
    if request.method == "POST" and form.is_valid():
        try:
            straight = raise_straight_talk(actor=request.user, origin=found, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The straight-talk request is up. Colleagues can add “me too”; answer "
                    "it when you are ready."
                ),
            )
            return redirect(straight)
    return render(request, "feedback/ideas/raise_straight_talk.html", {"idea": found, "form": form})
