from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import huddle_selectors, huddle_services, rules
from community.huddle_forms import (
    AnswerForm,
    AttendanceForm,
    HuddleForm,
    QuestionForm,
    figures_as_text,
)
from community.models import Huddle, HuddleQuestion
from portal import permissions
from portal.forms import add_service_error
from portal.models import Team


def _team_or_404(user, team_id):
    team = get_object_or_404(Team.objects.select_related("site"), pk=team_id)
    permissions.require(
        user, rules.VIEW_TEAM_HUDDLES, team, _("Huddles are for the team and its managers.")
    )
    return team


def _huddle_or_404(user, pk):
    try:
        huddle = huddle_selectors.huddle_for(pk)
    except Huddle.DoesNotExist:
        raise Http404 from None
    permissions.require(
        user, rules.VIEW_TEAM_HUDDLES, huddle.team, _("Huddles are for the team and its managers.")
    )
    return huddle


def index(request):
    """A team member goes straight to their team's huddle; managers see every team."""
    permissions.require(request.user, rules.VIEW)
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.team_id and not rules.is_moderator(request.user):
        return redirect("huddles:team", team_id=profile.team_id)
    overview = huddle_selectors.teams_overview() if rules.is_moderator(request.user) else []
    return render(
        request,
        "community/huddles/index.html",
        {"overview": overview, "my_team_id": profile.team_id if profile else None},
    )


def team(request, team_id):
    """Today's huddle of the team, or, before it is opened, the leader's form to open it."""
    team = _team_or_404(request.user, team_id)
    huddle = huddle_selectors.todays_huddle_of(team)
    if huddle is not None:
        return _huddle_page(request, huddle_selectors.huddle_for(huddle.pk))
    may_run = permissions.can(request.user, rules.RUN_HUDDLE, team)
    return render(
        request,
        "community/huddles/not_open.html",
        {
            "team": team,
            "may_run": may_run,
            "form": HuddleForm() if may_run else None,
            "today": huddle_services.team_today(team),
        },
    )


def _huddle_page(request, huddle, *, question_form=None, status=200):
    user = request.user
    may_run = permissions.can(user, rules.RUN_HUDDLE, huddle.team)
    is_today = huddle.date == huddle_services.team_today(huddle.team)
    attendance_ids = {row.person_id for row in huddle.attendance.all()}
    context = {
        "huddle": huddle,
        "team": huddle.team,
        "is_today": is_today,
        "may_run": may_run,
        "may_ask": is_today and permissions.can(user, rules.ASK_IN_HUDDLE, huddle),
        "may_check_in": is_today
        and user.pk not in attendance_ids
        and permissions.can(user, rules.CHECK_IN_TO_HUDDLE, huddle),
        "checked_in": user.pk in attendance_ids,
        "question_form": question_form or QuestionForm(),
        "answer_form": AnswerForm(),
    }
    if may_run:
        members = huddle_selectors.team_members(huddle.team)
        context["attendance_form"] = AttendanceForm(
            members=members, initial={"present": list(attendance_ids)}
        )
    return render(request, "community/huddles/huddle.html", context, status=status)


def detail(request, pk):
    return _huddle_page(request, _huddle_or_404(request.user, pk))


def history(request, team_id):
    team = _team_or_404(request.user, team_id)
    huddles = huddle_selectors.team_huddles(team)
    page = Paginator(huddles, huddle_selectors.HUDDLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "community/huddles/history.html", {"team": team, "page": page})


def open_huddle(request, team_id):
    team = _team_or_404(request.user, team_id)
    permissions.require(
        request.user, rules.RUN_HUDDLE, team, _("Only the team's own leader runs its huddle.")
    )
    form = HuddleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            huddle = huddle_services.open_huddle(
                leader=request.user, team=team, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Today's huddle is open. Your team can ask questions and check in.")
            )
            return redirect(huddle)
    return render(
        request,
        "community/huddles/form.html",
        {"form": form, "team": team, "huddle": None},
        status=400 if form.errors else 200,
    )


def edit_huddle(request, pk):
    huddle = _huddle_or_404(request.user, pk)
    permissions.require(
        request.user,
        rules.RUN_HUDDLE,
        huddle.team,
        _("Only the team's own leader runs its huddle."),
    )
    initial = {
        "focus": huddle.focus,
        "announcements": huddle.announcements,
        "figures": figures_as_text(huddle),
    }
    form = HuddleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            huddle_services.edit_huddle(leader=request.user, huddle=huddle, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Huddle saved."))
            return redirect(huddle)
    return render(
        request,
        "community/huddles/form.html",
        {"form": form, "team": huddle.team, "huddle": huddle},
        status=400 if form.errors else 200,
    )


@require_POST
def ask(request, pk):
    huddle = _huddle_or_404(request.user, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            huddle_services.ask_question(
                author=request.user, huddle=huddle, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Question sent. Your team leader answers it here."))
            return redirect(huddle)
    return _huddle_page(request, huddle, question_form=form, status=400)


@require_POST
def answer(request, pk):
    question = get_object_or_404(HuddleQuestion.objects.select_related("huddle__team"), pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer first."))
    else:
        try:
            huddle_services.answer_question(
                leader=request.user, question=question, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Answer saved; the person who asked is told."))
    return redirect(reverse("huddles:detail", args=[question.huddle_id]) + f"#question-{pk}")


@require_POST
def check_in(request, pk):
    huddle = _huddle_or_404(request.user, pk)
    try:
        huddle_services.check_in(person=request.user, huddle=huddle)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are checked in to today's huddle."))
    return redirect(huddle)


@require_POST
def attendance(request, pk):
    huddle = _huddle_or_404(request.user, pk)
    permissions.require(
        request.user,
        rules.RUN_HUDDLE,
        huddle.team,
        _("Only the team's own leader takes attendance."),
    )
    form = AttendanceForm(request.POST, members=huddle_selectors.team_members(huddle.team))
    if not form.is_valid():
        messages.error(request, _("Tick people from the team only."))
        return redirect(huddle)
    try:
        count = huddle_services.record_attendance(
            leader=request.user, huddle=huddle, present=form.cleaned_data["present"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance saved: %(count)s there.") % {"count": count})
    return redirect(huddle)
