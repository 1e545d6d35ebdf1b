from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import project_selectors, project_services, rules
from community.models import NEW_STARTER_WEEKS, NewStarterProject, ProjectAssignment
from community.project_forms import BuddyForm, EditProjectForm, FinishForm, ProjectForm, UpdateForm
from portal import permissions
from portal.forms import add_service_error
from portal.models import User


def _project_or_404(pk):
    try:
        return project_selectors.project_for(pk)
    except NewStarterProject.DoesNotExist:
        raise Http404 from None


def _assignment_or_404(pk):
    return get_object_or_404(
        ProjectAssignment.objects.select_related("project__owner", "starter__profile", "buddy"),
        pk=pk,
    )


def project_list(request):
    permissions.require(request.user, rules.VIEW_PROJECTS)
    show = request.GET.get("show", project_selectors.OPEN)
    if show not in {project_selectors.OPEN, project_selectors.ALL}:
        show = project_selectors.OPEN
    rows = project_selectors.projects(show=show)
    page = Paginator(rows, project_selectors.PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/projects/list.html",
        {
            "page": page,
            "show": show,
            "query": urlencode({"show": show}),
            "is_new_starter": rules.is_new_starter(request.user),
            "new_starter_weeks": NEW_STARTER_WEEKS,
            "may_create": permissions.can(request.user, rules.CREATE_PROJECT),
            "mine": project_selectors.active_assignment_of(request.user),
        },
    )


def new_project(request):
    permissions.require(
        request.user,
        rules.CREATE_PROJECT,
        None,
        _("Team leaders and managers keep the project list."),
    )
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_services.create_project(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Project added. New starters see it in the list now."))
            return redirect(project)
    return render(
        request,
        "community/projects/form.html",
        {"form": form, "project": None},
        status=400 if form.errors else 200,
    )


def edit_project(request, pk):
    project = _project_or_404(pk)
    permissions.require(
        request.user,
        rules.EDIT_PROJECT,
        project,
        _("Only the project's owner or a manager edits it."),
    )
    initial = {
        "title": project.title,
        "description": project.description,
        "impact": project.impact,
        "capacity": project.capacity,
        "is_open": project.is_open,
    }
    form = EditProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project_services.edit_project(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect(project)
    return render(
        request,
        "community/projects/form.html",
        {"form": form, "project": project},
        status=400 if form.errors else 200,
    )


def _project_page(request, project, *, failed_update=(None, None), status=200):
    """The project page; ``failed_update`` is (assignment id, form) to show back with errors."""
    user = request.user
    assignments = list(project.assignments.all())
    for assignment in assignments:
        assignment.project = project
        assignment.may_update = permissions.can(user, rules.POST_PROJECT_UPDATE, assignment)
        assignment.may_finish = permissions.can(user, rules.FINISH_PROJECT, assignment)
        # One form per starter on the page, each with its own field ids.
        assignment.update_form = (
            failed_update[1]
            if failed_update[0] == assignment.pk
            else UpdateForm(auto_id=f"id_update_{assignment.pk}_%s")
        )
        if permissions.can(user, rules.ASSIGN_BUDDY, assignment):
            assignment.buddy_form = BuddyForm(
                candidates=project_services.possible_buddies(assignment.starter),
                initial={"buddy": assignment.buddy_id},
                prefix=f"buddy-{assignment.pk}",
            )
    # A starter works on one project at a time; point them to it instead of a button
    # that can only fail.
    project_on_the_go = (
        ProjectAssignment.objects.filter(starter=user, state=ProjectAssignment.State.ACTIVE)
        .exclude(project=project)
        .select_related("project")
        .first()
    )
    context = {
        "project": project,
        "project_on_the_go": project_on_the_go,
        "active": [a for a in assignments if a.is_active],
        "finished": [a for a in assignments if a.state == ProjectAssignment.State.FINISHED],
        "may_edit": permissions.can(user, rules.EDIT_PROJECT, project),
        "may_take": permissions.can(user, rules.TAKE_PROJECT, project)
        and project.active_count < project.capacity
        and not any(a.starter_id == user.pk for a in assignments)
        and project_on_the_go is None,
        "is_new_starter": rules.is_new_starter(user),
    }
    return render(request, "community/projects/detail.html", context, status=status)


def project_detail(request, pk):
    permissions.require(request.user, rules.VIEW_PROJECTS)
    return _project_page(request, _project_or_404(pk))


@require_POST
def take(request, pk):
    project = get_object_or_404(NewStarterProject.objects.select_related("owner"), pk=pk)
    try:
        assignment = project_services.take_project(starter=request.user, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if assignment.buddy_id:
            messages.success(
                request,
                _("It's yours. %(buddy)s is your buddy: ask them anything.")
                % {"buddy": assignment.buddy.profile.display_name},
            )
        else:
            messages.success(request, _("It's yours. The project's owner will find you a buddy."))
    return redirect(project)


@require_POST
def choose_buddy(request, pk):
    assignment = _assignment_or_404(pk)
    permissions.require(
        request.user,
        rules.ASSIGN_BUDDY,
        assignment,
        _("Only the project's owner or a manager chooses the buddy."),
    )
    form = BuddyForm(
        request.POST,
        candidates=User.objects.filter(is_active=True).select_related("profile"),
        prefix=f"buddy-{assignment.pk}",
    )
    if not form.is_valid():
        messages.error(request, _("Choose a buddy from the list."))
        return redirect(assignment.project)
    try:
        project_services.assign_buddy(
            actor=request.user, assignment=assignment, buddy=form.cleaned_data["buddy"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(buddy)s is now the buddy; they have been told.")
            % {"buddy": form.cleaned_data["buddy"].profile.display_name},
        )
    return redirect(assignment.project)


@require_POST
def post_update(request, pk):
    assignment = _assignment_or_404(pk)
    form = UpdateForm(request.POST, auto_id=f"id_update_{assignment.pk}_%s")
    if form.is_valid():
        try:
            project_services.post_update(
                author=request.user, assignment=assignment, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Update posted."))
            return redirect(assignment.project)
    return _project_page(
        request,
        _project_or_404(assignment.project_id),
        failed_update=(assignment.pk, form),
        status=400,
    )


def finish(request, pk):
    assignment = _assignment_or_404(pk)
    permissions.require(
        request.user,
        rules.FINISH_PROJECT,
        assignment,
        _("Only the new starter finishes their project."),
    )
    form = FinishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = project_services.finish_project(
                starter=request.user, assignment=assignment, write_up=form.cleaned_data["write_up"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Well done! Your write-up is in the New starters section of the feed.")
            )
            return redirect(assignment.post)
    return render(
        request,
        "community/projects/finish.html",
        {"form": form, "assignment": assignment, "project": assignment.project},
        status=400 if form.errors else 200,
    )


@require_POST
def drop(request, pk):
    assignment = _assignment_or_404(pk)
    try:
        project_services.drop_project(starter=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have left the project. Pick another when you are ready."))
    return redirect("projects:list")
