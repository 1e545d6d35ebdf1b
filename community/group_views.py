from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import group_selectors, group_services, icalendar, rules
from community import selectors as feed_selectors
from community import services as feed_services
from community.calendar_views import calendar_response
from community.group_forms import (
    EventForm,
    GroupForm,
    GroupPostForm,
    NewGroupForm,
    RepresentativeForm,
    event_initial,
)
from community.models import CauseGroup, GroupEvent
from community.views import reaction_done
from portal import permissions
from portal.forms import add_service_error
from portal.models import User


def _group_or_404(user, slug):
    permissions.require(user, rules.VIEW_GROUPS)
    try:
        return group_selectors.group_for(user, slug)
    except CauseGroup.DoesNotExist:
        raise Http404 from None


def _event_or_404(user, group, pk):
    try:
        return group_selectors.event_for(user, group, pk)
    except GroupEvent.DoesNotExist:
        raise Http404 from None


def group_list(request):
    permissions.require(request.user, rules.VIEW_GROUPS)
    return render(
        request,
        "community/groups/list.html",
        {
            "groups": group_selectors.groups_for(request.user),
            "may_create": permissions.can(request.user, rules.CREATE_GROUP),
        },
    )


def new_group(request):
    permissions.require(
        request.user, rules.CREATE_GROUP, None, _("Only administrators create cause groups.")
    )
    form = NewGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = group_services.create_group(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s is open for members.") % {"name": group.name})
            return redirect(group)
    return render(
        request,
        "community/groups/form.html",
        {"form": form, "group": None},
        status=400 if form.errors else 200,
    )


def _group_page(request, group, *, post_form=None, status=200):
    user = request.user
    feed = feed_selectors.feed_for(user, section=group.section, limit=10)
    # As on the feed: what is shown counts as seen, the "New" marker shows this once.
    feed_services.mark_seen(user=user, posts=feed.posts)
    context = {
        "group": group,
        "events": group_selectors.upcoming_events(group, user)[:5],
        "feed": feed,
        "may_edit": permissions.can(user, rules.EDIT_GROUP, group),
        "may_manage_events": permissions.can(user, rules.MANAGE_GROUP_EVENTS, group),
        "may_post": permissions.can(user, rules.POST_IN_GROUP, group),
        "may_name": permissions.can(user, rules.NAME_REPRESENTATIVES, group),
        "post_form": post_form or GroupPostForm(),
        "reaction_done": reaction_done(request, feed.posts),
    }
    if context["may_name"]:
        context["representative_form"] = RepresentativeForm(
            members=group_selectors.members_to_name(group)
        )
    return render(request, "community/groups/detail.html", context, status=status)


def group_detail(request, slug):
    return _group_page(request, _group_or_404(request.user, slug))


def edit_group(request, slug):
    group = _group_or_404(request.user, slug)
    permissions.require(
        request.user, rules.EDIT_GROUP, group, _("Only the group's representatives edit it.")
    )
    initial = {"summary": group.summary, "description": group.description, "icon": group.icon}
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group_services.edit_group(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Group saved."))
            return redirect(group)
    return render(
        request,
        "community/groups/form.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )


@require_POST
def join(request, slug):
    group = _group_or_404(request.user, slug)
    _membership, created = group_services.join_group(user=request.user, group=group)
    if created:
        messages.success(request, _("Welcome to %(name)s!") % {"name": group.name})
    else:
        messages.info(request, _("You are already a member of %(name)s.") % {"name": group.name})
    return redirect(group)


@require_POST
def leave(request, slug):
    group = _group_or_404(request.user, slug)
    try:
        left = group_services.leave_group(user=request.user, group=group)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if left:
            messages.success(request, _("You have left %(name)s.") % {"name": group.name})
        else:
            messages.info(request, _("You were not a member of %(name)s.") % {"name": group.name})
    return redirect(group)


@require_POST
def representatives(request, slug):
    group = _group_or_404(request.user, slug)
    permissions.require(
        request.user,
        rules.NAME_REPRESENTATIVES,
        group,
        _("Only administrators name a group's representatives."),
    )
    if stand_down := request.POST.get("stand_down"):
        person = User.objects.filter(pk=stand_down if stand_down.isdigit() else None).first()
        if person is None:
            raise Http404
        group_services.set_representative(
            actor=request.user, group=group, person=person, is_representative=False
        )
        messages.success(request, _("%(name)s is no longer a representative.") % {"name": person})
        return redirect(group)
    form = RepresentativeForm(request.POST, members=group_selectors.members_to_name(group))
    if not form.is_valid():
        messages.error(request, _("Choose a member of the group."))
        return redirect(group)
    person = form.cleaned_data["membership"].user
    try:
        group_services.set_representative(
            actor=request.user, group=group, person=person, is_representative=True
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is now a representative.") % {"name": person})
    return redirect(group)


@require_POST
def post(request, slug):
    group = _group_or_404(request.user, slug)
    form = GroupPostForm(request.POST)
    if form.is_valid():
        try:
            group_services.post_in_group(author=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Posted to %(name)s.") % {"name": group.name})
            return redirect(group)
    return _group_page(request, group, post_form=form, status=400)


def event_list(request, slug):
    group = _group_or_404(request.user, slug)
    past = request.GET.get("past") == "1"
    select = group_selectors.past_events if past else group_selectors.upcoming_events
    page = Paginator(select(group, request.user), group_selectors.EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community/groups/events.html",
        {
            "group": group,
            "page": page,
            "past": past,
            "query": "past=1" if past else "",
            "may_manage_events": permissions.can(request.user, rules.MANAGE_GROUP_EVENTS, group),
        },
    )


def _default_time_zone(user):
    profile = getattr(user, "profile", None)
    return profile.site.time_zone if profile and profile.site_id else "UTC"


def new_event(request, slug):
    group = _group_or_404(request.user, slug)
    permissions.require(
        request.user,
        rules.MANAGE_GROUP_EVENTS,
        group,
        _("Only the group's representatives arrange its events."),
    )
    form = EventForm(request.POST or None, initial={"time_zone": _default_time_zone(request.user)})
    if request.method == "POST" and form.is_valid():
        try:
            event = group_services.create_event(
                actor=request.user, group=group, **form.event_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Event added. Members see it on the group's page."))
            return redirect(event)
    return render(
        request,
        "community/groups/event_form.html",
        {"form": form, "group": group, "event": None},
        status=400 if form.errors else 200,
    )


def edit_event(request, slug, pk):
    group = _group_or_404(request.user, slug)
    event = _event_or_404(request.user, group, pk)
    permissions.require(
        request.user,
        rules.MANAGE_GROUP_EVENTS,
        group,
        _("Only the group's representatives arrange its events."),
    )
    form = EventForm(request.POST or None, initial=event_initial(event))
    if request.method == "POST" and form.is_valid():
        try:
            group_services.edit_event(actor=request.user, event=event, **form.event_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Event saved. Calendars pick up the change."))
            return redirect(event)
    return render(
        request,
        "community/groups/event_form.html",
        {"form": form, "group": group, "event": event},
        status=400 if form.errors else 200,
    )


def event_detail(request, slug, pk):
    group = _group_or_404(request.user, slug)
    event = _event_or_404(request.user, group, pk)
    return render(
        request,
        "community/groups/event.html",
        {
            "group": group,
            "event": event,
            "may_manage_events": permissions.can(request.user, rules.MANAGE_GROUP_EVENTS, group),
        },
    )


@require_POST
def cancel_event(request, slug, pk):
    group = _group_or_404(request.user, slug)
    event = _event_or_404(request.user, group, pk)
    group_services.cancel_event(actor=request.user, event=event)
    messages.success(
        request,
        _("“%(title)s” is called off. Calendars drop it at their next refresh.")
        % {"title": event.title},
    )
    return redirect(event)


@require_POST
def rsvp(request, slug, pk):
    group = _group_or_404(request.user, slug)
    event = _event_or_404(request.user, group, pk)
    try:
        row = group_services.rsvp(
            user=request.user, event=event, answer=request.POST.get("answer", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if row.answer == row.Answer.GOING:
            messages.success(request, _("See you there! Add it to your calendar below."))
        else:
            messages.success(request, _("Thanks for letting the organisers know."))
    return redirect(event)


def event_calendar(request, slug, pk):
    group = _group_or_404(request.user, slug)
    event = _event_or_404(request.user, group, pk)
    text = icalendar.calendar([event], name=group.name)
    return calendar_response(text, f"{group.slug}-{event.pk}.ics")


def group_calendar(request, slug):
    group = _group_or_404(request.user, slug)
    text = icalendar.calendar(group_selectors.calendar_events(group), name=group.name)
    return calendar_response(text, f"{group.slug}.ics")
