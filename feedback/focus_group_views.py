from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from feedback import focus_group_selectors, focus_group_services, rules
from feedback.focus_group_forms import FocusGroupForm, InviteForm, NotesForm
from feedback.models import FocusGroup, FocusGroupInvitation, FocusGroupTheme
from feedback.qanda_services import resolve_invitees
from feedback.straight_talk_selectors import raised_from
from feedback.straight_talk_views import raise_from
from portal import permissions
from portal.forms import add_service_error


def _group_or_404(request, pk):
    group = get_object_or_404(FocusGroup.objects.select_related("organiser__profile"), pk=pk)
    permissions.require(request.user, rules.FOCUS_GROUP_VIEW, group)
    return group


def index(request):
    permissions.require(request.user, rules.FOCUS_GROUPS_VIEW)
    groups = focus_group_selectors.groups_for(request.user)
    page = Paginator(groups, focus_group_selectors.GROUPS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "feedback/focus_groups/index.html",
        {
            "page": page,
            "now": timezone.now(),
            "may_manage": permissions.can(request.user, rules.FOCUS_GROUPS_MANAGE),
            "may_see_hot_topics": permissions.can(request.user, rules.FOCUS_GROUP_HOT_TOPICS),
        },
    )


def new_group(request):
    permissions.require(request.user, rules.FOCUS_GROUPS_MANAGE)
    form = FocusGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = focus_group_services.create_group(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The group is scheduled. Check the proposed invitees and send the invitations."),
            )
            return redirect(group)
    return render(request, "feedback/focus_groups/group_form.html", {"form": form})


def edit_group(request, pk):
    group = _group_or_404(request, pk)
    permissions.require(request.user, rules.FOCUS_GROUP_EDIT, group)
    if group.meets_at <= timezone.now():
        messages.error(request, _("This group has already met, so it can no longer be changed."))
        return redirect(group)
    form = FocusGroupForm(
        request.POST or None,
        initial={
            "topic": group.topic,
            "meets_at": timezone.localtime(group.meets_at),
            "place": group.place,
            "size": group.size,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated, told, organiser_told = focus_group_services.update_group(
                actor=request.user, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _updated_message(group, told, organiser_told))
            return redirect(updated)
    return render(request, "feedback/focus_groups/group_edit.html", {"group": group, "form": form})


def _updated_message(group, told, organiser_told):
    """Who was told of the change, so the manager does not tell them again."""
    organiser = group.organiser.profile.display_name
    if told and organiser_told:
        return ngettext(
            "The group is updated; %(count)s person invited and the organiser, %(organiser)s, "
            "have been told.",
            "The group is updated; %(count)s people invited and the organiser, %(organiser)s, "
            "have been told.",
            told,
        ) % {"count": told, "organiser": organiser}
    if organiser_told:
        return _("The group is updated; the organiser, %(organiser)s, has been told.") % {
            "organiser": organiser
        }
    if told:
        return ngettext(
            "The group is updated; %(count)s person invited has been told.",
            "The group is updated; %(count)s people invited have been told.",
            told,
        ) % {"count": told}
    return _("The group is updated.")


def _detail(request, group, invite_form=None, status=200):
    user = request.user
    has_met = group.meets_at <= timezone.now()
    may_invite = permissions.can(user, rules.FOCUS_GROUP_INVITE, group) and not has_met
    proposal = focus_group_selectors.propose_invitees(group) if may_invite else []
    my_invitation = group.invitations.filter(person=user).first()
    invite_form = invite_form or InviteForm(proposal=proposal)
    themes = list(focus_group_selectors.themes_of(group))
    raised = raised_from(FocusGroupTheme, [theme.pk for theme in themes])
    for theme in themes:
        theme.straight_talk = raised.get(theme.pk, [])
    if invite_form.is_bound:
        checked = {int(v) for v in invite_form.data.getlist("people") if v.isdigit()}
    else:
        checked = {person.pk for person in proposal}
    may_see_answers = permissions.can(user, rules.FOCUS_GROUP_SEE_ANSWERS, group)
    return render(
        request,
        "feedback/focus_groups/group.html",
        {
            "group": group,
            "may_see_answers": may_see_answers,
            "invitations": (
                list(focus_group_selectors.invitations_of(group)) if may_see_answers else []
            ),
            "coming_count": (0 if may_see_answers else focus_group_selectors.coming_count(group)),
            "themes": themes,
            "may_raise": permissions.can(user, rules.RAISE_STRAIGHT_TALK),
            "has_met": has_met,
            "may_invite": may_invite,
            "may_edit": permissions.can(user, rules.FOCUS_GROUP_EDIT, group) and not has_met,
            "may_record_notes": permissions.can(user, rules.FOCUS_GROUP_RECORD_NOTES, group),
            "proposal": proposal,
            "seats_left": focus_group_selectors.seats_left(group) if may_invite else 0,
            "invite_form": invite_form,
            "checked": checked,
            "my_invitation": my_invitation,
        },
        status=status,
    )


def group_detail(request, pk):
    return _detail(request, _group_or_404(request, pk))


@require_POST
def invite(request, pk):
    group = _group_or_404(request, pk)
    permissions.require(request.user, rules.FOCUS_GROUP_INVITE, group)
    proposal = focus_group_selectors.propose_invitees(group)
    form = InviteForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            chosen = [person for person in proposal if person.pk in form.cleaned_data["people"]]
            by_email = (
                resolve_invitees(form.cleaned_data["extra_emails"])
                if form.cleaned_data["extra_emails"]
                else []
            )
            if not chosen and not by_email:
                nobody = (
                    _("Tick at least one person, or add someone by email.")
                    if proposal
                    else _("Add someone by email: nobody is proposed.")
                )
                raise ValidationError({"extra_emails": nobody})
            count = focus_group_services.invite(
                actor=request.user, group=group, people=chosen, beyond_size=by_email
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(count)s people invited. You will be told as they answer.") % {"count": count},
            )
            return redirect(group)
    # The page comes back at the form's address, opened at its top: the box takes the
    # cursor so the error beside it is where the person is.
    form.fields["extra_emails"].widget.attrs["autofocus"] = True
    return _detail(request, group, invite_form=form, status=400)


@require_POST
def uninvite(request, pk):
    invitation = get_object_or_404(
        FocusGroupInvitation.objects.select_related("group", "person__profile"), pk=pk
    )
    try:
        focus_group_services.uninvite(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is off the list.") % {"name": invitation.person.profile.display_name},
        )
    return redirect(invitation.group)


@require_POST
def respond(request, pk):
    """Answer an invitation from the group's page or from Home's panel (``back=home``).

    From Home the person stays there: htmx gets the panel's item with the confirmation
    in place of the buttons, a plain form goes back to Home with a message.
    """
    invitation = get_object_or_404(FocusGroupInvitation.objects.select_related("group"), pk=pk)
    accept = request.POST.get("answer") == "accept"
    from_home = request.POST.get("back") == "home"
    answered = refused = ""
    try:
        focus_group_services.respond(actor=request.user, invitation=invitation, accept=accept)
    except ValidationError as error:
        refused = " ".join(error.messages)
    else:
        answered = (
            _("Thanks: the organiser knows you are coming.")
            if accept
            else _("Thanks: the organiser knows you cannot come.")
        )
    if from_home and request.htmx:
        return render(
            request,
            "feedback/home/_invitations.html#focus_group_invitation",
            {"invitation": invitation, "answered": answered, "answer_refused": refused},
        )
    if answered:
        messages.success(request, answered)
    else:
        messages.error(request, refused)
    return redirect("home" if from_home else invitation.group)


def notes(request, pk):
    group = _group_or_404(request, pk)
    permissions.require(request.user, rules.FOCUS_GROUP_RECORD_NOTES, group)
    initial = {
        "notes": group.notes,
        "themes": "\n".join(theme.name for theme in focus_group_selectors.themes_of(group)),
    }
    form = NotesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            focus_group_services.record_notes(
                actor=request.user,
                group=group,
                notes=form.cleaned_data["notes"],
                themes=focus_group_services.split_themes(form.cleaned_data["themes"]),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The notes and themes are saved."))
            return redirect(group)
    return render(request, "feedback/focus_groups/notes_form.html", {"group": group, "form": form})


def hot_topics(request):
    permissions.require(request.user, rules.FOCUS_GROUP_HOT_TOPICS)
    period = "month" if request.GET.get("by") == "month" else "week"
    starts, rows = focus_group_selectors.hot_topics(
        period=period, count=8 if period == "week" else 6
    )
    return render(
        request,
        "feedback/focus_groups/hot_topics.html",
        {
            "period": period,
            "starts": starts,
            "rows": rows,
            "may_raise": permissions.can(request.user, rules.RAISE_STRAIGHT_TALK),
        },
    )


def raise_from_theme(request, pk):
    theme = get_object_or_404(FocusGroupTheme.objects.select_related("group"), pk=pk)
    permissions.require(request.user, rules.FOCUS_GROUP_VIEW, theme.group)
    return raise_from(
        request,
        origin=theme,
        initial={
            "title": theme.name,
            "question": _("“%(theme)s” came up in the focus group on “%(topic)s”.")
            % {"theme": theme.name, "topic": theme.group.topic},
        },
        back_url=theme.group.get_absolute_url(),
        back_label=theme.group.topic,
        intro=_(
            "Put this theme up for a straight answer for everyone. It links back to the "
            "focus group; colleagues can add “me too”, and everyone who asked is told "
            "when you answer."
        ),
    )
