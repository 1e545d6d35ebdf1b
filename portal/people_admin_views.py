"""Administrator pages for people: add one, manage everyone, import from a CSV file."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal import languages, people_import, permissions, selectors, services
from portal.forms import DAY_CHOICES, MONTH_CHOICES, BootstrapFormMixin, add_service_error
from portal.models import Department, PeopleImport, Role, Site, Team

User = get_user_model()
PREVIEW_ROWS_PER_PAGE = 100
CLOSED_IMPORT_TEMPLATES = {
    PeopleImport.Status.APPLIED: "portal/people/import_result.html",
    PeopleImport.Status.NOTHING_TO_IMPORT: "portal/people/import_nothing.html",
}

manage_people_required = permissions.permission_required(
    permissions.MANAGE_PEOPLE,
    message=gettext_lazy(
        "Only administrators add, invite and deactivate people. If someone needs adding or "
        "changing, ask an administrator."
    ),
)
import_people_required = permissions.permission_required(
    permissions.MANAGE_PEOPLE,
    message=gettext_lazy(
        "Only administrators can import people. Ask an administrator to import your file "
        "or to add the people for you."
    ),
)


# Forms ---------------------------------------------------------------------------


class AddPersonForm(BootstrapFormMixin, forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"))
    display_name = forms.CharField(label=gettext_lazy("Display name"), max_length=120)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices, initial=Role.AGENT)
    job_title = forms.CharField(label=gettext_lazy("Job title"), max_length=120, required=False)
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"), queryset=Site.objects.all(), required=False
    )
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"), queryset=Team.objects.select_related("site"), required=False
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=Department.objects.all(), required=False
    )
    start_date = forms.DateField(
        label=gettext_lazy("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    birthday_day = forms.TypedChoiceField(
        label=gettext_lazy("Birthday day"),
        choices=DAY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    birthday_month = forms.TypedChoiceField(
        label=gettext_lazy("Birthday month"),
        choices=MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language for pages and email"),
        choices=languages.CHOICES,
        required=False,
        help_text=gettext_lazy("The invitation is written in it, too."),
    )
    send_invitation = forms.BooleanField(
        label=gettext_lazy("Send the invitation now"),
        required=False,
        initial=True,
        help_text=gettext_lazy("They get an email with a link to choose a password."),
    )


class ManageFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or email"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("Everyone")),
            ("invited", gettext_lazy("Invited, not yet signed in")),
            ("active", gettext_lazy("Active")),
            ("deactivated", gettext_lazy("Deactivated")),
        ],
    )


def _refused_message(filename):
    return _("“%(name)s” was not imported. Correct the file and choose it again.") % {
        "name": filename
    }


class ImportUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Saved as CSV UTF-8, with a header row. Nothing changes until you confirm."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.text = people_import.read_upload(upload)
        return upload

    @property
    def refused_message(self):
        """Which file was refused, since the browser empties the picker after a refusal."""
        upload = self.files.get("file")
        return _refused_message(upload.name) if upload is not None and self.errors else ""


# Adding and managing people --------------------------------------------------------


@manage_people_required
def add(request):
    form = AddPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        invite = data.pop("send_invitation")
        try:
            user = services.create_person(actor=request.user, invite=invite, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if invite:
                messages.success(
                    request, _("Invitation on its way to %(email)s.") % {"email": user.email}
                )
            else:
                messages.success(
                    request,
                    _("%(name)s was added. Send the invitation from Manage people when ready.")
                    % {"name": user.profile.display_name},
                )
            return redirect("people:detail", pk=user.pk)
    return render(request, "portal/people/add.html", {"form": form})


@manage_people_required
def manage(request):
    filters = ManageFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    people = selectors.people_to_manage(
        search=criteria.get("q") or "", status=criteria.get("status") or ""
    )
    page = Paginator(people, settings.PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/people/manage.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(criteria.values()) if criteria else False,
            "next_query": "?" + urlencode({"next": request.get_full_path()}),
        },
    )


def _back_to_manage(request):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("people:manage")


def _person_action(request, pk, action, success_message):
    person = get_object_or_404(User.objects.select_related("profile"), pk=pk)
    try:
        action(actor=request.user, user=person)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success_message % {"person": person})
    return _back_to_manage(request)


@require_POST
@manage_people_required
def invite(request, pk):
    return _person_action(
        request, pk, services.invite_person, _("Invitation on its way to %(person)s.")
    )


@require_POST
@manage_people_required
def deactivate(request, pk):
    return _person_action(
        request,
        pk,
        services.deactivate_person,
        _("%(person)s is deactivated and can no longer sign in."),
    )


@require_POST
@manage_people_required
def reactivate(request, pk):
    return _person_action(
        request, pk, services.reactivate_person, _("%(person)s can sign in again.")
    )


# Importing from a CSV file ----------------------------------------------------------


@import_people_required
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = people_import.upload_import(
            actor=request.user, filename=form.cleaned_data["file"].name, text=form.text
        )
        return redirect("people:import_preview", pk=upload.pk)
    recent = PeopleImport.objects.defer("content").select_related("uploaded_by__profile")[:10]
    return render(
        request,
        "portal/people/import.html",
        {
            "form": form,
            "recent": recent,
            "columns": people_import.REQUIRED_COLUMNS,
            "optional_columns": people_import.OPTIONAL_COLUMNS,
            "languages": settings.LANGUAGES,
            "default_language": languages.name(settings.LANGUAGE_CODE),
            "max_megabytes": settings.PEOPLE_IMPORT_MAX_BYTES // (1024 * 1024),
        },
    )


@require_GET
@import_people_required
def import_template(request):
    response = HttpResponse(people_import.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people-template.csv"'
    return response


@require_GET
@import_people_required
def import_preview(request, pk):
    upload = get_object_or_404(PeopleImport.objects.select_related("uploaded_by__profile"), pk=pk)
    if upload.status != PeopleImport.Status.PENDING:
        # A closed import shows what it found then, not what the file would do today.
        skipped = Paginator(upload.summary.get("skipped", []), PREVIEW_ROWS_PER_PAGE)
        return render(
            request,
            CLOSED_IMPORT_TEMPLATES[upload.status],
            {"upload": upload, "skipped": skipped.get_page(request.GET.get("page"))},
        )
    try:
        plan = people_import.plan_import(upload.content, actor=request.user)
    except ValidationError as error:
        # Only a file kept from before the import grew stricter can fail here: uploading
        # runs the same checks. Send the administrator to upload a corrected file.
        return _refuse_kept_file(request, upload, error)
    show = request.GET.get("show")
    rows = plan.of(show) if show in people_import.OUTCOMES else plan.rows
    page = Paginator(rows, PREVIEW_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/people/import_preview.html",
        {
            "upload": upload,
            "counts": plan.counts,
            "to_apply": plan.to_apply,
            "show": show if show in people_import.OUTCOMES else "",
            "page": page,
            "query": query.urlencode(),
        },
    )


@require_POST
@import_people_required
def import_apply(request, pk):
    upload = get_object_or_404(PeopleImport.objects.defer("content"), pk=pk)
    try:
        upload, applied = people_import.apply_import(actor=request.user, people_import=upload)
    except ValidationError as error:
        if any(problem.code == "conflict" for problem in error.error_list):
            for message in error.messages:
                messages.error(request, message)
            return redirect("people:import_preview", pk=pk)
        # The kept file itself is refused (see import_preview): only a corrected upload helps.
        return _refuse_kept_file(request, upload, error)
    if applied:
        summary = upload.summary
        messages.success(
            request,
            _("Import finished: %(created)s added, %(updated)s updated.")
            % {"created": summary["created"], "updated": summary["updated"]},
        )
    elif upload.status == PeopleImport.Status.NOTHING_TO_IMPORT:
        messages.error(
            request,
            _(
                "Nothing was imported: every row of “%(name)s” has a problem. Correct the "
                "file and upload it again."
            )
            % {"name": upload.filename},
        )
    else:
        messages.info(request, _("This file was already imported; nothing was changed again."))
    return redirect("people:import_preview", pk=pk)


def _refuse_kept_file(request, upload, error):
    messages.error(request, _refused_message(upload.filename))
    for message in error.messages:
        messages.error(request, message)
    return redirect("people:import")
