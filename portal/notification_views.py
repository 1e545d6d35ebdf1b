from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal import notifications
from portal.forms import BootstrapFormMixin
from portal.middleware import in_own_language
from portal.models import Notification, NotificationVerb

NOTIFICATIONS_PER_PAGE = 20
# htmx stops polling when it gets this status (and still swaps the body).
HTMX_STOP_POLLING = 286


def index(request):
    page = Paginator(notifications.notifications_for(request.user), NOTIFICATIONS_PER_PAGE)
    return render(
        request,
        "portal/notifications/index.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "unread_count": notifications.unread_count(request.user),
        },
    )


@require_POST
def mark_all_read(request):
    count = notifications.mark_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "Marked %(count)d notification as read.",
                "Marked %(count)d notifications as read.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("You had no unread notifications."))
    return redirect("notifications:index")


@require_GET
def open_notification(request, pk):
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(user=request.user, notification_ids=[notification.pk])
    # The link is written by our own apps, but never let it send anyone off-site.
    if url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:index")


@login_not_required
@in_own_language
@never_cache
@require_GET
def bell(request):
    if not request.user.is_authenticated:
        if not request.htmx:
            return redirect_to_login(request.get_full_path())
        # A page left open after its session ended: keep a plain bell and stop
        # polling, instead of swapping the sign-in page into the navbar.
        return render(
            request,
            "portal/notifications/bell.html",
            {"unread_count": 0},
            status=HTMX_STOP_POLLING,
        )
    return render(
        request,
        "portal/notifications/bell.html",
        {"unread_count": notifications.unread_count(request.user), "polled": True},
    )


# One checkbox per verb; built from the verb list so a verb an app adds shows up here.
EmailPreferencesForm = type(
    "EmailPreferencesForm",
    (BootstrapFormMixin, forms.Form),
    {
        verb.value: forms.BooleanField(label=capfirst(verb.label), required=False)
        for verb in NotificationVerb
    },
)


def preferences(request):
    form = EmailPreferencesForm(
        request.POST or None, initial=notifications.email_preferences(request.user)
    )
    if request.method == "POST" and form.is_valid():
        email_verbs = {verb for verb, wanted in form.cleaned_data.items() if wanted}
        notifications.update_email_preferences(user=request.user, email_verbs=email_verbs)
        messages.success(request, _("Your email preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "portal/notifications/preferences.html", {"form": form})
