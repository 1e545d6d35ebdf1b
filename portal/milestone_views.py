from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import milestones, permissions
from portal.forms import MilestoneSettingForm, WishForm, add_service_error
from portal.models import Milestone, MilestoneKind


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@require_POST
def dismiss(request, pk):
    milestones.dismiss(viewer=request.user, milestone_id=pk)
    if request.headers.get("X-Requested-With") == "fetch" or request.htmx:
        return HttpResponse(status=204)
    return _back(request, "home")


@require_POST
def dismiss_team(request):
    milestones.dismiss_team(viewer=request.user)
    if request.headers.get("X-Requested-With") == "fetch" or request.htmx:
        return HttpResponse(status=204)
    return _back(request, "home")


@require_POST
def wish(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("person__profile"), pk=pk)
    form = WishForm(request.POST)
    profile_url = milestone.person.profile.get_absolute_url()
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, error)
        return _back(request, profile_url)
    try:
        milestones.send_wish(
            sender=request.user, milestone=milestone, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your wishes are on %(name)s's profile.") % {"name": milestone.person.profile},
        )
    return _back(request, profile_url)


def settings_page(request):
    permissions.require(
        request.user,
        milestones.MANAGE_MILESTONES,
        message=_("Only administrators change the milestone pop-ups."),
    )
    current = milestones.kind_settings()
    submitted = request.POST.get("kind") if request.method == "POST" else None
    forms = []
    for kind in MilestoneKind.values:
        setting = current[kind]
        data = request.POST if kind == submitted else None
        forms.append(MilestoneSettingForm(data, instance=setting, prefix=kind))
    if submitted in MilestoneKind.values:
        form = forms[MilestoneKind.values.index(submitted)]
        if form.is_valid():
            try:
                milestones.update_setting(actor=request.user, kind=submitted, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Saved the pop-ups for “%(kind)s”.")
                    % {"kind": MilestoneKind(submitted).label},
                )
                return redirect("milestones:settings")
    elif request.method == "POST":
        messages.error(request, _("Choose a kind of milestone."))
    return render(
        request,
        "portal/milestones/settings.html",
        {"forms": forms, "placeholders": milestones.PLACEHOLDERS},
    )
