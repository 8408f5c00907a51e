"""The bench members of bench/members.py: accounts with a verified address,
profiles in varied countries, languages and visibility, Let's Connect registrations
and open connections, bulk-inserted to a given number (`TopUp`)."""

import random
import uuid

SEED = 20_250
# The bench's own member: the one signed in, whose matches and page are measured.
VIEWER = "bench-viewer"
CONNECTION_MESSAGE = "bench connection"

FIRST_NAMES = [
    "Anna",
    "Omar",
    "Lucía",
    "João",
    "Fatima",
    "Gareth",
    "Aminata",
    "Claire",
    "Diego",
    "Priya",
    "Kwame",
    "Elena",
    "Samir",
    "Marta",
    "Hana",
    "Liam",
    "Grace",
    "Youssef",
    "Inês",
    "Thomas",
    "Nour",
    "Jordi",
    "Beatriz",
    "Moussa",
    "Sofía",
    "Emma",
    "Rafael",
    "Layla",
    "Zsófia",
    "Rhys",
    "Awa",
    "Carmen",
    "Julien",
    "Mariana",
    "Karim",
    "Siân",
]
LAST_NAMES = [
    "Kovács",
    "Evans",
    "Puig",
    "García",
    "Martin",
    "Costa",
    "Silva",
    "Santos",
    "Benali",
    "Amrani",
    "Hassan",
    "Diallo",
    "Ndiaye",
    "Sow",
    "López",
    "Hernández",
    "Ruiz",
    "Schmidt",
    "O'Brien",
    "Raman",
    "Achieng",
    "Mensah",
    "Ferreira",
    "Yılmaz",
    "Wójcik",
    "Haddad",
    "Popescu",
    "Nagy",
    "Williams",
    "Ferrer",
    "Laurent",
    "Petit",
]
# fmt: on
# (country, time zone, spoken languages to draw from), the first ones more often.
PLACES = [
    ("FR", "Europe/Paris", ["fr", "en", "ar", "es"]),
    ("ES", "Europe/Madrid", ["es", "ca", "en", "fr"]),
    ("PT", "Europe/Lisbon", ["pt", "en", "es", "fr"]),
    ("BR", "America/Sao_Paulo", ["pt", "es", "en"]),
    ("MX", "America/Mexico_City", ["es", "en"]),
    ("GB", "Europe/London", ["en", "cy", "fr"]),
    ("MA", "Africa/Casablanca", ["ar", "fr", "en"]),
    ("EG", "Africa/Cairo", ["ar", "en", "fr"]),
    ("SN", "Africa/Dakar", ["fr", "en"]),
    ("US", "America/New_York", ["en", "es"]),
    ("IN", "Asia/Kolkata", ["en", "hi", "ta"]),
    ("KE", "Africa/Nairobi", ["sw", "en"]),
    ("DE", "Europe/Berlin", ["de", "en", "tr"]),
    ("HU", "Europe/Budapest", ["hu", "en", "de"]),
    ("AR", "America/Argentina/Buenos_Aires", ["es", "pt", "en"]),
    ("CO", "America/Bogota", ["es", "en"]),
    ("LB", "Asia/Beirut", ["ar", "fr", "en"]),
    ("TR", "Europe/Istanbul", ["tr", "en", "ar"]),
    ("PL", "Europe/Warsaw", ["pl", "en"]),
    ("RO", "Europe/Bucharest", ["ro", "hu", "en"]),
    ("GH", "Africa/Accra", ["en", "fr"]),
    ("IE", "Europe/Dublin", ["en", "ga"]),
    ("CA", "America/Toronto", ["en", "fr"]),
    ("PH", "Asia/Manila", ["tl", "en"]),
]
PLACE_WEIGHTS = [max(1, 24 - index) for index in range(len(PLACES))]
REGIONS = ["North", "South", "East", "West", "Centre", "Coast", "Capital region"]
BIOS = [
    "Our group meets every month for peer learning in the library.",
    "I coordinate volunteers and would like to learn from other groups.",
    "Learning together across languages is what we do best.",
    "Happy to share what worked for us, and what did not.",
    "We run small projects with no paid staff.",
]


class TopUp:
    """Bulk inserts of bench members, each drawn from a random generator seeded
    with its number, so that a size holds the same members however it was reached."""

    def __init__(self, batch: int):
        from django.contrib.auth import get_user_model

        from wagtail.models import Locale

        from demo.members import MEMBERS_ENTRY, PRIVATE_NAME, PUBLIC_ENTRY
        from members.models import CommunityGroup, SharingWay, Skill

        self.batch = batch
        self.User = get_user_model()
        self.skills = list(
            Skill.objects.filter(locale=Locale.get_default()).order_by("slug")
        )
        self.by_slug = {skill.slug: skill for skill in self.skills}
        self.groups = list(
            CommunityGroup.objects.order_by("pk").values_list("pk", flat=True)
        )
        self.ways = [value for value, _label in SharingWay.choices]
        self.visibilities = [PUBLIC_ENTRY, MEMBERS_ENTRY, PRIVATE_NAME]
        self.site_languages = ["en", "fr", "es", "pt", "ar"]

    def next_number(self) -> int:
        from members.models import Member

        last = (
            Member.objects.filter(handle__startswith="bench-m")
            .order_by("-handle")
            .values_list("handle", flat=True)
            .first()
        )
        return int(last.removeprefix("bench-m")) + 1 if last else 0

    def to(self, total: int) -> int:
        """Members made so that there are `total` in all; returns how many."""
        from django.db import transaction

        from members import listing, words
        from members.models import Member

        missing = total - Member.objects.count()
        if missing <= 0:
            return 0
        made = 0
        newest = Member.objects.order_by("-pk").values_list("pk", flat=True).first()
        with transaction.atomic():
            if not Member.objects.filter(handle=VIEWER).exists():
                self.make_viewer()
                made += 1
            start = self.next_number()
            while made < missing:
                count = min(self.batch, missing - made)
                self.insert(range(start, start + count))
                start += count
                made += count
            # Bulk inserts send no signals: whom each is listed for and the words
            # of each, worked out once.
            listing.refresh()
            words.reindex(Member.objects.filter(pk__gt=newest or 0))
        return made

    def connections_to(self, wanted: int) -> int:
        """Open (accepted) connections between random bench members, up to
        `wanted` in all; returns how many were made."""
        import datetime as dt

        from members.models import Connection, Member

        bench = Connection.objects.filter(message=CONNECTION_MESSAGE)
        pairs = set(bench.values_list("requester_id", "recipient_id"))
        if len(pairs) >= wanted:
            return 0
        ids = list(
            Member.objects.filter(handle__startswith="bench-m")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rng = random.Random(f"{SEED}-connections-{len(ids)}")  # noqa: S311
        now = dt.datetime.now(dt.UTC)
        made = []
        while len(pairs) < wanted and len(ids) > 1:
            one, other = rng.sample(ids, 2)
            if (one, other) in pairs or (other, one) in pairs:
                continue
            pairs.add((one, other))
            made.append(
                Connection(
                    requester_id=one,
                    recipient_id=other,
                    message=CONNECTION_MESSAGE,
                    status=Connection.Status.ACCEPTED,
                    decided_at=now,
                )
            )
        Connection.objects.bulk_create(made, batch_size=self.batch)
        return len(made)

    def make_viewer(self) -> None:
        """The member signed in for the bench: listed and public, speaking English
        and French, sharing reading circles and wanting grant writing and
        fundraising, with room for connections."""
        from demo.members import PUBLIC_ENTRY

        self.insert(
            [None],
            fixed={
                "handle": VIEWER,
                "name": "Bench Viewer",
                "country": "FR",
                "region": "Brittany",
                "time_zone": "Europe/Paris",
                "spoken": ["en", "fr"],
                "shares": ["reading-circles"],
                "learns": ["grant-writing", "fundraising"],
                "visibility": PUBLIC_ENTRY,
            },
        )

    def draw(self, number: int) -> dict:
        rng = random.Random(f"{SEED}-{number}")  # noqa: S311 (made-up data)
        country, zone, spoken_pool = rng.choices(PLACES, PLACE_WEIGHTS)[0]
        spoken = rng.sample(spoken_pool, rng.randint(1, min(3, len(spoken_pool))))
        skills = rng.sample(self.skills, 8)
        roll = rng.random()
        visibility = self.visibilities[0 if roll < 0.80 else 1 if roll < 0.95 else 2]
        return {
            "handle": f"bench-m{number:06d}",
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "country": country,
            "region": rng.choice(REGIONS),
            "time_zone": zone if rng.random() < 0.7 else "",
            "spoken": spoken,
            "shares": [s.slug for s in skills[: rng.randint(1, 4)]],
            "learns": [s.slug for s in skills[4 : 4 + rng.randint(1, 4)]],
            "visibility": visibility,
            "listed": rng.random() < 0.92,
            "hidden": rng.random() < 0.01,
            "group": rng.choice(self.groups)
            if self.groups and rng.random() < 0.2
            else None,
            "bio": rng.choice(BIOS) if rng.random() < 0.3 else "",
            "language": rng.choice(self.site_languages),
            "capacity": rng.choice([0, 1, 2, 2, 2, 3, 3, 5]),
            "ways": rng.sample(self.ways, rng.randint(1, 3)),
        }

    def insert(self, numbers, fixed: dict | None = None) -> None:
        from allauth.account.models import EmailAddress

        from members.models import (
            Member,
            MemberLanguage,
            Registration,
            RegistrationWay,
        )

        rows = []
        for number in numbers:
            row = self.draw(0 if number is None else number)
            if fixed:
                row.update(fixed, listed=True, hidden=False, group=None, capacity=3)
            rows.append(row)
        users = self.User.objects.bulk_create(
            [
                self.User(
                    username=row["handle"],
                    email=f"{row['handle']}@bench.example",
                    password=f"!{uuid.uuid4().hex}",  # unusable, as set_unusable_password
                )
                for row in rows
            ],
            batch_size=self.batch,
        )
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in users
            ],
            batch_size=self.batch,
        )
        members = Member.objects.bulk_create(
            [
                Member(
                    user=user,
                    handle=row["handle"],
                    display_name=row["name"],
                    group_id=row["group"],
                    country=row["country"],
                    region=row["region"],
                    time_zone=row["time_zone"],
                    bio=row["bio"],
                    bio_language="en" if row["bio"] else "",
                    language=row["language"],
                    visibility=row["visibility"],
                    listed=row["listed"],
                    hidden=row["hidden"],
                )
                for user, row in zip(users, rows, strict=True)
            ],
            batch_size=self.batch,
        )
        MemberLanguage.objects.bulk_create(
            [
                MemberLanguage(member=member, code=code)
                for member, row in zip(members, rows, strict=True)
                for code in row["spoken"]
            ],
            batch_size=self.batch,
        )
        registrations = Registration.objects.bulk_create(
            [
                Registration(member=member, capacity=row["capacity"])
                for member, row in zip(members, rows, strict=True)
            ],
            batch_size=self.batch,
        )
        pairs = list(zip(registrations, rows, strict=True))
        for relation, kind in (
            (Registration.shares, "shares"),
            (Registration.learns, "learns"),
        ):
            relation.through.objects.bulk_create(
                [
                    relation.through(
                        registration=registration, skill=self.by_slug[slug]
                    )
                    for registration, row in pairs
                    for slug in row[kind]
                ],
                batch_size=self.batch,
            )
        RegistrationWay.objects.bulk_create(
            [
                RegistrationWay(registration=registration, way=way)
                for registration, row in pairs
                for way in row["ways"]
            ],
            batch_size=self.batch,
        )
