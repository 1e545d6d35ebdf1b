"""Everything that changes the marketing calendar: add, change and delete campaigns."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from briefings import rules
from briefings.models import (
    CAMPAIGN_DESCRIPTION_MAX_LENGTH,
    CAMPAIGN_TITLE_MAX_LENGTH,
    Campaign,
    CampaignChannel,
    Channel,
    Volume,
)
from portal import permissions


def _department_allowed(user, department):
    """Managers plan for any department; a submitter for their own."""
    if user.is_manager_or_administrator:
        return True
    profile = getattr(user, "profile", None)
    return profile is not None and department.pk == profile.department_id


def _clean(*, user, title, description, starts_on, ends_on, channels, volume, department):
    title, description = (title or "").strip(), (description or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the campaign a title.")
    elif len(title) > CAMPAIGN_TITLE_MAX_LENGTH:
        errors["title"] = _("A title can be at most %(limit)s characters.") % {
            "limit": CAMPAIGN_TITLE_MAX_LENGTH
        }
    if len(description) > CAMPAIGN_DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("The description can be at most %(limit)s characters.") % {
            "limit": CAMPAIGN_DESCRIPTION_MAX_LENGTH
        }
    if starts_on is None:
        errors["starts_on"] = _("Enter the first day of the campaign.")
    if ends_on is None:
        errors["ends_on"] = _("Enter the last day of the campaign.")
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day (%(start)s).") % {
            "start": starts_on.isoformat()
        }
    channels = set(channels or ())
    if not channels:
        errors["channels"] = _("Choose at least one channel.")
    elif not channels <= set(Channel.values):
        errors["channels"] = _("Choose channels from the list.")
    if volume not in Volume.values:
        errors["volume"] = _("Choose the contact volume you expect.")
    if department is None:
        errors["department"] = _("Choose the department running the campaign.")
    elif not _department_allowed(user, department):
        errors["department"] = _("You can add campaigns for your own department only.")
    if errors:
        raise ValidationError(errors)
    return title, description, channels


def _save(campaign, *, channels, sites):
    campaign.save()
    campaign.channels.all().delete()
    CampaignChannel.objects.bulk_create(
        CampaignChannel(campaign=campaign, channel=channel) for channel in sorted(channels)
    )
    campaign.sites.set(sites)
    return campaign


@transaction.atomic
def create_campaign(
    *, author, title, description="", starts_on, ends_on, channels, volume, department, sites=()
):
    permissions.require(
        author, rules.ADD_CAMPAIGN, message=_("Only submitters and managers add campaigns.")
    )
    title, description, channels = _clean(
        user=author,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        channels=channels,
        volume=volume,
        department=department,
    )
    campaign = Campaign(
        author=author,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        volume=volume,
        department=department,
    )
    return _save(campaign, channels=channels, sites=sites)


@transaction.atomic
def update_campaign(
    *,
    campaign,
    editor,
    title,
    description="",
    starts_on,
    ends_on,
    channels,
    volume,
    department,
    sites=(),
):
    permissions.require(
        editor,
        rules.CHANGE_CAMPAIGN,
        campaign,
        message=_("Only its department and managers can change this campaign."),
    )
    title, description, channels = _clean(
        user=editor,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        channels=channels,
        volume=volume,
        department=department,
    )
    campaign.title, campaign.description = title, description
    campaign.starts_on, campaign.ends_on = starts_on, ends_on
    campaign.volume, campaign.department = volume, department
    return _save(campaign, channels=channels, sites=sites)


@transaction.atomic
def delete_campaign(*, campaign, user):
    permissions.require(
        user,
        rules.CHANGE_CAMPAIGN,
        campaign,
        message=_("Only its department and managers can delete this campaign."),
    )
    campaign.delete()
