from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import milestones, permissions, selectors, services
from portal.forms import (
    AdminProfileForm,
    DirectoryFilterForm,
    PhotoForm,
    ProfileForm,
    add_service_error,
)
from portal.middleware import SESSION_LANGUAGE_KEY, remember_language, remember_time_zone
from portal.models import Profile


def directory(request):
    permissions.require(request.user, permissions.VIEW_PEOPLE)
    filters = DirectoryFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    people = selectors.directory(
        search=criteria.get("q") or "",
        site_id=criteria["site"].pk if criteria.get("site") else None,
        team_id=criteria["team"].pk if criteria.get("team") else None,
        role=criteria.get("role") or "",
    )
    page = Paginator(people, settings.PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(criteria.values()) if criteria else False,
    }
    template = "portal/people/directory.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def detail(request, pk):
    permissions.require(request.user, permissions.VIEW_PEOPLE)
    try:
        profile = selectors.person(pk=pk)
    except Profile.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "portal/people/detail.html",
        {
            "person": profile,
            "may_edit": permissions.can(request.user, permissions.EDIT_PROFILE, profile),
            "is_me": profile.pk == request.user.pk,
            "wishes": milestones.wishes_for(profile.user),
            "wishable": milestones.wishable_milestones(viewer=request.user, person=profile.user),
        },
    )


def edit_own(request):
    return redirect("people:edit", pk=request.user.pk)


def edit(request, pk):
    profile = get_object_or_404(Profile.objects.select_related("user"), pk=pk)
    permissions.require(request.user, permissions.EDIT_PROFILE, profile)
    as_admin = permissions.can(request.user, permissions.MANAGE_PEOPLE)
    form_class = AdminProfileForm if as_admin else ProfileForm
    form = form_class(request.POST or None, instance=Profile.objects.get(pk=profile.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form_class.Meta.fields}
        try:
            # One transaction: a refused role change must not leave the profile half saved.
            with transaction.atomic():
                services.update_profile(actor=request.user, profile=profile, **changes)
                if as_admin and form.cleaned_data["role"] != profile.user.role:
                    services.set_role(
                        actor=request.user, user=profile.user, role=form.cleaned_data["role"]
                    )
        except ValidationError as error:
            # The service may have changed the object before refusing; show what is stored.
            profile.refresh_from_db()
            add_service_error(form, error)
        else:
            if profile.pk == request.user.pk:
                remember_time_zone(request, request.user)
                remember_language(request, request.user)
            # Said in the language of the next page, which may just have changed.
            own = request.session.get(SESSION_LANGUAGE_KEY)
            with translation.override(own or translation.get_language()):
                messages.success(request, _("Profile saved."))
            return redirect(profile)
    return render(
        request,
        "portal/people/edit.html",
        {
            "person": profile,
            "form": form,
            "photo_form": PhotoForm(),
            "as_admin": as_admin,
        },
    )


@require_POST
def photo(request, pk):
    profile = get_object_or_404(Profile.objects.select_related("user"), pk=pk)
    permissions.require(request.user, permissions.EDIT_PROFILE, profile)
    if "remove" in request.POST:
        services.remove_profile_photo(actor=request.user, profile=profile)
        messages.success(request, _("Photo removed."))
        return redirect("people:edit", pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        services.set_profile_photo(
            actor=request.user, profile=profile, photo=form.cleaned_data["photo"]
        )
        messages.success(request, _("Photo updated."))
        return redirect("people:edit", pk=pk)
    for error in form.errors.get("photo", []):
        messages.error(request, error)
    return redirect("people:edit", pk=pk)
