"""Demo data: a believable two-site contact centre for trying the portal out.

Everything here is deterministic (a seeded random generator), keyed on email
addresses so that running it again creates nothing new, and only ever used by
``manage.py seed_demo`` and the benchmarks, never by the portal itself.
"""

import calendar
import datetime
import random
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from portal.models import Department, Profile, Role, Site, Team
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

    @property
    def changed(self):
        return any((self.sites, self.departments, self.teams, self.people))


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
        skill_list = [item.strip() for item in skills.split(",")]
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
    return result


def seed_crowd(count, *, batch_size=2000):
    """Bulk-create ``count`` extra agents (for benchmarks) on top of the demo organisation.

    Keyed on email like ``seed_demo``, so it only adds the ones that are missing.
    """
    seed_demo()
    rng = random.Random(SEED + count)
    teams = list(Team.objects.select_related("site", "department"))
    today = timezone.localdate()
    password = make_password(DEMO_PASSWORD)
    emails = [f"crowd{number:05d}@bench.{DOMAIN}" for number in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [email for email in emails if email not in existing]
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(email=email, role=Role.AGENT, password=password) for email in batch
            )
            profiles = []
            for user in users:
                team = rng.choice(teams)
                _given, _family, display = _random_name(rng, team.site.name, set())
                day, month = _birthday(rng)
                profiles.append(
                    Profile(
                        user=user,
                        display_name=display,
                        job_title="Customer Service Advisor",
                        site=team.site,
                        team=team,
                        department=team.department,
                        start_date=_start_date(rng, today),
                        birthday_day=day,
                        birthday_month=month,
                        languages=_languages(rng, team.site.name, team.name),
                        skills=", ".join(rng.sample(GENERAL_SKILLS, 2)),
                    )
                )
            Profile.objects.bulk_create(profiles)
    if missing and connection.vendor == "postgresql":
        # Fresh statistics, so the planner does not treat 20,000 rows like the 150 it saw.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {User._meta.db_table}, {Profile._meta.db_table}")
    return len(missing)
