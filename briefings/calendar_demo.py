"""Demo data for the marketing calendar: a dozen campaigns around today."""

import datetime

from briefings.models import Campaign, CampaignChannel, Channel, Volume
from portal.models import Department, Role, Site, User

# title, department, first day (days from today), length in days, channels, volume,
# sites (empty: every site), description
CAMPAIGNS = [
    (
        "Winter broadband price change letters",
        "Marketing",
        -9,
        21,
        [Channel.POST, Channel.EMAIL],
        Volume.HIGH,
        [],
        "Every broadband customer gets a letter about the April price change. Expect "
        "**why is my bill going up** and requests to leave: the retention offers are on "
        "the knowledge base.",
    ),
    (
        "Refer a friend: £50 credit",
        "Marketing",
        -4,
        28,
        [Channel.SOCIAL, Channel.WEB, Channel.EMAIL],
        Volume.LOW,
        [],
        "Customers who refer a friend get £50 bill credit once the friend's service is live.",
    ),
    (
        "Mobile app 5.0 launch",
        "Product",
        0,
        3,
        [Channel.WEB, Channel.SOCIAL, Channel.EMAIL],
        Volume.MEDIUM,
        [],
        "The new app replaces the login screen: customers sign in again with their email "
        "address. Password resets will spike on day one.",
    ),
    (
        "Black Friday TV advert",
        "Marketing",
        2,
        5,
        [Channel.BROADCAST, Channel.SOCIAL],
        Volume.HIGH,
        [],
        "Prime-time adverts for the half-price fibre deal. Sales lines open an hour early.",
    ),
    (
        "Direct debit date change SMS",
        "Billing",
        3,
        1,
        [Channel.SMS],
        Volume.MEDIUM,
        ["Cardiff"],
        "Customers can move their payment date by replying to the text. Some will call instead.",
    ),
    (
        "Fibre upgrade in Shenzhen business parks",
        "Product",
        5,
        14,
        [Channel.POST, Channel.WEB],
        Volume.MEDIUM,
        ["Shenzhen"],
        "Business customers in three parks are offered free upgrades to 900 Mb.",
    ),
    (
        "Christmas gift bundle",
        "Marketing",
        7,
        24,
        [Channel.EMAIL, Channel.SOCIAL, Channel.WEB, Channel.BROADCAST],
        Volume.HIGH,
        [],
        "Phone, tablet and streaming bundle with the first three months free.",
    ),
    (
        "Paper bill switch-off reminder",
        "Billing",
        9,
        10,
        [Channel.POST, Channel.EMAIL],
        Volume.MEDIUM,
        [],
        "Last reminder before paper bills stop for customers who have not opted to keep them.",
    ),
    (
        "Customer satisfaction survey",
        "Customer Service",
        12,
        7,
        [Channel.EMAIL, Channel.SMS],
        Volume.LOW,
        [],
        "A short survey after every call; agents do not need to mention it.",
    ),
    (
        "New Year roaming bundles",
        "Marketing",
        20,
        14,
        [Channel.SMS, Channel.WEB],
        Volume.MEDIUM,
        [],
        "Roaming add-ons for travellers, bought from the app or by texting ROAM.",
    ),
    (
        "Router firmware update notice",
        "IT",
        -15,
        3,
        [Channel.EMAIL, Channel.WEB],
        Volume.LOW,
        [],
        "Overnight router updates; a few customers may need to restart their router.",
    ),
    (
        "Loyalty points double week",
        "Marketing",
        -20,
        7,
        [Channel.EMAIL, Channel.SOCIAL],
        Volume.MEDIUM,
        [],
        "Double loyalty points on every top-up for a week.",
    ),
]


def seed_marketing_calendar(today):
    """Add the demo campaigns that are missing (keyed on title); return how many were added."""
    existing = set(Campaign.objects.values_list("title", flat=True))
    departments = {department.name: department for department in Department.objects.all()}
    sites = {site.name: site for site in Site.objects.all()}
    # Each department's first submitter plans its campaigns; a manager those of the others.
    planners = {}
    for person in (
        User.objects.filter(role=Role.SUBMITTER, is_active=True)
        .select_related("profile")
        .order_by("-pk")
    ):
        planners[person.profile.department_id] = person
    manager = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk").first()
    added = 0
    for title, department, offset, length, channels, volume, site_names, description in CAMPAIGNS:
        if title in existing or department not in departments:
            continue
        author = planners.get(departments[department].pk, manager)
        if author is None:
            continue
        starts_on = today + datetime.timedelta(days=offset)
        campaign = Campaign.objects.create(
            title=title,
            description=description,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=length - 1),
            volume=volume,
            department=departments[department],
            author=author,
        )
        CampaignChannel.objects.bulk_create(
            CampaignChannel(campaign=campaign, channel=channel) for channel in channels
        )
        campaign.sites.set([sites[name] for name in site_names if name in sites])
        added += 1
    return added
