from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback import rules, scorecard_selectors, scorecard_services
from feedback.message_dates import day_in_words
from feedback.models import ScorecardMeeting
from feedback.scorecard_forms import DecisionForm, InputForm, MeetingDateForm
from portal import permissions
from portal.models import Team


def index(request):
    permissions.require(request.user, rules.SCORECARDS_VIEW)
    user = request.user
    team_id = rules.team_of(user)
    team = (
        Team.objects.select_related("site", "scorecard_champion__champion__profile")
        .filter(pk=team_id)
        .first()
    )
    championship = scorecard_selectors.championship_of(user)
    may_name = permissions.can(user, rules.SCORECARD_NAME_CHAMPION)
    teams_page = None
    if may_name:
        teams_page = Paginator(
            scorecard_selectors.teams_with_champions(), scorecard_selectors.TEAMS_PER_PAGE
        ).get_page(request.GET.get("page"))
    championship_meeting = (
        scorecard_selectors.open_meeting_of(championship.team_id) if championship else None
    )
    return render(
        request,
        "feedback/scorecards/index.html",
        {
            "team": team,
            "team_champion": getattr(team, "scorecard_champion", None) if team else None,
            "team_meeting": scorecard_selectors.open_meeting_of(team_id) if team_id else None,
            "outcomes": scorecard_selectors.outcomes_for_team(team_id) if team_id else [],
            "championship": championship,
            "championship_meeting": championship_meeting,
            "date_form": MeetingDateForm(
                initial={"meets_on": championship_meeting.meets_on}
                if championship_meeting
                else None
            ),
            "may_name": may_name,
            "page": teams_page,
        },
    )


@require_POST
def name_champion(request, team_id):
    team = get_object_or_404(Team, pk=team_id)
    permissions.require(request.user, rules.SCORECARD_NAME_CHAMPION, team)
    chosen = request.POST.get("champion", "")
    champion = (
        get_user_model().objects.select_related("profile").filter(pk=int(chosen)).first()
        if chosen.isdigit()
        else None
    )
    if champion is None:
        messages.error(request, _("Choose someone from the team."))
        return redirect("feedback:scorecards")
    try:
        scorecard_services.name_champion(actor=request.user, team=team, champion=champion)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is the scorecard champion for %(team)s and has been told.")
            % {"name": champion.profile.display_name, "team": team.name},
        )
    return redirect("feedback:scorecards")


@require_POST
def set_meeting_date(request):
    form = MeetingDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the meeting date."))
        return redirect("feedback:scorecards")
    try:
        meeting = scorecard_services.set_meeting_date(
            actor=request.user, meets_on=form.cleaned_data["meets_on"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("feedback:scorecards")
    messages.success(
        request,
        _("Your meeting is on %(date)s. Your team is told and can send you input.")
        % {"date": day_in_words(meeting.meets_on)},
    )
    return redirect(meeting)


def _meeting_or_404(request, pk):
    meeting = get_object_or_404(
        ScorecardMeeting.objects.select_related("team__site", "champion__profile"), pk=pk
    )
    permissions.require(request.user, rules.SCORECARD_VIEW_MEETING, meeting)
    return meeting


def _meeting_page(request, meeting, input_form=None, decision_form=None, status=200):
    user = request.user
    return render(
        request,
        "feedback/scorecards/meeting.html",
        {
            "meeting": meeting,
            "inputs": list(scorecard_selectors.inputs_visible_to(meeting, user)),
            "is_champion": meeting.champion_id == user.pk,
            "may_send": permissions.can(user, rules.SCORECARD_SEND_INPUT, meeting),
            "may_decide": permissions.can(user, rules.SCORECARD_DECIDE, meeting),
            "input_form": input_form or InputForm(),
            "decision_form": decision_form or DecisionForm(initial={"decision": meeting.decision}),
        },
        status=status,
    )


def meeting_detail(request, pk):
    return _meeting_page(request, _meeting_or_404(request, pk))


@require_POST
def send_input(request, pk):
    meeting = _meeting_or_404(request, pk)
    form = InputForm(request.POST)
    if form.is_valid():
        try:
            scorecard_services.send_input(
                actor=request.user, meeting=meeting, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Sent to %(name)s. Only the two of you can read it.")
                % {"name": meeting.champion.profile.display_name},
            )
            return redirect(meeting)
    return _meeting_page(request, meeting, input_form=form, status=400)


@require_POST
def decide(request, pk):
    meeting = _meeting_or_404(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            scorecard_services.record_decision(
                actor=request.user, meeting=meeting, decision=form.cleaned_data["decision"]
            )
            if request.POST.get("publish"):
                scorecard_services.publish_outcome(actor=request.user, meeting=meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.POST.get("publish"):
                messages.success(request, _("The outcome is published and your team is told."))
            else:
                messages.success(request, _("The decision is saved. Publish it when it is final."))
            return redirect(meeting)
    return _meeting_page(request, meeting, decision_form=form, status=400)
