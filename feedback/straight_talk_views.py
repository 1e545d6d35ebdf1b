from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback import rules
from feedback import straight_talk_selectors as selectors
from feedback import straight_talk_services as services
from feedback.models import StraightTalkRequest
from feedback.straight_talk_forms import AnswerForm, StraightTalkForm
from portal import permissions
from portal.forms import add_service_error

REQUESTS_PER_PAGE = 20


def straight_talk(request):
    permissions.require(request.user, rules.ASK_STRAIGHT_TALK)
    answered = request.GET.get("show") == "answered"
    requests = (
        selectors.answered_requests(request.user)
        if answered
        else selectors.waiting_requests(request.user)
    )
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "answered": answered,
        "query": "show=answered" if answered else "",
        "may_answer": permissions.can(request.user, rules.ANSWER_STRAIGHT_TALK),
    }
    template = "feedback/straight_talk/list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def new_request(request):
    permissions.require(request.user, rules.ASK_STRAIGHT_TALK)
    form = StraightTalkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.ask_straight_talk(asker=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your question is up. Colleagues can add “me too”, and you will be told "
                    "when it is answered."
                ),
            )
            return redirect(created)
    return render(request, "feedback/straight_talk/form.html", {"form": form})


def _request_or_404(user, pk):
    try:
        return selectors.request_for(user, pk)
    except StraightTalkRequest.DoesNotExist:
        raise Http404 from None


def detail(request, pk):
    permissions.require(request.user, rules.ASK_STRAIGHT_TALK)
    found = _request_or_404(request.user, pk)
    return render(
        request,
        "feedback/straight_talk/detail.html",
        {
            "straight": found,
            "may_me_too": permissions.can(request.user, rules.ME_TOO_STRAIGHT_TALK, found),
            "may_answer": permissions.can(request.user, rules.ANSWER_STRAIGHT_TALK, found),
        },
    )


@require_POST
def me_too(request, pk):
    found = _request_or_404(request.user, pk)
    wanted = request.POST.get("on") == "1"
    try:
        if wanted:
            services.me_too(user=request.user, request=found)
        else:
            services.withdraw_me_too(user=request.user, request=found)
    except (PermissionDenied, ValidationError) as refusal:
        messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
        return redirect(found)
    if wanted:
        messages.success(request, _("Counted: you will be told when it is answered."))
    else:
        messages.success(request, _("You are no longer counted on this question."))
    return redirect(found)


def answer(request, pk):
    found = _request_or_404(request.user, pk)
    permissions.require(
        request.user,
        rules.ANSWER_STRAIGHT_TALK,
        found,
        _("Only managers can answer straight-talk requests."),
    )
    form = AnswerForm(request.POST or None, initial={"answer": found.answer})
    if request.method == "POST" and form.is_valid():
        was_answered = found.is_answered
        anyone_asked = found.ask_count > 0
        try:
            services.answer_straight_talk(
                actor=request.user, request=found, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if was_answered:
                messages.success(request, _("The answer is updated."))
            elif not anyone_asked:
                messages.success(request, _("The answer is published."))
            else:
                messages.success(
                    request,
                    _("The answer is published and everyone who asked has been told."),
                )
            return redirect(found)
    return render(request, "feedback/straight_talk/answer.html", {"straight": found, "form": form})


def raise_from(request, *, origin, initial, back_url, back_label, intro):
    """The "Raise as straight talk" form for something another channel holds.

    The calling view has already found ``origin`` and checked that the person may see it.
    """
    permissions.require(
        request.user,
        rules.RAISE_STRAIGHT_TALK,
        origin,
        _("Only managers can raise a straight-talk request."),
    )
    form = StraightTalkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            straight = services.raise_straight_talk(
                actor=request.user, origin=origin, **form.cleaned_data
            )
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
    return render(
        request,
        "feedback/straight_talk/raise.html",
        {
            "form": form,
            "back_url": back_url,
            "back_label": back_label,
            "intro": intro,
        },
        status=400 if form.is_bound else 200,
    )
