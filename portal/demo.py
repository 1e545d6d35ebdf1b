"""Demo data: a believable two-site contact centre for trying the portal out.

Everything here is deterministic (a seeded random generator), keyed on email
addresses so that running it again creates nothing new, and only ever used by
``manage.py seed_demo`` and the benchmarks, never by the portal itself.
"""

# The posts from Shenzhen are written in Chinese, with Chinese punctuation on purpose.
# ruff: noqa: RUF001

import calendar
import datetime
import random
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone, translation

from briefings.calendar_demo import seed_marketing_calendar
from briefings.demo import seed_briefings
from community import demo_people as community_demo
from community import services as community_services
from community import swap_services as community_swaps
from community.mentions import mention_token
from community.models import (
    AgentOfTheWeek,
    Claim,
    Comment,
    CustomerFeedback,
    LostItem,
    ModerationAction,
    Nomination,
    Post,
    PostView,
    Reaction,
    Report,
    Section,
    ShiftSwap,
    SwapOffer,
    current_week,
)
from feedback import sessions_demo
from feedback.idea_demo import FeedbackResult, seed_ideas
from feedback.knowledge_demo import seed_knowledge_base
from portal import languages, notifications
from portal.audiences import set_audience
from portal.milestone_demo import seed_celebrations
from portal.models import (
    Department,
    Notification,
    Role,
    Site,
    Team,
    split_commas,
)
from portal.services import create_person

User = get_user_model()

DEMO_PASSWORD = "switchboard-demo"
DOMAIN = "switchboard.example"
SEED = 20250214

SITES = {"Cardiff": "Europe/London", "Shenzhen": "Asia/Shanghai"}
CUSTOMER_SERVICE = "Customer Service"
DEPARTMENTS = [CUSTOMER_SERVICE, "Marketing", "Product", "HR", "IT", "Billing"]

# name, site, number of agents, agent job titles, skills people in the team pick from
TEAMS = [
    (
        "Billing Support",
        "Cardiff",
        16,
        ["Billing Advisor", "Senior Billing Advisor"],
        ["billing disputes", "direct debits", "refunds", "payment plans", "bill shock"],
    ),
    (
        "Broadband Help",
        "Cardiff",
        16,
        ["Technical Support Advisor", "Senior Technical Advisor"],
        ["router setup", "line faults", "fibre orders", "Wi-Fi troubleshooting", "engineer visits"],
    ),
    (
        "Retention",
        "Cardiff",
        12,
        ["Retention Specialist", "Loyalty Advisor"],
        ["save offers", "contract renewals", "negotiation", "cancellations"],
    ),
    (
        "Complaints",
        "Cardiff",
        10,
        ["Complaints Handler", "Customer Relations Advisor"],
        ["complaint resolution", "ombudsman cases", "de-escalation", "vulnerable customers"],
    ),
    (
        "Mobile",
        "Cardiff",
        14,
        ["Mobile Advisor", "Customer Service Advisor"],
        ["SIM swaps", "roaming", "porting numbers", "handset upgrades", "eSIM"],
    ),
    (
        "Welsh Language Line",
        "Cardiff",
        8,
        ["Bilingual Advisor (Welsh)", "Customer Service Advisor (Welsh)"],
        ["Welsh translation", "billing disputes", "line faults", "complaint resolution"],
    ),
    (
        "Overnight Support",
        "Shenzhen",
        14,
        ["Overnight Support Advisor", "Technical Support Advisor"],
        ["network outages", "line faults", "escalations", "router setup"],
    ),
    (
        "Mandarin Service",
        "Shenzhen",
        14,
        ["Customer Service Advisor (Mandarin)", "Senior Advisor (Mandarin)"],
        ["international roaming", "billing disputes", "translation", "account changes"],
    ),
    (
        "Device Repairs",
        "Shenzhen",
        10,
        ["Repairs Advisor", "Device Technician"],
        ["handset diagnostics", "warranty claims", "screen repairs", "courier returns"],
    ),
    (
        "Business Accounts",
        "Shenzhen",
        10,
        ["Business Accounts Advisor", "Account Coordinator"],
        ["SME accounts", "multi-line billing", "contract renewals", "procurement portals"],
    ),
]

GENERAL_SKILLS = [
    "Excel",
    "coaching new starters",
    "first aid",
    "knowledge base",
    "call quality",
    "accessibility",
    "mental health first aid",
    "rota planning",
]

MANAGERS = [
    ("Contact Centre Manager", "Cardiff", CUSTOMER_SERVICE),
    ("Operations Manager", "Cardiff", CUSTOMER_SERVICE),
    ("Quality and Training Manager", "Cardiff", CUSTOMER_SERVICE),
    ("Site Manager", "Shenzhen", CUSTOMER_SERVICE),
    ("Workforce Planning Manager", "Shenzhen", CUSTOMER_SERVICE),
    ("Internal Communications Manager", "Cardiff", "Marketing"),
]

SUBMITTERS = [
    ("Campaign Manager", "Cardiff", "Marketing"),
    ("Brand Executive", "Shenzhen", "Marketing"),
    ("Product Owner, Broadband", "Cardiff", "Product"),
    ("Product Manager, Mobile", "Shenzhen", "Product"),
    ("HR Business Partner", "Cardiff", "HR"),
    ("People Advisor", "Shenzhen", "HR"),
    ("Service Desk Lead", "Cardiff", "IT"),
    ("Billing Operations Analyst", "Cardiff", "Billing"),
]

ADMINISTRATORS = [
    ("Systems Administrator", "Cardiff", "IT"),
    ("IT Support Engineer", "Shenzhen", "IT"),
]

# The sign-ins printed at the end of ``seed_demo``, one per role: these people
# replace the first generated person of their kind.
DEMO_LOGINS = {
    Role.ADMINISTRATOR: (f"admin@{DOMAIN}", "Rhian Morgan"),
    Role.MANAGER: (f"manager@{DOMAIN}", "Gareth Price"),
    Role.TEAM_LEADER: (f"leader@{DOMAIN}", "Catrin Evans"),
    Role.AGENT: (f"agent@{DOMAIN}", "Dylan Hughes"),
    Role.SUBMITTER: (f"submitter@{DOMAIN}", "Priya Shah"),
}

CARDIFF_GIVEN = [
    "Rhys", "Cerys", "Sioned", "Owain", "Gethin", "Ffion", "Carys", "Dafydd", "Eleri",
    "Aled", "Bethan", "Iolo", "Lowri", "Tomos", "Megan", "Nia", "Osian", "Elin", "Gruffydd",
    "Seren", "Huw", "Angharad", "Llinos", "Emyr", "Manon", "Ieuan", "Mali", "Steffan",
    "James", "Sophie", "Oliver", "Chloe", "Jack", "Emily", "Liam", "Hannah", "Callum",
    "Jade", "Ryan", "Amy", "Kieran", "Leah", "Aisha", "Mohammed", "Zainab", "Yusuf", "Amara",
    "Kwame", "Arjun", "Marta", "Kacper", "Agnieszka", "Tariq", "Fatima", "Hamza", "Abdi",
    "Hodan", "Grace", "Daniel", "Lucy", "Nathan", "Rebecca", "Siobhan", "Connor",
]  # fmt: skip
CARDIFF_FAMILY = [
    "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis",
    "Morgan", "Griffiths", "Price", "Rees", "Jenkins", "Owen", "Powell", "Phillips", "Lloyd",
    "Pritchard", "Bowen", "Howells", "Vaughan", "Parry", "Edwards", "Smith", "Taylor",
    "Walker", "Clarke", "Begum", "Khan", "Ahmed", "Hussain", "Patel", "Okafor", "Mensah",
    "Nowak", "Kowalski", "Ali", "Osman", "Farah", "O'Brien", "Murphy", "Llewellyn",
]  # fmt: skip
SHENZHEN_FAMILY = [
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
    "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Zheng", "Liang", "Xie", "Tang",
    "Deng", "Feng", "Cai", "Peng", "Ye",
]  # fmt: skip
SHENZHEN_GIVEN = [
    "Wei", "Fang", "Jing", "Min", "Jie", "Yan", "Lei", "Qiang", "Xiuying", "Jun", "Hui",
    "Ping", "Tao", "Ming", "Chao", "Xin", "Yu", "Hao", "Lan", "Mei", "Ting", "Zihan",
    "Yuxuan", "Haoran", "Xinyi", "Jiahui", "Zhiwei", "Shu", "Kai", "Yiming", "Ruoxi",
]  # fmt: skip
# Many colleagues in Shenzhen go by an English name at work.
SHENZHEN_ENGLISH_GIVEN = ["Kevin", "Vivian", "Cindy", "Jason", "Sunny", "Eric", "Coco", "Leo"]

CARDIFF_EXTRA_LANGUAGES = ["Welsh", "Polish", "Urdu", "Arabic", "French", "Spanish", "Somali"]
SHENZHEN_EXTRA_LANGUAGES = ["Cantonese", "Hakka", "Japanese", "Korean"]

BIOS = [
    "Been here since {year} and still love a tricky {skill} call. Ask me anything about it.",
    "Part-time on weekdays, full-time dog walker at weekends. Happy to help with {skill}.",
    "I joined from retail in {year}. Coffee order: flat white. Strong opinions on {skill}.",
    "Mentor for new starters on {team}. If you are stuck on {skill}, come and find me.",
    "Runner, baker and occasional quiz host. I keep our team notes on {skill} up to date.",
    "Studying part-time for a degree, so you will find me in the quiet room at lunch.",
    "Came over from {team} in another site for a six-month swap and stayed. Ask me about {skill}.",
]


@dataclass
class PersonSpec:
    email: str
    display_name: str
    role: str
    site: str
    department: str
    team: str | None
    job_title: str
    skills: str
    languages: str
    bio: str
    start_date: datetime.date
    birthday_day: int
    birthday_month: int
    celebrate_birthday: bool


@dataclass
class SeedResult:
    sites: int = 0
    departments: int = 0
    teams: int = 0
    people: int = 0
    community: "CommunityResult | None" = None
    feedback: "FeedbackResult | None" = None
    briefing_items: int | None = None

    @property
    def changed(self):
        return any(
            (
                self.sites,
                self.departments,
                self.teams,
                self.people,
                self.community,
                self.feedback,
                self.briefing_items,
            )
        )


def email_for(given, family, taken):
    """firstname.lastname@..., with a number when the name is already in use."""
    local = ".".join(_ascii_slug(part) for part in (given, family))
    candidate, number = f"{local}@{DOMAIN}", 2
    while candidate in taken:
        candidate, number = f"{local}{number}@{DOMAIN}", number + 1
    taken.add(candidate)
    return candidate


def _ascii_slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _random_name(rng, site, used_names):
    while True:
        if site == "Shenzhen":
            family = rng.choice(SHENZHEN_FAMILY)
            if rng.random() < 0.2:
                given = rng.choice(SHENZHEN_ENGLISH_GIVEN)
                display = f"{given} {family}"
            else:
                given = rng.choice(SHENZHEN_GIVEN)
                display = f"{family} {given}"
        else:
            given, family = rng.choice(CARDIFF_GIVEN), rng.choice(CARDIFF_FAMILY)
            display = f"{given} {family}"
        if display not in used_names:
            used_names.add(display)
            return given, family, display


def _languages(rng, site, team):
    if site == "Shenzhen":
        spoken = ["Mandarin", "English"] if rng.random() < 0.8 else ["Mandarin"]
        if team == "Mandarin Service":
            spoken = ["Mandarin", "English"]
        if rng.random() < 0.35:
            spoken.append(rng.choice(SHENZHEN_EXTRA_LANGUAGES))
    else:
        spoken = ["English"]
        if team == "Welsh Language Line" or rng.random() < 0.15:
            spoken.append("Welsh")
        if rng.random() < 0.2:
            spoken.append(rng.choice(CARDIFF_EXTRA_LANGUAGES))
    return ", ".join(dict.fromkeys(spoken))


def _birthday(rng):
    month = rng.randint(1, 12)
    # 2001 is not a leap year: nobody is born on 29 February in the demo.
    return rng.randint(1, calendar.monthrange(2001, month)[1]), month


def _start_date(rng, today, *, at_least_years=0):
    earliest = 8 * 365
    latest = max(30, at_least_years * 365)
    return today - datetime.timedelta(days=rng.randint(latest, earliest))


def _anniversary_today(today, years):
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        # Today is 29 February: that year had none, so take the nearest leap year.
        return today.replace(year=today.year - 4)


def _skills(rng, pool, count):
    return ", ".join(rng.sample(pool, count) + rng.sample(GENERAL_SKILLS, 1))


def people_specs(today):
    """Describe every demo person; the same list every time for the same ``today``."""
    rng = random.Random(SEED)
    used_names = {name for _email, name in DEMO_LOGINS.values()}
    taken = {email for email, _name in DEMO_LOGINS.values()}
    fixed = dict(DEMO_LOGINS)
    specs = []

    def add(role, site, department, team, job_title, skills, *, seniority=0):
        if role in fixed:
            email, display = fixed.pop(role)
        else:
            given, family, display = _random_name(rng, site, used_names)
            email = email_for(given, family, taken)
        day, month = _birthday(rng)
        skill_list = split_commas(skills)
        bio = ""
        if rng.random() < 0.4:
            template = rng.choice(BIOS)
            bio = template.format(
                year=today.year - rng.randint(1, 7),
                skill=rng.choice(skill_list),
                team=team or department,
            )
        specs.append(
            PersonSpec(
                email=email,
                display_name=display,
                role=role,
                site=site,
                department=department,
                team=team,
                job_title=job_title,
                skills=skills,
                languages=_languages(rng, site, team),
                bio=bio,
                start_date=_start_date(rng, today, at_least_years=seniority),
                birthday_day=day,
                birthday_month=month,
                celebrate_birthday=rng.random() > 0.08,
            )
        )

    for job_title, site, department in ADMINISTRATORS:
        skills = "user accounts, laptops, single sign-on, " + rng.choice(GENERAL_SKILLS)
        add(Role.ADMINISTRATOR, site, department, None, job_title, skills, seniority=2)
    for job_title, site, department in MANAGERS:
        skills = "coaching, performance reviews, " + ", ".join(rng.sample(GENERAL_SKILLS, 2))
        add(Role.MANAGER, site, department, None, job_title, skills, seniority=3)
    for name, site, _agents, _titles, pool in TEAMS:
        skills = "running huddles, coaching, " + _skills(rng, pool, 1)
        add(Role.TEAM_LEADER, site, CUSTOMER_SERVICE, name, "Team Leader", skills, seniority=2)
    for job_title, site, department in SUBMITTERS:
        skills = "briefing items, " + ", ".join(rng.sample(GENERAL_SKILLS, 2))
        add(Role.SUBMITTER, site, department, None, job_title, skills)
    for name, site, agents, titles, pool in TEAMS:
        for _ in range(agents):
            title = titles[0] if rng.random() < 0.75 else titles[1]
            add(Role.AGENT, site, CUSTOMER_SERVICE, name, title, _skills(rng, pool, 2))

    _celebrations_today(specs, today)
    return specs


def _celebrations_today(specs, today):
    """A few birthdays and work anniversaries fall on today, so the portal has some to show."""
    agents = [spec for spec in specs if spec.role == Role.AGENT]
    # Spread over both sites; the first of them has opted out of birthday celebrations.
    for number, spec in enumerate(agents[3::31][:4]):
        spec.birthday_day, spec.birthday_month = today.day, today.month
        spec.celebrate_birthday = number != 0
    for years, spec in zip((1, 3, 5), agents[10::40], strict=False):
        spec.start_date = _anniversary_today(today, years)


@transaction.atomic
def seed_demo(today=None):
    """Create the demo organisation and people that are not there yet."""
    today = today or timezone.localdate()
    result = SeedResult()
    sites = {}
    for name, time_zone in SITES.items():
        sites[name], created = Site.objects.get_or_create(
            name=name, defaults={"time_zone": time_zone}
        )
        result.sites += created
    departments = {}
    for name in DEPARTMENTS:
        departments[name], created = Department.objects.get_or_create(name=name)
        result.departments += created
    teams = {}
    for name, site, *_rest in TEAMS:
        teams[name], created = Team.objects.get_or_create(
            name=name, site=sites[site], defaults={"department": departments[CUSTOMER_SERVICE]}
        )
        result.teams += created

    specs = people_specs(today)
    existing = set(
        User.objects.filter(email__in=[spec.email for spec in specs]).values_list(
            "email", flat=True
        )
    )
    created_ids = []
    for spec in specs:
        if spec.email in existing:
            continue
        user = create_person(
            actor=None,
            email=spec.email,
            display_name=spec.display_name,
            role=spec.role,
            invite=False,
            site=sites[spec.site],
            department=departments[spec.department],
            team=teams[spec.team] if spec.team else None,
            job_title=spec.job_title,
            skills=spec.skills,
            languages=spec.languages,
            bio=spec.bio,
            start_date=spec.start_date,
            birthday_day=spec.birthday_day,
            birthday_month=spec.birthday_month,
            celebrate_birthday=spec.celebrate_birthday,
        )
        created_ids.append(user.pk)
    # One hash for everyone: hashing 150 passwords one by one takes a minute.
    User.objects.filter(pk__in=created_ids).update(password=make_password(DEMO_PASSWORD))
    result.people = len(created_ids)
    result.community = seed_community()
    seed_knowledge_base(today=today)
    result.feedback = seed_ideas()
    result.briefing_items = seed_briefings()
    seed_celebrations()
    sessions_demo.seed_qanda()
    sessions_demo.seed_focus_groups()
    sessions_demo.seed_scorecards()
    community_demo.seed_huddles()
    community_demo.seed_projects()
    community_demo.seed_groups()
    seed_marketing_calendar(today)
    sessions_demo.seed_straight_talk_from_voice()
    return result


# Community -------------------------------------------------------------------------
# Three weeks of the floor talking to itself: every post, comment, reaction, swap step,
# kudos, claim and report goes through the community services, so the rules, mentions
# and notifications behave as in real use; only the timestamps are moved back afterwards.

COMMUNITY_DAYS = 21
# The first announcement: its presence means the community part has been seeded (it is
# soft-deleted at worst, never removed), so a second run adds nothing.
WELCOME_TITLE = "Welcome to Switchboard: the floor's new home"

# title, body, site it is aimed at (None: everyone), pinned, days ago
ANNOUNCEMENT_POSTS = [
    (
        WELCOME_TITLE,
        "From today, team news, shift swaps, kudos and lost property live here instead of "
        "the all-staff mailbox.\n\n- **Shift swaps**: post yours, a colleague offers, your "
        "team leader approves.\n- **Recognition**: thank a colleague and say what they did.\n"
        "- **Tips and know-how**: the workarounds you would otherwise shout across the floor.\n\n"
        "Tell us what is missing: comment below.",
        None, True, 20,
    ),
    (
        "Broadband price change: what to say on calls",
        "Broadband prices rise in line with the contract terms from the first of next month. "
        "Expect more calls this week.\n\n1. Acknowledge the rise, do not apologise for the "
        "terms.\n2. Check the customer's contract end date before offering anything.\n"
        "3. Retention offers are in the knowledge base under *Price change*.\n\n"
        "Wallboard targets are relaxed by 30 seconds AHT until Friday.",
        None, True, 3,
    ),
    (
        "Network outage review: thank you, Overnight Support",
        "Last Tuesday's core network outage hit 40,000 broadband customers at 02:10 UK time. "
        "The Shenzhen overnight team took the first two hours of calls before Cardiff opened "
        "and kept the queue under 6 minutes. The review is on the intranet; the short "
        "version: status page first, then the IVR message, then us.",
        None, False, 12,
    ),
    (
        "Q3 results: customer satisfaction up four points",
        "CSAT is up from 78 to 82 and first contact resolution from 71% to 74%. Billing "
        "Support and Complaints moved the most. Thank you all. Site huddles on Thursday "
        "will go through the detail team by team.",
        None, False, 16,
    ),
    (
        "Cardiff car park resurfacing on Saturday",
        "The staff car park at Cardiff is closed all day Saturday for resurfacing. Park at "
        "the retail park opposite (the barrier is up for us) and use the side entrance. "
        "Earlies: security opens the side door at 06:30.",
        "Cardiff", False, 6,
    ),
    (
        "深圳办公室：空调维修通知",
        "本周三晚上十点至周四早上六点，五楼空调系统检修。夜班同事请暂时到三楼培训室办公，"
        "电脑和耳机已经准备好。如有问题请联系现场经理。",
        "Shenzhen", False, 9,
    ),
    (
        "New IVR menu goes live on Monday",
        "The phone menu loses two options: *Moving home* now sits under Broadband, and "
        "*Lost or stolen phone* goes straight to Mobile without the security questions. "
        "Transfers between Broadband Help and Mobile should drop. Call flows are updated "
        "in the knowledge base.",
        None, False, 8,
    ),
    (
        "Welsh Language Line: opening hours extended",
        "From next month the Welsh Language Line opens 08:00 to 20:00 on weekdays and "
        "09:00 to 17:00 on Saturdays. We are recruiting four bilingual advisers; referrals "
        "welcome, with the usual referral bonus.",
        "Cardiff", False, 14,
    ),
    (
        "Shenzhen overnight team: new shift pattern from next month",
        "The overnight pattern moves to four nights on, four off (22:00 to 07:00 Beijing "
        "time), following your feedback in the focus group. Rotas for the first month are "
        "with your team leaders today. 夜班新排班表已发给各位组长。",
        "Shenzhen", False, 4,
    ),
    (
        "Quality calibration sessions are back",
        "Every other Wednesday, 15:00 to 15:45, in the Taff room and on video for Shenzhen. "
        "Bring a call you were proud of or unsure about. Team leaders, please protect the "
        "time on the rota.",
        None, False, 10,
    ),
    (
        "Fire drill at Cardiff on Thursday at 11:00",
        "Expect a short fire alarm test at 11:00. Put your status to *Unavailable: drill* "
        "and leave calmly by the nearest exit. Fire marshals wear the yellow vests.",
        "Cardiff", False, 2,
    ),
]  # fmt: skip

# title, body, site it is aimed at, days ago
HR_POSTS = [
    (
        "Payday moves to Thursday this month",
        "Because of the bank holiday, pay lands on Thursday instead of Friday. Payslips are "
        "on the HR portal from Tuesday.",
        None, 13,
    ),
    (
        "Open enrolment for health cover closes on the 30th",
        "You can add a partner or children to the company health cover until the 30th. "
        "Changes after that wait until next year. The form is on the HR portal under "
        "*Benefits*.",
        None, 18,
    ),
    (
        "Annual leave for the summer: book by the end of the month",
        "Workforce planning locks the summer rota on the 31st. Book July and August leave "
        "before then so we can say yes to as many requests as possible. Part-timers: your "
        "allowance is pro rata, shown in hours on the HR portal.",
        None, 7,
    ),
    (
        "Mental health first aiders on every shift",
        "We now have at least one trained mental health first aider on every shift at both "
        "sites. Look for the green lanyard, or find them in the People directory by the "
        "skill *mental health first aid*.",
        None, 11,
    ),
    (
        "Cycle to work scheme reopens",
        "Save on a bike and accessories through salary sacrifice. Applications open for two "
        "weeks from Monday.",
        "Cardiff", 5,
    ),
    (
        "深圳：年度体检安排",
        "今年的年度体检安排在下个月第二周，地点是福田区体检中心。请在HR系统中选择时间段，"
        "夜班同事可以选择上午下班后的时间段。",
        "Shenzhen", 9,
    ),
    (
        "Sickness reporting: call before your shift, not after",
        "A reminder that sickness is reported to your team leader by phone at least an hour "
        "before your shift starts, or to the duty manager for earlies. A message on the "
        "feed does not count.",
        None, 3,
    ),
    (
        "深圳：端午节假期值班安排",
        "端午节期间热线照常开放。愿意值班的同事请在本周五前告诉组长，值班当天按三倍工资计算。",
        "Shenzhen", 15,
    ),
]  # fmt: skip

# title, body; about a quarter are written in Shenzhen (the ones flagged True)
TIP_POSTS = [
    ("Direct debit failed? Check the bank holiday first",
     "Half the failed direct debit calls this week were collections that moved because of "
     "the bank holiday. Look at *Collection history* before raising a dispute.", False),
    ("Router keeps dropping? Ask about the power light",
     "A flashing orange power light on the Hub 4 means a firmware update is stuck. Ask the "
     "customer to leave it plugged in for 15 minutes before you book an engineer.", False),
    ("Shortcut: Ctrl+Shift+N for a case note template",
     "In the CRM, Ctrl+Shift+N drops the standard note template into the case. Saves about "
     "20 seconds a call.", False),
    ("Porting a number: the PAC code is valid for 30 days",
     "Customers often think the PAC has expired after a week. It lasts 30 days; re-issue "
     "only after that.", False),
    ("eSIM activation stuck on 'pending'",
     "Restart the handset *after* the QR code is scanned, not before. Fixed every one of "
     "mine today.", False),
    ("Bill shock on roaming: the daily cap",
     "Customers on the Travel add-on are capped at the daily charge even if the bill "
     "shows each session. Show them the summary line at the bottom of the roaming page.",
     False),
    ("Complaints: use the customer's words in the summary",
     "Ombudsman reviewers look for the customer's own description of the problem. Quote "
     "it, then add ours.", False),
    ("Welsh callers: the bilingual letter templates",
     "Every outbound letter template has a Welsh version. Tick *Cymraeg* on the letter "
     "screen and it picks the right one.", False),
    ("Line test shows 'no fault found' but the customer has no dial tone",
     "Ask them to try the test socket behind the faceplate. If it works there, it is "
     "their internal wiring, and the engineer visit is chargeable: say so before booking.",
     False),
    ("Refunds over 200 pounds need a second pair of eyes",
     "Billing Support: anything over 200 goes to a senior for sign-off. Use the *Second "
     "check* queue rather than messaging someone directly.", False),
    ("Vulnerable customers: the flag is on the account, not the case",
     "If you add it to the case only, the next adviser never sees it. Account > Needs > "
     "Add.", False),
    ("Quick way to find a customer's contract end date",
     "Account overview, hover over the product name: the tooltip shows the end date and "
     "the early termination charge.", False),
    ("Engineer visits: the AM slot means 08:00 to 13:00",
     "Customers hear 'morning' and expect 9 to 12. Say the hours.", False),
    ("Payment plans: max six months without a manager",
     "Up to six monthly instalments you can set up yourself. Longer needs a manager's "
     "approval in the *Arrangements* tab.", False),
    ("Handset diagnostics: run the battery test with the charger unplugged",
     "Otherwise it reports 100% health on phones that die by lunchtime.", True),
    ("Business accounts: who can make changes",
     "Only the named administrators on a business account can add lines. Check the "
     "*Authorised contacts* list first; it saves a call back.", True),
    ("国际漫游：先确认客户是否开通了漫游功能",
     "很多客户出国后才发现没有开通漫游。"
     "请先在账户页面确认，再帮客户开通，一般五分钟内生效。", True),
    ("夜班小技巧：故障工单的优先级",
     "凌晨的网络故障工单，如果影响多个客户，请直接选择P2优先级，这样早班的工程师会第一时间处理。",
     True),
    ("Warranty claims: photos first, courier second",
     "Ask for the photos of the damage before booking the courier. Claims without photos "
     "come back to us a week later.", True),
    ("Screen repairs: quote the excess before the booking",
     "Customers on Care Plus pay a 49 excess for screen repairs. Say it before you book, "
     "not on the confirmation.", True),
    ("Use 'Hold for research' instead of mute",
     "The customer hears the hold message and knows you are still there. Mute sounds like "
     "the line dropped.", False),
    ("Retention: ask what they would pay before offering",
     "'What would make it worth staying?' gets a better save rate than leading with the "
     "biggest discount.", False),
    ("The outage map is faster than the status page",
     "Network > Outage map, type the postcode. It updates every five minutes; the public "
     "status page every thirty.", False),
    ("Keyboard only? The CRM has access keys",
     "Alt+1 to 9 jump to the account tabs. Handy when the mouse gives up mid-call.", False),
    ("Duplicate bills after moving home",
     "If the old and new address both bill, the move order was raised twice. Cancel the "
     "second order, do not refund manually: the credit follows automatically.", False),
    ("Broadband speed complaints: run the speed test with the customer",
     "Ask them to plug in with a cable for the test. Wi-Fi results are not what the "
     "guarantee covers, and customers accept that once they see both numbers.", False),
    ("Bereavement calls: the dedicated team takes transfers",
     "Transfer to the Bereavement queue and stay on the line to introduce the customer. "
     "They should never have to explain twice.", False),
    ("Data roaming add-on only works after a restart",
     "Customers abroad: after adding the add-on, a restart of the phone is needed. Say it "
     "up front and save a callback.", False),
    ("Check the account notes before the security questions",
     "If the last adviser noted a password reset, the customer may not know the new "
     "one. Saves a failed ID&V.", False),
    ("Ombudsman deadline is eight weeks from the first contact",
     "Not from the formal complaint. Check the first contact date on the case timeline.",
     False),
    ("Using the Welsh phrase bank",
     "The Welsh phrase bank in the knowledge base has billing and fault terms. Even if you "
     "don't speak Welsh, 'Un eiliad' (one moment) goes down well while you transfer.", False),
    ("Handset upgrades: check the credit score date",
     "If the credit check is older than 30 days, it runs again and can change the offer. "
     "Warn the customer first.", False),
    ("Multi-line business bills",
     "The PDF bill has a per-line summary on page 2. Business customers usually want that, "
     "not the total.", True),
    ("Courier returns: print the label for the customer",
     "Older customers often can't print. Tick *Label by post* and the courier brings one.",
     True),
    ("深圳团队：英文邮件模板已更新",
     "英文客户回复模板已经更新，增加了退款和换机两类。在知识库搜索“Email templates”即可找到。",
     True),
]  # fmt: skip

# title, body, written in Shenzhen, site it is aimed at
GENERAL_POSTS = [
    ("Cake in the Cardiff kitchen", "Welsh cakes from my nan's recipe, help yourselves. "
     "There is a gluten-free plate on the left.", False, None),
    ("Quiz night on Friday", "The Ely Arms, 19:30, teams of four. Lates, we start the second "
     "round at 22:15 so you can join.", False, "Cardiff"),
    ("Anyone else's headset crackling?", "Mine crackles on the left ear since the update. "
     "Is it just me or should I raise it with IT?", False, None),
    ("Charity bake sale raised 412 pounds", "Thank you everyone who baked and bought. It all "
     "goes to the children's hospital.", False, None),
    ("Running club: 5k on Wednesday", "Meeting at reception at 17:15, gentle pace, all "
     "welcome.", False, "Cardiff"),
    ("Found a great lunch spot", "The new noodle bar on Caroline Street does a 6 pound lunch "
     "deal. Quick enough for a 30-minute break.", False, "Cardiff"),
    ("Shout-out to the Welsh Language Line", "Diolch yn fawr to the team for taking our "
     "overflow on Monday morning when we had twelve people off.", False, None),
    ("Who is doing the Cardiff half marathon?", "Thinking of a Switchboard team t-shirt. "
     "Comment if you are in.", False, None),
    ("Second-hand desk fan going free", "Works fine, just loud. Bay 4 by the window.", False,
     "Cardiff"),
    ("Book swap shelf in the quiet room", "Leave one, take one. Mostly crime novels so far.",
     False, "Cardiff"),
    ("Monday morning queue", "Mobile had 60 calls waiting at 09:05. Coffee is on me for "
     "anyone who covered the first hour.", False, None),
    ("Parking permits for new starters", "If you started this month, the permit form is at "
     "reception, not with HR.", False, "Cardiff"),
    ("Lift out of order again", "Left lift is broken, use the stairs or the goods lift by "
     "the canteen.", False, "Cardiff"),
    ("Recommendations for a good noise-cancelling headset?",
     "Thinking of buying my own for home working days. What do you use?", False, None),
    ("Team lunch photos", "Broadband Help's lunch at the Italian place: thank you for "
     "organising, Ffion!", False, None),
    ("Teams chat vs the feed", "What goes where? I'd say: quick questions in Teams, anything "
     "the whole floor should know here.", False, None),
    ("Wellbeing walk at lunch", "Bute Park loop, 25 minutes, leaving at 12:30 from "
     "reception.", False, "Cardiff"),
    ("Desk booking on home days", "Reminder to release your desk if you swap to home. "
     "Someone from Retention had nowhere to sit on Tuesday.", False, "Cardiff"),
    ("Phones of the year", "Which handset generates the most calls for you? For me, the one "
     "with the eSIM that never activates.", False, None),
    ("Learning Welsh?", "A few of us do 15 minutes on the app every morning before the "
     "early shift. Join us, dechreuwyr yn unig!", False, "Cardiff"),
    ("Congratulations to the new team leaders", "Three promotions from the floor this "
     "month. Proud to work with you all.", False, None),
    ("Happy Lunar New Year from Shenzhen", "Wishing everyone in Cardiff a happy and healthy "
     "year. 新年快乐！", True, None),
    ("深圳：本周五团队聚餐", "周五下午六点，公司楼下的湘菜馆，已经订了三桌。"
     "夜班的同事可以先来吃饭再上班。", True, "Shenzhen"),
    ("深圳：篮球赛报名", "下周六上午十点，福田体育公园。每队五人，欢迎报名，也欢迎来加油！", True,
     "Shenzhen"),
    ("Overnight team snack rota", "Night shift snack rota for the month is on the fridge. "
     "This week: dumplings from Min.", True, "Shenzhen"),
    ("深圳：新同事入职欢迎", "欢迎本月加入的六位新同事！如果有任何问题，可以在这里提问，"
     "大家都很乐意帮忙。", True, "Shenzhen"),
    ("Shenzhen to Cardiff handover notes", "Overnight is trying a shared handover note at "
     "07:00 Beijing time. Cardiff earlies, tell us if it helps.", True, None),
    ("Typhoon warning: working from home tonight", "The observatory raised the signal at "
     "16:00. Overnight team, your laptops are set up; stay home and log in as usual.", True,
     "Shenzhen"),
    ("Printer on the third floor", "Jammed again. IT ticket raised, use the second floor "
     "for now.", True, "Shenzhen"),
    ("Mid-autumn festival mooncakes", "Mooncakes in the pantry on the fifth floor, thanks to "
     "the Site Manager. 中秋快乐！", True, "Shenzhen"),
    ("Microwave queue at 13:00", "Could the earlies maybe use the second floor microwave? "
     "The queue on the first floor is ten deep at one o'clock.", False, "Cardiff"),
    ("Secret Santa sign-up", "Ten pound limit, names drawn on the 1st. Comment to join.",
     False, None),
    ("Blood donation van on Tuesday", "The donation van is in the car park 10:00 to 16:00. "
     "Book a slot on the NHS app; team leaders know.", False, "Cardiff"),
    ("Best podcast for the commute?", "Forty minutes each way on the bus. Recommendations "
     "please, nothing about work!", False, None),
    ("Thank you, night shift", "Came in at 07:00 to a clean queue and tidy handover notes. "
     "Whoever did the notes: legend.", False, None),
    ("Plants for the office", "Bringing in spider plant cuttings on Friday. Who wants one?",
     False, "Cardiff"),
    ("Dog photo Friday", "Post your dogs. I'll start: Bara, a very good boy who ate my "
     "headset cable.", False, None),
    ("Five-a-side on Thursday", "We are one short for five-a-side at the leisure centre, "
     "18:30. Any level.", False, "Cardiff"),
    ("Recipe swap", "After the bake sale, a few people asked for the bara brith recipe. "
     "Here it is: soak the fruit in tea overnight, that's the secret.", False, None),
    ("Headset batteries in the cupboard", "New batch of AA batteries in the stationery "
     "cupboard. Please don't take the whole box.", False, "Cardiff"),
    ("Feedback on the new wallboard", "The new wallboard shows wait time per queue. Useful, "
     "but can we have calls waiting back as well?", False, None),
    ("Night bus times changed", "The N12 now leaves at 22:25, not 22:20, from the stop "
     "outside. Lates, you have five more minutes.", False, "Cardiff"),
    ("深圳：羽毛球活动", "每周三晚上七点，公司附近的羽毛球馆，场地费平摊。欢迎新手！", True,
     "Shenzhen"),
    ("深圳：食堂新菜单", "食堂从下周开始增加夜宵窗口，凌晨一点到三点开放，夜班同事可以去尝尝。",
     True, "Shenzhen"),
    ("Weather in Cardiff vs Shenzhen", "It is 31 degrees here and you are in coats. Sending "
     "sunshine to the Cardiff team!", True, None),
    ("Charity walk photos", "Photos from Sunday's walk are in the shared folder. Twelve of "
     "us, fourteen miles, one blister.", False, None),
    ("Tea round etiquette", "If you make a round, you get a round. Those are the rules.",
     False, None),
    ("Car share from Newport", "Leaving Newport at 06:15 for earlies, two seats free. "
     "Petrol money welcome, not required.", False, "Cardiff"),
    ("Congratulations, Sioned!", "Sioned passed her CIPD exam this week. Llongyfarchiadau!",
     False, None),
]  # fmt: skip

# What colleagues post when they put a shift up.
SWAP_NOTES = [
    "Dentist appointment I could not move.",
    "My daughter's school play. Happy to take a late in return.",
    "Wedding in Swansea that weekend.",
    "Need to be home for an engineer visit (ironic, I know).",
    "Would love a Saturday off for once.",
    "Can anyone take this? I can do any early next week.",
    "Driving test! Fingers crossed.",
    "Moving house, the van is booked for that morning.",
    "Football final, I am the coach.",
    "Family visiting from Poland.",
    "Uni exam in the morning.",
    "家里有事，需要换一个班，谢谢！",
    "想换一个白班，下周任何一天都可以。",
    "Hospital appointment for my mum.",
    "Happy to give this one away if someone wants the hours.",
]
OFFER_MESSAGES = [
    "Happy to, I am off that day.",
    "I can take it, I need the hours.",
    "Yes, as long as I can have your early on Monday.",
    "I will take it.",
    "",
    "Can do, just let me know.",
    "没问题，我可以换。",
]

# value, message; {name} is the colleague thanked
KUDOS_MESSAGES = [
    ("customer_hero", "{name} stayed on with a customer whose broadband had been down for "
     "a week until the engineer was booked and confirmed. The customer asked for her "
     "manager just to say thank you."),
    ("helpful", "{name} talked me through a split-bill dispute on my second day. Patient "
     "and clear."),
    ("team_player", "{name} swapped onto a late at an hour's notice when half the team "
     "was off with the flu."),
    ("problem_solver", "{name} worked out why direct debits were failing for a whole "
     "postcode. Saved us dozens of calls."),
    ("above_and_beyond", "{name} organised the charity bake sale and still hit every "
     "quality score this month."),
    ("great_mentor", "{name} has buddied three new starters this quarter and they all "
     "passed their first call review."),
    ("customer_hero", "{name} helped an elderly customer set up her new phone over three "
     "calls, step by step, without ever rushing her."),
    ("helpful", "{name} rewrote the roaming notes in the knowledge base. Finally "
     "understandable!"),
    ("team_player", "{name} covered the Welsh line on Monday when they were short."),
    ("problem_solver", "{name} spotted the duplicate move orders and fixed the process "
     "with IT."),
    ("customer_hero", "{name} turned a furious complaint into a compliment. The customer "
     "wrote in to say so."),
    ("above_and_beyond", "{name} stayed after the overnight shift to brief Cardiff on the "
     "outage. 辛苦了！"),
    ("great_mentor", "{name} runs the Tuesday coaching clinic and it shows in our scores."),
    ("helpful", "{name} always answers the questions nobody else wants to. Thank you."),
    ("team_player", "{name} reorganised the snack rota so nights always have something. "
     "Hero."),
    ("customer_hero", "{name} got a customer's number ported back after a slamming "
     "attempt, on a Saturday."),
    ("problem_solver", "谢谢{name}帮我解决了一个很复杂的企业账单问题！"),
    ("helpful", "{name} set up my headset and CRM shortcuts when IT was swamped."),
    ("customer_hero", "{name} spent 40 minutes with a customer whose husband had just died "
     "and closed every account for her in one go."),
    ("team_player", "{name} picked up three giveaway shifts this month so the rest of us "
     "could have Saturday off."),
    ("great_mentor", "{name} sat with me on my first ombudsman case and explained every "
     "step."),
    ("problem_solver", "{name} found the bug that made the chat close during transfers."),
    ("above_and_beyond", "{name} came in on a day off to cover the Welsh line during the "
     "outage."),
    ("helpful", "夜班时{name}帮我处理了一个很难的漫游投诉，谢谢！"),
]  # fmt: skip

# kind, channel, product, title, body
FEEDBACK_POSTS = [
    ("compliment", "phone", "Broadband", "Engineer booked in one call",
     "The customer said it was the first time in years a problem was sorted in one call "
     "and the adviser explained every step."),
    ("complaint", "chat", "Mobile", "Roaming charges not explained",
     "The customer was charged daily roaming in a country they thought was included. The "
     "website list and the tariff sheet disagree."),
    ("compliment", "email", "Billing", "Payment plan made all the difference",
     "Customer wrote in to thank us for setting up a six-month plan after losing her job. "
     "She said she felt listened to."),
    ("complaint", "phone", "Broadband", "Three engineer no-shows",
     "Customer took three mornings off work and no engineer arrived. Escalated to field "
     "operations; they are reviewing the booking system."),
    ("compliment", "social", "Mobile", "Shout-out on social media",
     "A customer posted that our adviser got her new phone working before her flight. "
     "Four hundred likes!"),
    ("complaint", "email", "Billing", "Bill arrived after the direct debit",
     "Customers are seeing the payment before the bill. The billing run moved by two days "
     "this month; Billing Operations know."),
    ("compliment", "phone", "Welsh Language Line", "Diolch for the Welsh service",
     "Customer was delighted to sort a billing problem entirely in Welsh and said so in "
     "the survey."),
    ("complaint", "chat", "Broadband", "Chat closed while waiting for transfer",
     "The chat closed itself during a transfer to Broadband Help and the customer had to "
     "start again. IT ticket raised."),
    ("compliment", "in_store", "Device repairs", "Repair back in two days",
     "Customer in store praised the Shenzhen repairs team: screen replaced and couriered "
     "back in two days."),
    ("complaint", "phone", "Retention", "Offer not honoured",
     "A save offer promised on the phone did not show on the next bill. Please note offers "
     "on the account, not only the case."),
    ("compliment", "chat", "Business accounts", "Smooth move for a small business",
     "A café owner moved three lines and the card machine without a minute of downtime."),
    ("complaint", "phone", "Mobile", "Stuck in the menu",
     "Customer went round the phone menu three times before reaching a person. The new "
     "IVR should help; watch for more of these."),
    ("compliment", "email", "Complaints", "Complaint handled with care",
     "Customer said the complaints handler was the first person to apologise properly and "
     "follow up when promised."),
    ("complaint", "social", "Broadband", "Outage updates too slow",
     "Customers on social media said the status page lagged the outage by an hour."),
    ("compliment", "phone", "Overnight support", "Help at three in the morning",
     "A nurse coming off a night shift thanked the overnight team for sorting her "
     "broadband before she slept."),
    ("complaint", "chat", "Billing", "Refund took too long",
     "The refund promised in five days took three weeks. Customer was told different "
     "things by two advisers."),
    ("compliment", "phone", "Mobile", "客户表扬普通话服务",
     "客户说我们的普通话客服非常耐心，帮她解决了国际漫游的问题。"),
    ("complaint", "email", "Device repairs", "Courier box never arrived",
     "The courier box for a warranty repair never arrived; the customer chased twice. "
     "Please check the courier portal before promising a date."),
]  # fmt: skip

# kind, what, where, details, site
LOST_ITEMS = [
    ("found", "Blue umbrella", "Kitchen, 2nd floor", "Left by the microwave since Monday.",
     "Cardiff"),
    ("lost", "Headset in a black case", "Bay 6 or the training room",
     "Jabra, my name on a sticker inside the case.", "Cardiff"),
    ("found", "Car keys with a dragon keyring", "Car park, near the barrier",
     "Handed to reception.", "Cardiff"),
    ("lost", "Grey hoodie", "Quiet room", "Cardiff Uni hoodie, size M.", "Cardiff"),
    ("found", "Reading glasses", "Taff meeting room", "Tortoiseshell frames.", "Cardiff"),
    ("lost", "Water bottle", "Canteen", "Green metal bottle with stickers.", "Cardiff"),
    ("found", "Phone charger (USB-C)", "Bay 2", "White, long cable.", "Cardiff"),
    ("lost", "Lanyard and building pass", "Smoking shelter",
     "Blue lanyard with a Wales rugby badge.", "Cardiff"),
    ("found", "工牌", "五楼茶水间", "已经交给前台。", "Shenzhen"),
    ("lost", "雨伞", "三楼培训室", "黑色折叠伞。", "Shenzhen"),
    ("found", "Wireless earbuds case", "Fifth floor pantry", "White case, no earbuds inside.",
     "Shenzhen"),
    ("lost", "Notebook with call notes", "Night shift desks",
     "Red notebook. No customer details, just my own notes!", "Shenzhen"),
    ("found", "Scarf", "Reception", "Yellow knitted scarf.", "Cardiff"),
    ("lost", "Mug", "Kitchen, 2nd floor", "'World's okayest adviser' mug.", "Cardiff"),
]  # fmt: skip

COMMENTS = {
    "announcements": [
        "Thanks, really clear.",
        "Will this affect the Saturday rota?",
        "Great news for the team!",
        "Is there a recording for those of us on lates?",
        "Can we have this in Welsh for the Welsh line too?",
        "Does this apply to Shenzhen as well?",
        "Good to know, thanks for the heads-up.",
        "Who do we ask if we have questions about this?",
    ],
    "hr": [
        "Does this apply to part-timers too?",
        "Thanks, booked mine.",
        "Where do we find the form?",
        "Is there a deadline for this?",
        "Really helpful, thank you.",
    ],
    "tips": [
        "This saved me on a call this morning, thank you!",
        "Adding this to my notes.",
        "Does this work for business accounts too?",
        "Nice one. Worth adding to the knowledge base?",
        "I never knew this. Three years here!",
        "Tried it, works a treat.",
        "Careful: this changed with the last CRM update.",
        "Sharing with my team in the huddle tomorrow.",
    ],
    "general": [
        "Count me in!",
        "Ha, brilliant.",
        "Same here.",
        "Thanks for sorting this.",
        "Is this still on?",
        "Love this.",
        "Great idea.",
        "I'll bring snacks.",
    ],
    "recognition": [
        "Well deserved!",
        "Totally agree, a star.",
        "Congratulations!",
        "So true. Thank you from all of us.",
        "Absolutely, made my week too.",
    ],
    "customer-feedback": [
        "Lovely to hear.",
        "We had the same on chat this week: raising with Product.",
        "Good one for the calibration session.",
        "This is why we do it.",
        "Thanks for flagging, I'll watch for it.",
    ],
    "lost-and-found": [
        "Check with reception, they keep a box.",
        "I think I saw it in the quiet room yesterday.",
        "Try security, they do a sweep at night.",
        "Hope it turns up!",
    ],
    "shift-swaps": [
        "Can't, sorry, already on lates that week.",
        "Ask in the Mobile team, they were short last Friday.",
        "If nobody takes it by Thursday give me a shout.",
        "Good luck with it!",
    ],
}
CHINESE_COMMENTS = [
    "谢谢分享！",
    "收到，明天开始执行。",
    "夜班的同事注意一下。",
    "太好了，辛苦了！",
    "请问这个对兼职同事也适用吗？",
    "我也去！",
]
REPLIES = [
    "Thanks, good to know.",
    "Same question here.",
    "Sorted now, cheers!",
    "Good shout.",
    "Will do.",
    "I'll ask my team leader.",
    "Agreed.",
]
CHINESE_REPLIES = ["好的，谢谢！", "明白了。", "同意！"]
MENTION_COMMENTS = [
    "{mention} this is the one you asked about.",
    "{mention} have a look at this.",
    "{mention} you'll want this for tomorrow's early.",
    "Thanks! {mention} remember this from the huddle?",
]

# Shift patterns as (start, end) local hours: Cardiff runs earlies, middles and lates,
# Shenzhen days and lates, and its overnight team nights that end the next morning.
SHIFTS = {
    "Cardiff": [(7, 15), (8, 16), (9, 17), (10, 18), (14, 22)],
    "Shenzhen": [(9, 18), (13, 22)],
    "Overnight Support": [(22, 7)],
}
# How many swaps end in each state, in the order they are made.
SWAP_STATES = (
    ["open"] * 24
    + ["awaiting_approval"] * 4
    + ["approved"] * 5
    + ["approved_past"] * 6
    + ["declined"] * 4
    + ["expired"] * 4
    + ["expired_with_offers"] * 3
    + ["withdrawn"] * 2
)
# Reactions a post gets, by section: (fewest, most, the kinds people pick, most likely first).
REACTIONS = {
    "announcements": (6, 22, ["like", "thanks", "insightful", "celebrate"]),
    "hr": (2, 8, ["thanks", "like"]),
    "tips": (3, 12, ["insightful", "thanks", "like"]),
    "general": (1, 8, ["like", "celebrate", "thanks"]),
    "recognition": (4, 14, ["celebrate", "like", "thanks"]),
    "customer-feedback": (2, 8, ["insightful", "like", "celebrate"]),
    "lost-and-found": (0, 2, ["like"]),
    "shift-swaps": (0, 1, ["like"]),
}
# Comments a post gets, by section: (fewest, most).
COMMENT_COUNTS = {
    "announcements": (1, 5),
    "hr": (0, 3),
    "tips": (0, 3),
    "general": (0, 3),
    "recognition": (0, 2),
    "customer-feedback": (0, 2),
    "lost-and-found": (0, 2),
    "shift-swaps": (0, 1),
}
# Notifications older than this count as read. Reactions older than this are also written
# in bulk rather than through the service, whose permission check costs ~20 ms each: their
# notifications would have been read by now, and seeding stays well under half a minute.
READ_AFTER = datetime.timedelta(hours=36)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class CommunityResult:
    posts: int = 0
    comments: int = 0
    reactions: int = 0
    views: int = 0
    swaps: int = 0
    kudos: int = 0
    nominations: int = 0
    lost_items: int = 0
    feedback: int = 0
    reports: int = 0


class _CommunitySeeder:
    """Plays three weeks of the community through its services, then dates it all back.

    Each step notes when it "happened"; the notifications a step made are dated with it,
    and everything older than a day and a half counts as read, so the bell shows the
    recent things only.
    """

    def __init__(self, now):
        self.now = now
        self.rng = random.Random(SEED + 3)
        self.result = CommunityResult()
        people = list(
            User.objects.filter(email__endswith=f"@{DOMAIN}", is_active=True)
            .select_related("profile__site", "profile__team", "profile__department")
            .order_by("pk")
        )
        self.people = [person for person in people if hasattr(person, "profile")]
        self.by_email = {person.email: person for person in self.people}
        self.login = {role: self.by_email[email] for role, (email, _name) in DEMO_LOGINS.items()}
        self.agents, self.leaders, self.at_site = {}, {}, {}
        for person in self.people:
            profile = person.profile
            self.at_site.setdefault(profile.site.name, []).append(person)
            if profile.team is not None and person.role == Role.AGENT:
                self.agents.setdefault(profile.team.name, []).append(person)
            if profile.team is not None and person.role == Role.TEAM_LEADER:
                self.leaders[profile.team.name] = person
        self.managers = [p for p in self.people if p.role == Role.MANAGER]
        self.hr = [p for p in self.people if p.profile.department.name == "HR"]
        self.sites = {site.name: site for site in Site.objects.all()}
        self.teams = {team.name: team for team in Team.objects.all()}
        self.sections = {section.slug: section for section in Section.objects.all()}
        self.audience = {}  # post pk -> ("site" | "team", name) for targeted posts
        self.posts = []  # (post, section slug, written in Chinese)
        self.post_times = {}
        self.comment_times = {}
        self.reaction_times = {}
        self.offer_times = {}
        self.swap_times = {}  # swap pk -> {field: moment}
        self.extra_post_fields = {}  # post pk -> {field: moment}
        self.claim_times = {}
        self.notification_times = []
        self.last_notification = (
            Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )

    # Time -----------------------------------------------------------------------

    def local(self, site_name, days_ago, hour, minute=0):
        zone = zoneinfo.ZoneInfo(SITES[site_name])
        day = timezone.localdate(self.now, zone) - datetime.timedelta(days=days_ago)
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)

    def moment(self, person, days_ago):
        """When ``person`` would post, ``days_ago`` days back in their site's day; never later
        than a few minutes ago."""
        profile = person.profile
        if profile.team is not None and profile.team.name == "Overnight Support":
            hour = self.rng.choice([22, 23, 0, 1, 2, 3, 4, 5, 6])
        elif profile.site.name == "Shenzhen":
            hour = self.rng.randint(9, 20)
        else:
            hour = self.rng.randint(7, 20)
        at = self.local(profile.site.name, days_ago, hour, self.rng.randint(0, 59))
        return min(at, self.now - datetime.timedelta(minutes=self.rng.randint(20, 240)))

    def after(self, at, hours):
        later = at + datetime.timedelta(minutes=self.rng.randint(3, max(4, int(hours * 60))))
        return max(at, min(later, self.now - datetime.timedelta(minutes=1)))

    def happened(self, at):
        """Date the notifications made since the last call: they were sent at ``at``."""
        newest = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if newest > self.last_notification:
            self.notification_times.append((self.last_notification, newest, at))
            self.last_notification = newest

    # Who ------------------------------------------------------------------------

    def sees(self, person, post):
        target = self.audience.get(post.pk)
        if person.pk == post.author_id or target is None:
            return True
        kind, name = target
        profile = person.profile
        if kind == "site":
            return profile.site.name == name
        return profile.team is not None and profile.team.name == name

    def viewers(self, post):
        return [p for p in self.people if p.pk != post.author_id and self.sees(p, post)]

    def colleague_of(self, person, *, exclude=()):
        """Someone from the same team (or site, for people without one)."""
        profile = person.profile
        pool = self.agents.get(profile.team.name, []) if profile.team else []
        pool = [p for p in pool if p.pk != person.pk and p.pk not in exclude]
        if not pool:
            pool = [
                p
                for p in self.at_site[profile.site.name]
                if p.pk != person.pk and p.pk not in exclude
            ]
        return self.rng.choice(pool)

    def agent_at(self, site_name):
        teams = [name for name, site, *_rest in TEAMS if site == site_name]
        return self.rng.choice(self.agents[self.rng.choice(teams)])

    # Posts ----------------------------------------------------------------------

    def add_post(self, post, at, *, chinese=False, audience=None):
        self.post_times[post.pk] = at
        self.posts.append((post, post.section.slug, chinese))
        if audience is not None:
            self.audience[post.pk] = audience
        self.result.posts += 1
        self.happened(at)
        return post

    def plain_post(self, *, author, slug, title, body, at, site=None, chinese=False):
        post = community_services.create_post(
            author=author,
            section=self.sections[slug],
            title=title,
            body=body,
            sites=[self.sites[site]] if site else (),
        )
        return self.add_post(post, at, chinese=chinese, audience=("site", site) if site else None)

    def plan_posts(self):
        """Everything posted over the weeks, as (moment, what to do), oldest first."""
        rng, plan = self.rng, []
        manager, agent = self.login[Role.MANAGER], self.login[Role.AGENT]
        site_managers = {
            site: [m for m in self.managers if m.profile.site.name == site] for site in SITES
        }
        for title, body, site, pinned, days_ago in ANNOUNCEMENT_POSTS:
            if title == WELCOME_TITLE or pinned:
                author = manager
            else:
                author = rng.choice(site_managers[site] if site else self.managers)
            plan.append(
                (
                    self.moment(author, days_ago),
                    "announcement",
                    dict(author=author, title=title, body=body, site=site, pinned=pinned),
                )
            )
        for title, body, site, days_ago in HR_POSTS:
            people = [p for p in self.hr if site is None or p.profile.site.name == site]
            author = rng.choice(people)
            plan.append(
                (
                    self.moment(author, days_ago),
                    "post",
                    dict(
                        author=author,
                        slug="hr",
                        title=title,
                        body=body,
                        site=site,
                        chinese=bool(_CJK.search(title)),
                    ),
                )
            )
        for number, (title, body, shenzhen) in enumerate(TIP_POSTS):
            author = self.agent_at("Shenzhen" if shenzhen else "Cardiff")
            if number % 5 == 4:
                author = self.leaders[author.profile.team.name]
            plan.append(
                (
                    self.moment(author, rng.randint(0, COMMUNITY_DAYS - 1)),
                    "post",
                    dict(
                        author=author,
                        slug="tips",
                        title=title,
                        body=body,
                        chinese=bool(_CJK.search(title)),
                    ),
                )
            )
        for title, body, shenzhen, site in GENERAL_POSTS:
            author = self.agent_at("Shenzhen" if shenzhen else "Cardiff")
            plan.append(
                (
                    self.moment(author, rng.randint(0, COMMUNITY_DAYS - 1)),
                    "post",
                    dict(
                        author=author,
                        slug="general",
                        title=title,
                        body=body,
                        site=site,
                        chinese=bool(_CJK.search(title)),
                    ),
                )
            )
        # The demo agent's own post, so their reactions come in.
        plan.append(
            (
                self.moment(agent, 4),
                "post",
                dict(
                    author=agent,
                    slug="tips",
                    title="Explaining a bill that straddles a price change",
                    body="Split it into *before* and *after* the change date and read out the "
                    "two daily rates. Customers follow that far better than the total.",
                ),
            )
        )
        for number in range(len(KUDOS_MESSAGES) * 2):
            value, message = KUDOS_MESSAGES[number % len(KUDOS_MESSAGES)]
            giver = self.rng.choice(self.people)
            if _CJK.search(message):
                giver = self.agent_at("Shenzhen")
            recipient = self.colleague_of(giver)
            plan.append(
                (
                    self.moment(giver, rng.randint(1, COMMUNITY_DAYS - 1)),
                    "kudos",
                    dict(giver=giver, recipient=recipient, value=value, message=message),
                )
            )
        for kind, channel, product, title, body in FEEDBACK_POSTS:
            author = self.agent_at(
                "Shenzhen" if _CJK.search(body) else self.rng.choice(list(SITES))
            )
            plan.append(
                (
                    self.moment(author, rng.randint(0, COMMUNITY_DAYS - 1)),
                    "feedback",
                    dict(
                        author=author,
                        kind=kind,
                        channel=channel,
                        product=product,
                        title=title,
                        body=body,
                    ),
                )
            )
        for number, (kind, what, where, details, site) in enumerate(LOST_ITEMS):
            author = self.agent_at(site)
            plan.append(
                (
                    self.moment(author, rng.randint(0, COMMUNITY_DAYS - 1)),
                    "lost",
                    dict(
                        author=author,
                        kind=kind,
                        what=what,
                        where=where,
                        details=details,
                        outcome=("returned", "claimed", "open")[number % 3],
                    ),
                )
            )
        plan.sort(key=lambda step: step[0])
        return plan

    def run_plan(self, plan):
        for at, kind, spec in plan:
            if kind == "announcement":
                post = self.plain_post(
                    author=spec["author"],
                    slug="announcements",
                    title=spec["title"],
                    body=spec["body"],
                    at=at,
                    site=spec["site"],
                    chinese=bool(_CJK.search(spec["title"])),
                )
                if spec["pinned"]:
                    community_services.pin_post(actor=spec["author"], post=post)
            elif kind == "post":
                self.plain_post(at=at, **spec)
            elif kind == "kudos":
                kudos = community_services.give_kudos(
                    giver=spec["giver"],
                    recipient=spec["recipient"],
                    value=spec["value"],
                    message=spec["message"].format(
                        name=mention_token(spec["recipient"].pk, _name(spec["recipient"]))
                    ),
                )
                self.result.kudos += 1
                self.add_post(kudos.post, at, chinese=bool(_CJK.search(spec["message"])))
            elif kind == "feedback":
                feedback = community_services.share_customer_feedback(**spec)
                self.result.feedback += 1
                self.add_post(feedback.post, at, chinese=bool(_CJK.search(spec["body"])))
            elif kind == "lost":
                self.lost_item(at, **spec)

    def lost_item(self, at, *, author, kind, what, where, details, outcome):
        item = community_services.report_lost_item(
            author=author,
            kind=kind,
            what=what,
            where=where,
            when=at - datetime.timedelta(hours=self.rng.randint(1, 20)),
            details=details,
        )
        site = author.profile.site.name
        # Lost property is a site's business: aim it at the site, as people would.
        set_audience(item.post, sites=[self.sites[site]])
        self.result.lost_items += 1
        self.add_post(item.post, at, chinese=bool(_CJK.search(what)), audience=("site", site))
        if outcome == "open" and self.rng.random() < 0.5:
            return
        claimant = self.colleague_of(author)
        claim_at = self.after(at, 20)
        community_services.claim_item(
            claimant=claimant, item=item, message="I think that's mine!" if kind == "found" else ""
        )
        self.claim_times[(item.pk, claimant.pk)] = claim_at
        self.happened(claim_at)
        if outcome == "returned":
            returned_at = self.after(claim_at, 10)
            community_services.mark_returned(actor=author, item=item, returned_to=claimant)
            self.extra_post_fields.setdefault(item.pk, {})["returned_at"] = returned_at
            self.happened(returned_at)

    # Swaps ----------------------------------------------------------------------

    def swap_times_for(self, team_name):
        site = TEAMS_BY_NAME[team_name]
        start, end = self.rng.choice(SHIFTS.get(team_name) or SHIFTS[site])
        return datetime.time(start), datetime.time(end)

    def post_swap(self, *, poster, days_ago, shift_in_days, state):
        team = poster.profile.team
        site = self.sites[TEAMS_BY_NAME[team.name]]
        zone = zoneinfo.ZoneInfo(site.time_zone)
        shift_date = timezone.localdate(self.now, zone) + datetime.timedelta(days=shift_in_days)
        start, end = self.swap_times_for(team.name)
        wants = self.rng.choice(["any", "any", "day", "giveaway"])
        chinese = site.name == "Shenzhen" and self.rng.random() < 0.5
        notes = [note for note in SWAP_NOTES if bool(_CJK.search(note)) == chinese]
        show_to = community_swaps.SHOW_TO_SITE if self.rng.random() < 0.25 else "team"
        swap = community_swaps.create_swap(
            poster=poster,
            shift_date=shift_date,
            start_time=start,
            end_time=end,
            wants=wants,
            wanted_date=shift_date + datetime.timedelta(days=self.rng.randint(2, 6))
            if wants == "day"
            else None,
            note=self.rng.choice(notes),
            show_to=show_to,
        )
        audience = ("site", site.name) if show_to == "site" else ("team", team.name)
        at = self.moment(poster, days_ago)
        self.result.swaps += 1
        self.add_post(swap.post, at, chinese=chinese, audience=audience)
        return swap, at

    def offers(self, swap, at, count, *, exclude=()):
        poster = swap.post.author
        made, taken = [], {poster.pk, *exclude}
        for _ in range(count):
            person = self.colleague_of(poster, exclude=taken)
            taken.add(person.pk)
            offered_at = self.after(at, 20)
            offer = community_swaps.offer_to_take(
                actor=person, swap=swap, message=self.rng.choice(OFFER_MESSAGES)
            )
            self.offer_times[offer.pk] = offered_at
            self.happened(offered_at)
            made.append((offer, offered_at))
        return made

    def swap_story(self, state, *, poster, days_ago, shift_in_days, offers=None, decider=None):
        swap, at = self.post_swap(
            poster=poster, days_ago=days_ago, shift_in_days=shift_in_days, state=state
        )
        if state == "open":
            self.offers(
                swap, at, offers if offers is not None else self.rng.choice([0, 1, 1, 2, 3])
            )
            return swap
        if state == "expired":
            self.move_shift(swap, at, past=True)
            return swap
        made = self.offers(swap, at, offers or self.rng.randint(1, 3))
        if state == "expired_with_offers":
            self.move_shift(swap, at, past=True)
            return swap
        if state == "withdrawn":
            closed_at = self.after(made[-1][1], 12)
            community_swaps.withdraw_swap(actor=poster, swap=swap)
            self.swap_times.setdefault(swap.pk, {})["closed_at"] = closed_at
            self.happened(closed_at)
            return swap
        offer, _offered_at = self.rng.choice(made)
        accepted_at = self.after(max(when for _offer, when in made), 6)
        community_swaps.accept_offer(actor=poster, offer=offer)
        self.swap_times.setdefault(swap.pk, {})["accepted_at"] = accepted_at
        self.happened(accepted_at)
        if state == "awaiting_approval":
            return swap
        decider = decider or self.leaders.get(poster.profile.team.name) or self.managers[0]
        decided_at = self.after(accepted_at, 20)
        swap.refresh_from_db()
        if state == "declined":
            community_swaps.decline_swap(actor=decider, swap=swap)
        else:
            community_swaps.approve_swap(actor=decider, swap=swap)
        self.swap_times[swap.pk]["decided_at"] = decided_at
        self.happened(decided_at)
        if state == "approved_past":
            self.move_shift(swap, decided_at, past=True)
        return swap

    def move_shift(self, swap, at, *, past):
        """Put the shift where the story needs it: days after ``at``, already started.

        Only a future shift can be posted, so history is posted in the future and moved
        back; the notifications that named the old day are rewritten to name the new one.
        """
        swap.refresh_from_db()
        old = _shift_in_every_language(swap)
        zone = zoneinfo.ZoneInfo(swap.site.time_zone)
        latest = timezone.localdate(self.now, zone) - datetime.timedelta(days=1)
        day = min(timezone.localdate(at, zone) + datetime.timedelta(days=3), latest)
        shift = day - swap.shift_date
        ShiftSwap.objects.filter(pk=swap.pk).update(
            shift_date=day,
            starts_at=swap.starts_at + shift,
            ends_at=swap.ends_at + shift,
            wanted_date=swap.wanted_date + shift if swap.wanted_date else None,
        )
        swap.refresh_from_db()
        new = _shift_in_every_language(swap)
        told = list(
            Notification.objects.filter(
                content_type=ContentType.objects.get_for_model(ShiftSwap), object_id=swap.pk
            )
        )
        for notification in told:
            for language in new:
                notification.message = notification.message.replace(old[language], new[language])
            notification.messages = {
                language: text.replace(old[language], new[language])
                for language, text in notification.messages.items()
            }
        Notification.objects.bulk_update(told, ["message", "messages"])

    def swaps(self):
        rng = self.rng
        billing = self.agents["Billing Support"]
        agent = self.login[Role.AGENT]
        team_names = [name for name, *_rest in TEAMS]
        for number, state in enumerate(SWAP_STATES):
            poster = rng.choice(self.agents[team_names[number % len(team_names)]])
            if poster.pk == agent.pk:
                poster = self.colleague_of(agent)
            days_ago, shift_in = {
                "open": (rng.randint(0, 8), rng.randint(1, 12)),
                "awaiting_approval": (rng.randint(2, 6), rng.randint(2, 10)),
                "approved": (rng.randint(3, 10), rng.randint(1, 10)),
                "approved_past": (rng.randint(12, 19), 14),
                "declined": (rng.randint(4, 12), rng.randint(1, 10)),
                "expired": (rng.randint(8, 16), 14),
                "expired_with_offers": (rng.randint(8, 16), 14),
                "withdrawn": (rng.randint(5, 10), rng.randint(2, 10)),
            }[state]
            if state == "awaiting_approval" and poster.profile.team.name == "Billing Support":
                state = "approved"
            self.swap_story(state, poster=poster, days_ago=days_ago, shift_in_days=shift_in)
        # The demo team leader has two Billing Support swaps to decide, and the demo agent
        # a swap with offers to choose from and an offer of their own on a colleague's.
        others = [p for p in billing if p.pk != agent.pk]
        for poster in others[1:3]:
            self.swap_story(
                "awaiting_approval",
                poster=poster,
                days_ago=0,
                shift_in_days=rng.randint(3, 9),
                offers=2,
            )
        self.swap_story("open", poster=agent, days_ago=1, shift_in_days=6, offers=2)
        colleague_swap, at = self.post_swap(
            poster=others[0], days_ago=2, shift_in_days=5, state="open"
        )
        offer = community_swaps.offer_to_take(
            actor=agent, swap=colleague_swap, message="Happy to, I am on lates that week anyway."
        )
        self.offer_times[offer.pk] = self.after(at, 8)
        self.happened(self.offer_times[offer.pk])
        community_swaps.close_started_swaps(now=self.now)
        self.happened(self.now - datetime.timedelta(minutes=30))

    # Conversation ---------------------------------------------------------------

    def comment(self, *, author, post, body, at, parent=None):
        comment = community_services.add_comment(author=author, post=post, body=body, parent=parent)
        self.comment_times[comment.pk] = at
        self.result.comments += 1
        self.happened(at)
        return comment

    def conversations(self):
        rng = self.rng
        for post, slug, chinese in list(self.posts):
            fewest, most = COMMENT_COUNTS[slug]
            viewers = self.viewers(post)
            at = self.post_times[post.pk]
            threads = []
            for _ in range(rng.randint(fewest, most)):
                author = rng.choice(viewers)
                at = self.after(at, 10)
                if threads and rng.random() < 0.3:
                    parent = rng.choice(threads)
                    replier = post.author if rng.random() < 0.5 else author
                    if replier.pk == parent.author_id:
                        replier = author
                    body = rng.choice(CHINESE_REPLIES if chinese else REPLIES)
                    self.comment(author=replier, post=post, body=body, at=at, parent=parent)
                    continue
                if not chinese and rng.random() < 0.15:
                    mentioned = self.colleague_of(author, exclude={post.author_id})
                    if not self.sees(mentioned, post):
                        mentioned = rng.choice(viewers)
                    body = rng.choice(MENTION_COMMENTS).format(
                        mention=mention_token(mentioned.pk, _name(mentioned))
                    )
                else:
                    body = rng.choice(CHINESE_COMMENTS if chinese else COMMENTS[slug])
                threads.append(self.comment(author=author, post=post, body=body, at=at))

    def reactions(self):
        """Reactions from people who can see the post; the recent ones, and all on the demo
        logins' posts, through the service so their authors are notified."""
        rng, old = self.rng, []
        demo = {person.pk for person in self.login.values()}
        for post, slug, _chinese in self.posts:
            fewest, most, kinds = REACTIONS[slug]
            viewers = self.viewers(post)
            people = rng.sample(viewers, min(len(viewers), rng.randint(fewest, most)))
            for person in people:
                kind = kinds[0] if rng.random() < 0.6 else rng.choice(kinds)
                at = self.after(self.post_times[post.pk], 30)
                self.result.reactions += 1
                if self.now - at > READ_AFTER and post.author_id not in demo:
                    old.append(Reaction(post=post, user=person, kind=kind, created_at=at))
                    continue
                community_services.toggle_reaction(user=person, post=post, kind=kind, on=True)
                self.reaction_times[(post.pk, person.pk, kind)] = at
                self.happened(at)
        Reaction.objects.bulk_create(old, batch_size=1000)

    def demo_moments(self):
        """What the demo logins find waiting: a mention, a reply and kudos for the agent."""
        agent = self.login[Role.AGENT]
        teammate = self.colleague_of(agent)
        tips = [p for p, slug, chinese in self.posts if slug == "tips" and not chinese]
        tips = [p for p in tips if p.author_id not in (agent.pk, teammate.pk)]
        tips.sort(key=lambda p: self.post_times[p.pk])
        recent, older = tips[-1], tips[-4]
        self.comment(
            author=teammate,
            post=recent,
            body=f"{mention_token(agent.pk, _name(agent))} this is the answer to the direct "
            "debit question you had on Tuesday.",
            at=self.now - datetime.timedelta(hours=3),
        )
        question = self.comment(
            author=agent,
            post=older,
            body="Does this work for customers on the old tariffs too?",
            at=self.now - datetime.timedelta(hours=26),
        )
        self.comment(
            author=older.author,
            post=older,
            body="Yes, anything from the last five years. Older than that, check with a senior.",
            parent=question,
            at=self.now - datetime.timedelta(hours=2),
        )
        giver = self.colleague_of(agent, exclude={teammate.pk})
        kudos = community_services.give_kudos(
            giver=giver,
            recipient=agent,
            value="customer_hero",
            message=f"{mention_token(agent.pk, _name(agent))} calmed down a customer with three "
            "months of wrong bills, fixed all of it and set up the refund before the call ended.",
        )
        self.result.kudos += 1
        self.add_post(kudos.post, self.now - datetime.timedelta(hours=5))

    def recognition(self):
        """Last week's agent of the week, picked from its nominations, and this week's."""
        manager = self.login[Role.MANAGER]
        this_week = current_week(self.now)
        last_week = this_week - datetime.timedelta(days=7)
        for week, count in ((last_week, 7), (this_week, 6)):
            nominees = [self.agent_at(self.rng.choice(list(SITES))) for _ in range(3)]
            made = []
            for number in range(count):
                nominee = nominees[0] if number < 3 else self.rng.choice(nominees)
                nominator = self.colleague_of(nominee)
                _value, reason = self.rng.choice(KUDOS_MESSAGES)
                if (nominee.pk, nominator.pk) in made:
                    continue
                community_services.nominate(
                    nominator=nominator,
                    nominee=nominee,
                    reason=reason.format(name=_name(nominee)),
                )
                made.append((nominee.pk, nominator.pk))
            self.result.nominations += len(made)
            start = datetime.datetime.combine(week, datetime.time(9), tzinfo=datetime.UTC)
            end = min(start + datetime.timedelta(days=4), self.now - datetime.timedelta(hours=1))
            nominations = list(Nomination.objects.filter(week=this_week, nominee__in=nominees))
            for nomination in nominations:
                nomination.created_at = start + (end - start) * self.rng.random()
                nomination.week = week
            winner = nominees[0]
            community_services.pick_agent_of_the_week(
                actor=manager,
                winner=winner,
                citation=f"{_name(winner)}: nominated by three colleagues, and the customers "
                "agree. Thank you!",
            )
            chosen_at = min(end, max(n.created_at for n in nominations)) + datetime.timedelta(
                hours=1
            )
            if week != this_week:
                # Picked "this week" by the service, which only knows the current week.
                Notification.objects.filter(
                    recipient=winner, dedupe_key=f"agent-of-the-week:{this_week.isoformat()}"
                ).update(dedupe_key=f"agent-of-the-week:{week.isoformat()}")
                AgentOfTheWeek.objects.filter(week=this_week).update(week=week)
            AgentOfTheWeek.objects.filter(week=week).update(
                chosen_at=min(chosen_at, self.now - datetime.timedelta(minutes=30))
            )
            Nomination.objects.bulk_update(nominations, ["week", "created_at"])
            self.happened(min(chosen_at, self.now - datetime.timedelta(minutes=30)))

    def housekeeping(self):
        """One post edited, one deleted, one hidden by a moderator, one waiting in the
        moderation queue, one piece of feedback highlighted."""
        rng, manager = self.rng, self.login[Role.MANAGER]
        by_slug = {}
        for post, slug, chinese in self.posts:
            if not chinese:
                by_slug.setdefault(slug, []).append(post)
        edited = by_slug["tips"][2]
        community_services.edit_post(
            actor=edited.author,
            post=edited,
            title=edited.title,
            body=edited.body + "\n\n*Edit: also works on the Hub 3.*",
        )
        self.extra_post_fields.setdefault(edited.pk, {})["edited_at"] = self.after(
            self.post_times[edited.pk], 1
        )
        cardiff_agent = self.agent_at("Cardiff")
        wrong = self.plain_post(
            author=cardiff_agent,
            slug="general",
            title="Anyone got a spare shift on Saturday?",
            body="Looking to pick up extra hours.",
            at=self.moment(cardiff_agent, 6),
        )
        community_services.delete_post(actor=cardiff_agent, post=wrong)
        self.extra_post_fields.setdefault(wrong.pk, {})["deleted_at"] = self.after(
            self.post_times[wrong.pk], 0.3
        )
        seller = self.agent_at("Cardiff")
        phone = self.plain_post(
            author=seller,
            slug="general",
            title="Selling my car",
            body="2017 Corsa, low mileage. Ring or text me on 07700 900461 for details.",
            at=self.moment(seller, 5),
        )
        moderator = rng.choice([m for m in self.managers if m.pk != manager.pk])
        hidden_at = self.after(self.post_times[phone.pk], 3)
        community_services.report_post(
            reporter=self.colleague_of(seller),
            post=phone,
            reason="personal_data",
            details="Phone number in a post the whole floor can see.",
        )
        community_services.hide_post(
            moderator=moderator,
            post=phone,
            reason="Please don't share phone numbers on the feed. Post it again without the "
            "number and ask people to message you.",
        )
        self.extra_post_fields.setdefault(phone.pk, {})["hidden_at"] = hidden_at
        self.happened(hidden_at)
        spammer = self.agent_at("Cardiff")
        spam = self.plain_post(
            author=spammer,
            slug="general",
            title="Make money from home",
            body="My cousin's trading group doubles your money in a month. Message me to join, "
            "only five places left!",
            at=self.now - datetime.timedelta(hours=9),
        )
        community_services.report_post(
            reporter=self.colleague_of(spammer),
            post=spam,
            reason="spam",
            details="Looks like a scam, not something for the work feed.",
        )
        self.report_at = (spam.pk, self.now - datetime.timedelta(hours=7))
        self.result.reports += 2
        compliments = [
            post
            for post in by_slug["customer-feedback"]
            if post.customer_feedback.kind == "compliment"
        ]
        community_services.set_feedback_highlight(
            actor=manager, feedback=compliments[0].customer_feedback, highlighted=True
        )

    def views(self):
        """Who saw what, as ``mark_seen`` records it (never the author, never deleted posts),
        dated after the post. The demo agent has not seen the last day's posts yet."""
        rng, agent = self.rng, self.login[Role.AGENT]
        deleted = set(
            Post.objects.filter(pk__in=self.post_times, deleted_at__isnull=False).values_list(
                "pk", flat=True
            )
        )
        rows = []
        for post, _slug, _chinese in self.posts:
            if post.pk in deleted:
                continue
            at = self.post_times[post.pk]
            age_days = (self.now - at).total_seconds() / 86400
            share = min(0.85, 0.2 + 0.06 * age_days)
            for person in self.viewers(post):
                # The demo agent has caught up, except for the last day's posts.
                seen = age_days > 1 if person.pk == agent.pk else rng.random() < share
                if seen:
                    rows.append(
                        PostView(
                            post_id=post.pk, user_id=person.pk, first_seen_at=self.after(at, 30)
                        )
                    )
        PostView.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        self.result.views = len(rows)

    # Dates ----------------------------------------------------------------------

    def date_everything(self):
        posts = list(Post.objects.filter(pk__in=self.post_times))
        for post in posts:
            post.created_at = self.post_times[post.pk]
            for name, moment in self.extra_post_fields.get(post.pk, {}).items():
                if name in ("edited_at", "deleted_at", "hidden_at"):
                    setattr(post, name, moment)
        Post.objects.bulk_update(
            posts, ["created_at", "edited_at", "deleted_at", "hidden_at"], batch_size=500
        )
        ModerationAction.objects.filter(post_id__in=self.post_times).update(
            created_at=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("hidden_at")[:1])
        )
        Report.objects.filter(post_id__in=self.post_times, resolved_at__isnull=False).update(
            resolved_at=Subquery(
                Post.objects.filter(pk=OuterRef("post_id")).values("hidden_at")[:1]
            )
        )
        for report in Report.objects.filter(post_id__in=self.post_times):
            report.created_at = (
                self.report_at[1]
                if report.post_id == self.report_at[0]
                else report.resolved_at - datetime.timedelta(hours=2)
            )
            report.save(update_fields=["created_at"])
        comments = list(Comment.objects.filter(pk__in=self.comment_times))
        for comment in comments:
            comment.created_at = self.comment_times[comment.pk]
        Comment.objects.bulk_update(comments, ["created_at"], batch_size=500)
        reactions = []
        for reaction in Reaction.objects.filter(post_id__in=self.post_times):
            at = self.reaction_times.get((reaction.post_id, reaction.user_id, reaction.kind))
            if at is not None:
                reaction.created_at = at
                reactions.append(reaction)
        Reaction.objects.bulk_update(reactions, ["created_at"], batch_size=500)
        offers = list(SwapOffer.objects.filter(pk__in=self.offer_times))
        for offer in offers:
            offer.created_at = self.offer_times[offer.pk]
        SwapOffer.objects.bulk_update(offers, ["created_at"], batch_size=500)
        swaps = list(ShiftSwap.objects.filter(pk__in=self.swap_times))
        for swap in swaps:
            for name, moment in self.swap_times[swap.pk].items():
                setattr(swap, name, moment)
        ShiftSwap.objects.bulk_update(swaps, ["accepted_at", "decided_at", "closed_at"])
        expired = ShiftSwap.objects.filter(
            state=ShiftSwap.State.EXPIRED, post_id__in=self.post_times
        )
        expired.update(closed_at=F("starts_at"))
        claims = list(Claim.objects.filter(item_id__in=self.post_times))
        for claim in claims:
            claim.created_at = self.claim_times.get(
                (claim.item_id, claim.claimant_id), claim.created_at
            )
        Claim.objects.bulk_update(claims, ["created_at"])
        items = list(LostItem.objects.filter(pk__in=self.extra_post_fields, state="returned"))
        for item in items:
            item.returned_at = self.extra_post_fields[item.pk]["returned_at"]
        LostItem.objects.bulk_update(items, ["returned_at"])
        feedback = CustomerFeedback.objects.filter(post_id__in=self.post_times, highlighted=True)
        for item in feedback:
            item.highlighted_at = self.after(self.post_times[item.pk], 24)
            item.save(update_fields=["highlighted_at"])
        for low, high, at in self.notification_times:
            read_at = at + datetime.timedelta(hours=2) if self.now - at > READ_AFTER else None
            Notification.objects.filter(pk__gt=low, pk__lte=high).update(
                created_at=at, read_at=read_at
            )

    def run(self):
        self.run_plan(self.plan_posts())
        self.swaps()
        self.conversations()
        self.reactions()
        self.demo_moments()
        self.recognition()
        self.housekeeping()
        self.views()
        self.date_everything()
        return self.result


TEAMS_BY_NAME = {name: site for name, site, *_rest in TEAMS}


def _name(person):
    return person.profile.display_name


def _shift_in_every_language(swap):
    """{language code: how notifications name the swap's shift in that language}."""
    described = {}
    for language in languages.codes():
        with translation.override(language):
            described[language] = community_swaps.describe_shift(swap)
    return described


def community_seeded():
    return Post.objects.filter(
        section__slug="announcements",
        title=WELCOME_TITLE,
        author__email=DEMO_LOGINS[Role.MANAGER][0],
    ).exists()


@transaction.atomic
def seed_community(now=None):
    """Three weeks of posts, comments, reactions, swaps, kudos, lost property, feedback and
    moderation among the demo people; None when it is there already."""
    if community_seeded():
        return None
    # The history happened weeks ago: nobody should get an email about it today.
    with notifications.without_email():
        return _CommunitySeeder(now or timezone.now()).run()
