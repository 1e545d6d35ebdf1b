"""Bring people in from a CSV file: read, check every row, preview, then apply once.

The file is stored as a ``PeopleImport`` when uploaded. The preview and the import
both run ``plan_import`` on that stored text against the database as it is at that
moment, so what the administrator confirms is what gets applied, and applying again
(a double click, the back button) finds the import already done and changes nothing.
A file whose every row has a problem is closed as "nothing to import" with its problems,
when uploaded or when confirmed, so it never waits for a confirmation it cannot get.
"""

import csv
import datetime
import difflib
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import languages, permissions, services
from portal.dates import localised
from portal.lists import join_list
from portal.models import Department, Invitation, PeopleImport, Profile, Role, Site, Team

User = get_user_model()

REQUIRED_COLUMNS = (
    "name",
    "email",
    "site",
    "team",
    "department",
    "role",
    "job_title",
    "start_date",
    "birthday_day",
    "birthday_month",
)
OPTIONAL_COLUMNS = ("language",)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
EXAMPLE_ROW = {
    "name": "Priya Shah",
    "email": "priya.shah@example.com",
    "site": "Cardiff",
    "team": "Billing",
    "department": "Customer Service",
    "role": "agent",
    "job_title": "Billing adviser",
    "start_date": "2024-09-02",
    "birthday_day": "14",
    "birthday_month": "3",
    "language": settings.LANGUAGE_CODE,
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
NAME_MAX_LENGTH = Profile._meta.get_field("display_name").max_length
JOB_TITLE_MAX_LENGTH = Profile._meta.get_field("job_title").max_length
PROFILE_FIELDS = (
    "display_name",
    "job_title",
    "site",
    "team",
    "department",
    "start_date",
    "birthday_day",
    "birthday_month",
    "language",
)
FIELD_LABELS = {
    "display_name": gettext_lazy("Name"),
    "role": gettext_lazy("Role"),
    "job_title": gettext_lazy("Job title"),
    "site": gettext_lazy("Site"),
    "team": gettext_lazy("Team"),
    "department": gettext_lazy("Department"),
    "start_date": gettext_lazy("Start date"),
    "birthday_day": gettext_lazy("Birthday day"),
    "birthday_month": gettext_lazy("Birthday month"),
    "language": gettext_lazy("Language"),
    "birthday": gettext_lazy("Birthday"),
}
# What the preview lists for a new person, in this order.
NEW_PERSON_DETAILS = (
    "site",
    "team",
    "department",
    "role",
    "language",
    "job_title",
    "start_date",
    "birthday",
)
# How the preview writes a start date: the weekday shows at once whether a day-first date
# was read the right way round.
START_DATE_FORMAT = "D j M Y"
# SQLite refuses statements with more than a few thousand parameters.
LOOKUP_CHUNK = 2000
BATCH_SIZE = 1000

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
OUTCOMES = (NEW, UPDATE, UNCHANGED, ERROR)


@dataclass
class Change:
    field: str
    old: str
    new: str

    @property
    def label(self):
        return FIELD_LABELS[self.field]


@dataclass
class Detail:
    field: str
    value: str

    @property
    def label(self):
        return FIELD_LABELS[self.field]


@dataclass
class Row:
    number: int
    email: str
    name: str
    outcome: str = NEW
    role: str | None = None
    profile_values: dict = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    user: User | None = None

    @property
    def details(self):
        """What a new person gets, for the preview; details the file leaves empty are left out."""
        values = self.profile_values
        birthday = ""
        if values["birthday_day"] is not None:
            birthday = date_format(
                datetime.date(2000, values["birthday_month"], values["birthday_day"]),
                "MONTH_DAY_FORMAT",
            )
        shown = {
            "site": values["site"].name if values["site"] else "",
            "team": values["team"].name if values["team"] else "",
            "department": values["department"].name if values["department"] else "",
            "role": Role(self.role or Role.AGENT).label,
            "language": languages.name(values["language"]),
            "job_title": values["job_title"],
            "start_date": _written_date(values["start_date"]) if values["start_date"] else "",
            "birthday": birthday,
        }
        return [Detail(name, str(shown[name])) for name in NEW_PERSON_DETAILS if shown[name]]


@dataclass
class Plan:
    rows: list[Row]

    def of(self, outcome):
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def counts(self):
        counts = dict.fromkeys(OUTCOMES, 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    @property
    def to_apply(self):
        counts = self.counts
        return counts[NEW] + counts[UPDATE]

    @property
    def nothing_but_problems(self):
        return bool(self.rows) and all(row.outcome == ERROR for row in self.rows)

    @property
    def skipped(self):
        """The rows with problems, as an import keeps them in its summary."""
        return [
            {"row": row.number, "email": row.email, "reasons": row.errors} for row in self.of(ERROR)
        ]


# Reading the file --------------------------------------------------------------


def read_upload(upload):
    """Return the text of an uploaded CSV file, or raise a ValidationError saying why not."""
    limit = settings.PEOPLE_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB."),
            params={"size": _megabytes(upload.size), "limit": _megabytes(limit)},
            code="too_large",
        )
    raw = upload.read()
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _(
                "This is a spreadsheet workbook, not a CSV file. In your spreadsheet "
                "program choose “Save as” and the format “CSV UTF-8”."
            ),
            code="not_csv",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "This is not a UTF-8 CSV file. In your spreadsheet program choose "
                "“Save as” and the format “CSV UTF-8”."
            ),
            code="not_csv",
        ) from None
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV file."), code="not_csv")
    if not parse(text)[1]:
        raise ValidationError(_("The file has a header row but no people in it."), code="no_rows")
    return text


def _written_date(day):
    return date_format(day, localised(START_DATE_FORMAT))


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def parse(text):
    """Split CSV text into its header and a list of (row number, {column: value})."""
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        lines = list(reader)
    except csv.Error as error:
        raise ValidationError(
            _("This file cannot be read as CSV: %(error)s"),
            params={"error": error},
            code="not_csv",
        ) from None
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise ValidationError(_("The file is empty."), code="empty")
    header = [_column_name(cell) for cell in lines[0]]
    problems = _header_problems(lines[0], header)
    positions = {column: header.index(column) for column in COLUMNS if column in header}
    nameless = [index for index, name in enumerate(header) if not name]
    # Each nameless column with a value, and the first row that has one there.
    nameless_with_values = {}
    records = []
    # Row numbers as a spreadsheet shows them: the header is row 1.
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        for index in [*nameless, *range(len(header), len(cells))]:
            if index < len(cells) and cells[index].strip():
                nameless_with_values.setdefault(index, number)
        records.append(
            (
                number,
                {
                    column: cells[positions[column]].strip()
                    if column in positions and positions[column] < len(cells)
                    else ""
                    for column in COLUMNS
                },
            )
        )
    if nameless_with_values:
        columns = "; ".join(
            _("column %(column)s, from row %(row)s")
            % {"column": _column_letter(index), "row": nameless_with_values[index]}
            for index in sorted(nameless_with_values)
        )
        message = _(
            "These columns have values but no name in the header row: %(columns)s. "
            "Name them or delete them; nothing in them would be imported."
        )
        if delimiter == ",":
            # The usual cause: a value like "Smith, Jo" without quotes pushes its row right.
            message += " " + _(
                "A value with a comma in it needs double quotes around it, or the rest of "
                "its row moves one column to the right."
            )
        problems.append(
            ValidationError(message, params={"columns": columns}, code="unnamed_columns")
        )
    if problems:
        raise ValidationError(problems)
    return header, records


def _header_problems(cells, header):
    """What is wrong with the header row: a column missing, unknown or written twice."""
    problems = []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        problems.append(
            ValidationError(
                _(
                    "The header row is missing these columns: %(missing)s. The first row "
                    "must name the columns: %(columns)s. Download the template to start from."
                ),
                params={"missing": ", ".join(missing), "columns": ", ".join(REQUIRED_COLUMNS)},
                code="missing_columns",
            )
        )
    # Named as written, so the administrator finds the column they have to correct.
    unknown = [
        _unknown_column(cell, name, [column for column in COLUMNS if column not in header])
        for cell, name in zip(cells, header, strict=True)
        if name and name not in COLUMNS
    ]
    if unknown:
        problems.append(
            ValidationError(
                _(
                    "The header row has columns Switchboard does not import: %(unknown)s. "
                    "Correct their names or delete them; nothing in them would be imported. "
                    "The columns it reads are: %(columns)s."
                ),
                params={
                    "unknown": ", ".join(unknown),
                    "columns": ", ".join(COLUMNS),
                },
                code="unknown_columns",
            )
        )
    repeated = [column for column in COLUMNS if header.count(column) > 1]
    if repeated:
        problems.append(
            ValidationError(
                _(
                    "The header row names %(columns)s more than once. Keep one column of "
                    "each: only the first would be imported."
                ),
                params={"columns": ", ".join(repeated)},
                code="repeated_columns",
            )
        )
    return problems


def _unknown_column(cell, name, absent):
    """An unknown column as written, with the absent known column it most likely means."""
    close = difflib.get_close_matches(name, absent, n=1)
    if close:
        return _("“%(column)s” (did you mean %(suggestion)s?)") % {
            "column": cell.strip(),
            "suggestion": close[0],
        }
    return f"“{cell.strip()}”"


def _column_letter(index):
    """A column as a spreadsheet labels it: A for the first, AA for the 27th."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _column_name(cell):
    return "_".join(cell.strip().lower().replace("-", " ").split())


def template_csv():
    """The header and one example row, placed in a real team so the example imports as is."""
    example = dict(EXAMPLE_ROW)
    team = Team.objects.select_related("site", "department").order_by("site__name", "name").first()
    if team is not None:
        example.update(site=team.site.name, team=team.name, department=team.department.name)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(example)
    return buffer.getvalue()


# Checking rows -----------------------------------------------------------------


class _Directory:
    """Every site, team and department, and the people named in the file, loaded once."""

    def __init__(self, emails):
        self.sites = {site.name.lower(): site for site in Site.objects.all()}
        self.sites_by_id = {site.pk: site for site in self.sites.values()}
        self.teams = {}
        self.teams_by_id = {}
        for team in Team.objects.all():
            self.teams[(team.site_id, team.name.lower())] = team
            self.teams_by_id[team.pk] = team
        self.departments = {
            department.name.lower(): department for department in Department.objects.all()
        }
        self.departments_by_id = {d.pk: d for d in self.departments.values()}
        self.users = {}
        emails = sorted(emails)
        for start in range(0, len(emails), LOOKUP_CHUNK):
            chunk = emails[start : start + LOOKUP_CHUNK]
            for user in User.objects.filter(email__in=chunk).select_related("profile"):
                self.users[user.email.lower()] = user


def _role_lookup():
    """Every way the file may write a role, to its code: the code, or the role's name in any
    of the portal's languages ("Team leader", "组长"), so the names an error lists work."""
    lookup = {}
    for language in languages.codes():
        with translation.override(language):
            for code, label in Role.choices:
                lookup[_column_name(str(label))] = code
    for code in Role.values:
        lookup[_column_name(code)] = code
    return lookup


def _role_names():
    """The roles as the import page lists them, in the reader's language, each with its code
    where the name is not just the code written out: "department submitter (submitter)"."""
    names = []
    for code, label in Role.choices:
        name = str(label).lower()
        names.append(name if _column_name(name) == code else f"{name} ({code})")
    return join_list(names)


def _language_lookup():
    """Every way the file may write one of the portal's languages, to its code.

    The code and the name the language menu shows, and Django's English and own names for
    it. People also write the general code or name ("en", "Chinese") for "en-gb" or
    "Simplified Chinese": those count where only one of the portal's languages has them.
    """
    exact, general = {}, defaultdict(set)
    for code, name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        for written in (code, str(name), info["name"], info["name_local"]):
            exact[_column_name(written)] = code
        general[_column_name(code.split("-")[0])].add(code)
        general[_column_name(info["name"].split()[-1])].add(code)
    lookup = {written: codes.pop() for written, codes in general.items() if len(codes) == 1}
    lookup.update(exact)
    return lookup


def _parse_date(value):
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _parse_number(value, label, errors):
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        errors.append(
            _("%(label)s “%(value)s” is not a whole number.") % {"label": label, "value": value}
        )
        return None


def _check_row(number, cells, *, directory, roles, language_codes, actor):
    email = cells["email"].lower()
    name = " ".join(cells["name"].split())
    row = Row(number=number, email=email, name=name)
    errors = row.errors
    if not email:
        errors.append(_("The email is missing."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("“%(email)s” is not a valid email address.") % {"email": cells["email"]}
            )
    if not name:
        errors.append(_("The name is missing."))
    elif len(name) > NAME_MAX_LENGTH:
        errors.append(
            _("The name is longer than %(limit)s characters.") % {"limit": NAME_MAX_LENGTH}
        )
    if cells["role"]:
        row.role = roles.get(_column_name(cells["role"]))
        if row.role is None:
            errors.append(
                _("Unknown role “%(role)s”. Use one of: %(roles)s.")
                % {"role": cells["role"], "roles": _role_names()}
            )
    job_title = cells["job_title"]
    if len(job_title) > JOB_TITLE_MAX_LENGTH:
        errors.append(
            _("The job title is longer than %(limit)s characters.")
            % {"limit": JOB_TITLE_MAX_LENGTH}
        )
    site = team = department = None
    if cells["site"]:
        site = directory.sites.get(cells["site"].lower())
        if site is None:
            errors.append(_("Unknown site “%(site)s”.") % {"site": cells["site"]})
    if cells["team"]:
        if site is not None:
            team = directory.teams.get((site.pk, cells["team"].lower()))
            if team is None:
                errors.append(
                    _("Unknown team “%(team)s” at site “%(site)s”.")
                    % {"team": cells["team"], "site": site.name}
                )
        elif not cells["site"]:
            errors.append(
                _("The team “%(team)s” needs a site: several sites can have a team of that name.")
                % {"team": cells["team"]}
            )
    if cells["department"]:
        department = directory.departments.get(cells["department"].lower())
        if department is None:
            errors.append(
                _("Unknown department “%(department)s”.") % {"department": cells["department"]}
            )
    start_date = None
    if cells["start_date"]:
        start_date = _parse_date(cells["start_date"])
        if start_date is None:
            errors.append(
                _("Bad date “%(date)s”: use YYYY-MM-DD or DD/MM/YYYY.")
                % {"date": cells["start_date"]}
            )
    language = ""
    if cells["language"]:
        language = language_codes.get(_column_name(cells["language"]), "")
        if not language:
            errors.append(
                _("Unknown language “%(language)s”. Use one of: %(languages)s.")
                % {
                    "language": cells["language"],
                    "languages": join_list(f"{code} ({name})" for code, name in settings.LANGUAGES),
                }
            )
    errors_before = len(errors)
    day = _parse_number(cells["birthday_day"], _("Birthday day"), errors)
    month = _parse_number(cells["birthday_month"], _("Birthday month"), errors)
    if len(errors) == errors_before:
        try:
            services.validate_birthday(day, month)
        except ValidationError as error:
            errors.extend(error.messages)
    row.profile_values = {
        "display_name": name,
        "job_title": job_title,
        "site": site,
        "team": team,
        "department": department,
        "start_date": start_date,
        "birthday_day": day,
        "birthday_month": month,
        "language": language,
    }
    row.user = directory.users.get(email)
    if (
        actor is not None
        and row.user is not None
        and row.user.pk == actor.pk
        and row.role not in (None, Role.ADMINISTRATOR)
    ):
        errors.append(_("You cannot remove your own administrator role."))
    return row


def _display(value, field_name, directory):
    if value is None or value == "":
        return "—"
    if field_name in ("site", "team", "department"):
        lookup = {
            "site": directory.sites_by_id,
            "team": directory.teams_by_id,
            "department": directory.departments_by_id,
        }[field_name]
        item = lookup.get(value)
        return item.name if item else str(value)
    if field_name == "role":
        return str(Role(value).label)
    if field_name == "language":
        return languages.name(value)
    if isinstance(value, datetime.date):
        return _written_date(value)
    return str(value)


def _compare(row, directory):
    """Fill in what would change for someone who already exists."""
    user = row.user
    profile = getattr(user, "profile", None)
    if row.role is not None and row.role != user.role:
        row.changes.append(
            Change(
                "role",
                _display(user.role, "role", directory),
                _display(row.role, "role", directory),
            )
        )
    lookups = {
        "site": directory.sites_by_id,
        "team": directory.teams_by_id,
        "department": directory.departments_by_id,
    }
    for name in PROFILE_FIELDS:
        new = row.profile_values[name]
        if profile is not None and new in (None, ""):
            # A blank cell keeps what the person already has, as a blank role does.
            if name in lookups:
                row.profile_values[name] = lookups[name].get(getattr(profile, f"{name}_id"))
            else:
                row.profile_values[name] = getattr(profile, name)
            continue
        if name in ("site", "team", "department"):
            old = getattr(profile, f"{name}_id", None) if profile else None
            new = new.pk if new is not None else None
        else:
            old = getattr(profile, name, None) if profile else None
            if name == "job_title":
                old = old or ""
        if old != new:
            row.changes.append(
                Change(name, _display(old, name, directory), _display(new, name, directory))
            )
    row.outcome = UPDATE if row.changes or profile is None else UNCHANGED


def plan_import(text, *, actor=None):
    """Decide, row by row, what importing ``text`` would do to the database right now."""
    records = parse(text)[1]
    emails = {cells["email"].lower() for _number, cells in records if cells["email"]}
    directory = _Directory(emails)
    roles = _role_lookup()
    language_codes = _language_lookup()
    rows = [
        _check_row(
            number,
            cells,
            directory=directory,
            roles=roles,
            language_codes=language_codes,
            actor=actor,
        )
        for number, cells in records
    ]
    seen = defaultdict(list)
    for row in rows:
        if row.email:
            seen[row.email].append(row)
    for email, repeats in seen.items():
        if len(repeats) > 1:
            numbers = [str(row.number) for row in repeats]
            message = _("The email %(email)s appears more than once, on rows %(rows)s.") % {
                "email": email,
                "rows": _join_numbers(numbers),
            }
            for row in repeats:
                row.errors.append(message)
    for row in rows:
        if row.errors:
            row.outcome = ERROR
        elif row.user is not None:
            _compare(row, directory)
        else:
            row.outcome = NEW
    return Plan(rows=rows)


def _join_numbers(numbers):
    if len(numbers) == 1:
        return numbers[0]
    return _("%(first)s and %(last)s") % {"first": join_list(numbers[:-1]), "last": numbers[-1]}


# Services ------------------------------------------------------------------------


@transaction.atomic
def upload_import(*, actor, filename, text):
    """Keep an already read upload (see ``read_upload``) until it is confirmed.

    A file whose every row has a problem is kept as nothing to import, with its problems.
    """
    permissions.require(actor, permissions.MANAGE_PEOPLE)
    people_import = PeopleImport(uploaded_by=actor, filename=filename[:255], content=text)
    plan = plan_import(text, actor=actor)
    if plan.nothing_but_problems:
        _close_with_nothing_to_import(people_import, plan)
    people_import.save()
    return people_import


def _close_with_nothing_to_import(people_import, plan):
    people_import.status = PeopleImport.Status.NOTHING_TO_IMPORT
    people_import.summary = {"skipped": plan.skipped}


def apply_import(*, actor, people_import):
    """Apply a previewed import once; return (import, whether this call applied it).

    An import already applied, or with nothing to import, changes nothing. One whose
    every row has a problem by now (a team was deleted since the upload, say) is closed
    as nothing to import; the caller tells them apart by the returned import's status.
    """
    permissions.require(actor, permissions.MANAGE_PEOPLE)
    try:
        with transaction.atomic():
            locked = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
            if locked.status != PeopleImport.Status.PENDING:
                return locked, False
            plan = plan_import(locked.content, actor=actor)
            if plan.nothing_but_problems:
                _close_with_nothing_to_import(locked, plan)
                locked.save(update_fields=["status", "summary"])
                return locked, False
            created = _create_people(plan.of(NEW), actor=actor)
            _update_people(plan.of(UPDATE))
            locked.status = PeopleImport.Status.APPLIED
            locked.applied_at = timezone.now()
            locked.summary = {
                "created": created,
                "updated": len(plan.of(UPDATE)),
                "unchanged": len(plan.of(UNCHANGED)),
                "skipped": plan.skipped,
            }
            locked.save(update_fields=["status", "applied_at", "summary"])
    except IntegrityError:
        raise ValidationError(
            _(
                "Someone in this file was added by somebody else while it was being "
                "imported. Nothing was imported; please import the file again."
            ),
            code="conflict",
        ) from None
    return locked, True


def _create_people(rows, *, actor):
    from portal.tasks import send_invitation

    users = []
    for row in rows:
        role = row.role or Role.AGENT
        user = User(email=row.email, role=role)
        # bulk_create skips User.save(), which keeps staff status in step with the role.
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    Profile.objects.bulk_create(
        (Profile(user=user, **row.profile_values) for user, row in zip(users, rows, strict=True)),
        batch_size=BATCH_SIZE,
    )
    invitations = Invitation.objects.bulk_create(
        (Invitation(user=user, invited_by=actor) for user in users), batch_size=BATCH_SIZE
    )
    for invitation in invitations:
        send_invitation.delay_on_commit(invitation.pk)
    return len(users)


def _update_people(rows):
    now = timezone.now()
    users, profiles, new_profiles = [], [], []
    for row in rows:
        user = row.user
        if row.role is not None and row.role != user.role:
            user.role = row.role
            user.is_staff = user.is_superuser = row.role == Role.ADMINISTRATOR
            users.append(user)
        profile = getattr(user, "profile", None)
        if profile is None:
            new_profiles.append(Profile(user=user, **row.profile_values))
            continue
        for name, value in row.profile_values.items():
            setattr(profile, name, value)
        profile.updated_at = now
        profiles.append(profile)
    User.objects.bulk_update(users, ["role", "is_staff", "is_superuser"], batch_size=BATCH_SIZE)
    Profile.objects.bulk_update(profiles, [*PROFILE_FIELDS, "updated_at"], batch_size=BATCH_SIZE)
    Profile.objects.bulk_create(new_profiles, batch_size=BATCH_SIZE)
