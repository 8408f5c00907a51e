"""Demo members: the skills taxonomy, the skills directory page, and about forty
members across countries, groups and languages whose Let's Connect registrations
produce real matches. Their accounts have no password (nobody signs in as them) and
verified addresses on example.org."""

from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail.models import Locale

from allauth.account.models import EmailAddress

from demo.build import publish_child
from members.groups import save_profile
from members.models import (
    CommunityGroup,
    CommunityIndexPage,
    Member,
    MemberLanguage,
    Registration,
    RegistrationWay,
    Skill,
    SkillCategory,
    SkillsDirectoryPage,
)

DIRECTORY_PAGE = {
    "title": "Skills directory",
    "slug": "skills",
    "search_description": "Who is doing what, and where: the network's open skills directory.",
    "introduction": (
        "<p>For everyone to know who is doing what and where, and to reach out to each "
        "other. Members choose whether they are listed and what each part of their "
        "entry shows.</p>"
    ),
}

# (slug, name, sort order)
CATEGORIES = [
    ("organising", "Organising", 10),
    ("funding", "Funding", 20),
    ("programmes", "Programmes", 30),
    ("tools", "Tools", 40),
]
# (slug, name, category, broader skill's slug or None, description)
# fmt: off
SKILLS = [
    ("volunteer-groups", "Running a volunteer group", "organising", None, "Recruiting, keeping and thanking volunteers."),
    ("facilitation", "Facilitating meetings", "organising", None, "Meetings where everyone speaks and something is decided."),
    ("partnerships", "Building partnerships", "organising", None, "Working with libraries, schools, councils and other groups."),
    ("governance", "Governance and bylaws", "organising", None, "Boards, bylaws and decisions a group can stand behind."),
    ("fundraising", "Fundraising with volunteers", "funding", None, "Raising money without paid staff."),
    ("grant-writing", "Writing grant applications", "funding", "fundraising", "Applications that funders understand."),
    ("crowdfunding", "Crowdfunding", "funding", "fundraising", "Campaigns that small donors answer."),
    ("budgeting", "Budgeting a small project", "funding", None, "A budget a treasurer and a funder both accept."),
    ("reading-circles", "Running reading circles", "programmes", None, "Groups that read and talk together, in any language."),
    ("learning-clinics", "Organising learning clinics", "programmes", None, "Sessions where peers bring a real problem and leave with ideas."),
    ("mentoring", "Mentoring newcomers", "programmes", None, "Helping a new member find their feet."),
    ("evaluation", "Evaluating what worked", "programmes", None, "Finding out, simply, whether a programme helped."),
    ("low-bandwidth", "Video calls on slow connections", "tools", None, "Meetings that work on a phone and a weak signal."),
    ("interpreting", "Translating and interpreting", "tools", None, "Making a meeting or a text work in several languages."),
    ("wiki-editing", "Editing wikis", "tools", None, "Writing and keeping shared pages up to date."),
    ("social-media", "Social media for small groups", "tools", None, "Being heard without spending every evening on it."),
]
# fmt: on

G_INFORMAL, G_AFFILIATE, G_ORG = (
    CommunityGroup.Kind.INFORMAL,
    CommunityGroup.Kind.AFFILIATE,
    CommunityGroup.Kind.ORGANISATION,
)
# (name, kind, country)
GROUPS = [
    ("Pécs Reading Circle", G_INFORMAL, "HU"),
    ("Cymdeithas Dysgu Dyffryn", G_AFFILIATE, "GB"),
    ("Ateneu del Barri", G_ORG, "ES"),
    ("Bibliothèques en réseau", G_ORG, "FR"),
    ("Rede de Aprendizagem do Porto", G_AFFILIATE, "PT"),
    ("Coletivo Saber Junto", G_INFORMAL, "BR"),
    ("Jam'iyat al-Ta'allum", G_AFFILIATE, "MA"),
    ("Nadi al-Qira'a", G_INFORMAL, "EG"),
    ("Réseau des Apprenants de Thiès", G_INFORMAL, "SN"),
    ("Red de Saberes Comunitarios", G_ORG, "MX"),
]

PUBLIC_ENTRY = {
    "display_name": "public",
    "group": "public",
    "location": "public",
    "languages": "public",
    "bio": "members",
    "links": "members",
    "skills": "public",
}
MEMBERS_ENTRY = dict.fromkeys(PUBLIC_ENTRY, "members")
PRIVATE_NAME = {**PUBLIC_ENTRY, "display_name": "members", "bio": "coordinators"}
# Groups' own pages, written by one of their members in the group's language:
# (group index, author, about the group, needs, assets, readable by everyone).
GROUP_PAGES = [
    (
        0,
        "anna-kovacs",
        "We meet every second Thursday in the library basement in Pécs: "
        "ten to twenty readers, three languages, one book a month.",
        ["grant-writing", "low-bandwidth"],
        ["reading-circles", "facilitation"],
        True,
    ),
    (
        2,
        "montse-puig",
        "L'Ateneu del Barri organiza talleres y tertulias con los "
        "vecinos desde hace treinta años.",
        ["low-bandwidth", "interpreting"],
        ["partnerships", "governance"],
        True,
    ),
    (
        3,
        "claire-martin",
        "Douze bibliothèques de Bretagne et d’Occitanie qui "
        "partagent leurs cercles de lecture et leurs outils.",
        ["grant-writing", "crowdfunding"],
        ["reading-circles", "evaluation"],
        False,
    ),
]

# (handle, name, group index or None, country, region, language of emails, spoken,
#  shares, learns, ways, visibility, capacity, listed, (language, text about them))
# fmt: off
MEMBERS = [
    ("anna-kovacs", "Anna Kovács", 0, "HU", "Baranya", "en", ["hu", "en"], ["reading-circles", "volunteer-groups"], ["grant-writing", "low-bandwidth"], ["conversation", "clinic"], PUBLIC_ENTRY, 2, True, ("en", "I started a reading circle in a library basement in Pécs.")),
    ("zsofia-nagy", "Zsófia Nagy", 0, "HU", "Baranya", "en", ["hu", "de", "en"], ["facilitation"], ["crowdfunding", "social-media"], ["conversation"], PUBLIC_ENTRY, 1, True, None),
    ("gareth-evans", "Gareth Evans", 1, "GB", "Ceredigion", "en", ["cy", "en"], ["interpreting", "partnerships"], ["evaluation"], ["mentoring", "resource"], PUBLIC_ENTRY, 3, True, ("en", "Bilingual meetings are our everyday; happy to show how.")),
    ("sian-williams", "Siân Williams", 1, "GB", "Powys", "en", ["cy", "en"], ["grant-writing", "budgeting"], ["reading-circles"], ["conversation", "peer-assist"], PUBLIC_ENTRY, 2, True, None),
    ("rhys-morgan", "Rhys Morgan", 1, "GB", "Gwynedd", "en", ["en", "cy"], ["low-bandwidth"], ["volunteer-groups"], ["resource"], MEMBERS_ENTRY, 2, True, None),
    ("montse-puig", "Montse Puig", 2, "ES", "Catalonia", "es", ["ca", "es", "fr"], ["partnerships", "governance"], ["low-bandwidth", "interpreting"], ["conversation", "clinic"], PUBLIC_ENTRY, 2, True, ("es", "L'Ateneu lleva treinta años aprendiendo con sus vecinos.")),
    ("jordi-ferrer", "Jordi Ferrer", 2, "ES", "Catalonia", "es", ["ca", "es", "en"], ["crowdfunding", "social-media"], ["governance"], ["peer-assist"], PUBLIC_ENTRY, 1, True, None),
    ("lucia-garcia", "Lucía García", None, "ES", "Andalusia", "es", ["es"], ["mentoring"], ["fundraising", "facilitation"], ["mentoring"], PRIVATE_NAME, 2, True, None),
    ("claire-martin", "Claire Martin", 3, "FR", "Brittany", "fr", ["fr", "br", "en"], ["reading-circles", "evaluation"], ["grant-writing"], ["clinic", "resource"], PUBLIC_ENTRY, 2, True, ("fr", "Nos bibliothèques partagent leurs cercles de lecture depuis 2019.")),
    ("julien-bernard", "Julien Bernard", 3, "FR", "Occitanie", "fr", ["fr", "es"], ["wiki-editing"], ["partnerships", "crowdfunding"], ["resource", "conversation"], PUBLIC_ENTRY, 2, True, None),
    ("amelie-laurent", "Amélie Laurent", None, "FR", "Île-de-France", "fr", ["fr", "ar"], ["interpreting", "facilitation"], ["budgeting"], ["conversation"], PUBLIC_ENTRY, 2, True, None),
    ("thomas-petit", "Thomas Petit", 3, "FR", "Brittany", "fr", ["fr"], ["budgeting"], ["reading-circles", "evaluation"], ["peer-assist"], MEMBERS_ENTRY, 1, True, None),
    ("ines-costa", "Inês Costa", 4, "PT", "Porto", "pt", ["pt", "es", "en"], ["learning-clinics", "facilitation"], ["wiki-editing"], ["clinic", "mentoring"], PUBLIC_ENTRY, 3, True, ("pt", "Organizo clínicas de aprendizagem mensais no Porto.")),
    ("joao-silva", "João Silva", 4, "PT", "Braga", "pt", ["pt"], ["volunteer-groups"], ["grant-writing", "budgeting"], ["conversation"], PUBLIC_ENTRY, 2, True, None),
    ("beatriz-santos", "Beatriz Santos", 5, "BR", "Bahia", "pt", ["pt", "es"], ["social-media", "crowdfunding"], ["learning-clinics"], ["resource", "conversation"], PUBLIC_ENTRY, 2, True, None),
    ("rafael-oliveira", "Rafael Oliveira", 5, "BR", "Pernambuco", "pt", ["pt", "en"], ["evaluation"], ["interpreting", "partnerships"], ["mentoring"], PUBLIC_ENTRY, 1, True, None),
    ("mariana-souza", "Mariana Souza", 5, "BR", "Bahia", "pt", ["pt"], ["reading-circles"], ["volunteer-groups"], ["clinic"], MEMBERS_ENTRY, 2, True, None),
    ("fatima-zahra", "Fatima Zahra Benali", 6, "MA", "Fès-Meknès", "ar", ["ar", "fr"], ["learning-clinics", "volunteer-groups"], ["grant-writing", "wiki-editing"], ["clinic", "conversation"], PUBLIC_ENTRY, 2, True, ("ar", "ننظم حلقات تعلم للشباب في فاس.")),
    ("youssef-amrani", "Youssef Amrani", 6, "MA", "Rabat-Salé-Kénitra", "ar", ["ar", "fr", "en"], ["grant-writing", "fundraising"], ["low-bandwidth"], ["mentoring", "peer-assist"], PUBLIC_ENTRY, 3, True, None),
    ("karim-idrissi", "Karim Idrissi", None, "MA", "Casablanca-Settat", "ar", ["ar"], ["low-bandwidth"], ["reading-circles", "facilitation"], ["resource"], PRIVATE_NAME, 1, True, None),
    ("nour-hassan", "Nour Hassan", 7, "EG", "Alexandria", "ar", ["ar", "en"], ["reading-circles", "interpreting"], ["crowdfunding", "evaluation"], ["conversation", "clinic"], PUBLIC_ENTRY, 2, True, ("ar", "نادي القراءة في الإسكندرية يجمع ثلاثة أجيال.")),
    ("omar-farouk", "Omar Farouk", 7, "EG", "Cairo", "ar", ["ar"], ["budgeting", "governance"], ["mentoring"], ["peer-assist"], PUBLIC_ENTRY, 2, True, None),
    ("layla-mansour", "Layla Mansour", None, "EG", "Cairo", "ar", ["ar", "en", "fr"], ["wiki-editing", "social-media"], ["partnerships"], ["resource", "mentoring"], MEMBERS_ENTRY, 2, True, None),
    ("aminata-diallo", "Aminata Diallo", 8, "SN", "Thiès", "fr", ["fr", "en"], ["volunteer-groups", "mentoring"], ["low-bandwidth", "grant-writing"], ["conversation", "clinic"], PUBLIC_ENTRY, 2, True, ("fr", "Nous apprenons ensemble, en wolof et en français.")),
    ("moussa-ndiaye", "Moussa Ndiaye", 8, "SN", "Dakar", "fr", ["fr", "en"], ["low-bandwidth", "facilitation"], ["budgeting"], ["resource", "peer-assist"], PUBLIC_ENTRY, 2, True, None),
    ("awa-sow", "Awa Sow", 8, "SN", "Thiès", "fr", ["fr", "en"], ["reading-circles"], ["social-media", "fundraising"], ["clinic"], PUBLIC_ENTRY, 1, True, None),
    ("carmen-lopez", "Carmen López", 9, "MX", "Oaxaca", "es", ["es", "en"], ["partnerships", "learning-clinics"], ["interpreting", "low-bandwidth"], ["clinic", "conversation"], PUBLIC_ENTRY, 3, True, ("es", "Tejemos redes de saberes entre comunidades de Oaxaca.")),
    ("diego-hernandez", "Diego Hernández", 9, "MX", "Chiapas", "es", ["es", "en"], ["evaluation", "wiki-editing"], ["fundraising"], ["resource"], PUBLIC_ENTRY, 2, True, None),
    ("valeria-ruiz", "Valeria Ruiz", None, "AR", "Córdoba", "es", ["es", "pt"], ["crowdfunding"], ["learning-clinics", "mentoring"], ["conversation"], PUBLIC_ENTRY, 2, True, None),
    ("sofia-mendez", "Sofía Méndez", None, "CO", "Antioquia", "es", ["es"], ["social-media"], ["reading-circles", "governance"], ["peer-assist"], MEMBERS_ENTRY, 1, True, None),
    ("emma-schmidt", "Emma Schmidt", None, "DE", "Saxony", "en", ["de", "en", "hu"], ["governance", "budgeting"], ["interpreting"], ["mentoring"], PUBLIC_ENTRY, 2, True, None),
    ("liam-obrien", "Liam O'Brien", None, "IE", "Galway", "en", ["en", "ga"], ["fundraising", "volunteer-groups"], ["wiki-editing"], ["conversation", "peer-assist"], PUBLIC_ENTRY, 2, True, None),
    ("priya-raman", "Priya Raman", None, "IN", "Tamil Nadu", "en", ["ta", "en"], ["evaluation", "mentoring"], ["social-media"], ["mentoring", "resource"], PUBLIC_ENTRY, 2, True, None),
    ("grace-achieng", "Grace Achieng", None, "KE", "Kisumu", "en", ["sw", "en"], ["learning-clinics"], ["budgeting", "grant-writing"], ["clinic"], PUBLIC_ENTRY, 2, True, None),
    ("kwame-mensah", "Kwame Mensah", None, "GH", "Ashanti", "en", ["en", "fr"], ["partnerships"], ["evaluation", "crowdfunding"], ["conversation"], PUBLIC_ENTRY, 0, True, ("en", "My connections are full until spring.")),
    ("ana-ferreira", "Ana Ferreira", 4, "PT", "Lisbon", "pt", ["pt", "fr"], ["interpreting"], ["learning-clinics"], ["resource"], PUBLIC_ENTRY, 2, False, None),
    ("hana-yilmaz", "Hana Yılmaz", None, "TR", "İzmir", "en", ["tr", "en", "ar"], ["facilitation", "low-bandwidth"], ["reading-circles"], ["conversation"], PUBLIC_ENTRY, 2, True, None),
    ("marta-wojcik", "Marta Wójcik", None, "PL", "Lesser Poland", "en", ["pl", "en"], ["grant-writing"], ["partnerships", "facilitation"], ["peer-assist", "conversation"], PUBLIC_ENTRY, 2, True, None),
    ("samir-haddad", "Samir Haddad", None, "LB", "Beirut", "ar", ["ar", "fr", "en"], ["crowdfunding", "governance"], ["learning-clinics", "volunteer-groups"], ["mentoring"], PUBLIC_ENTRY, 2, True, None),
    ("elena-popescu", "Elena Popescu", None, "RO", "Cluj", "en", ["ro", "hu", "en"], ["reading-circles", "wiki-editing"], ["fundraising"], ["resource", "clinic"], PUBLIC_ENTRY, 2, True, None),
]
# fmt: on
DEMO_DOMAIN = "members.learning-commons.example"


def ensure_taxonomy(locale: Locale) -> list:
    """The skill categories and skills in the source language (translated with the
    other snippets)."""
    created = []
    categories = {}
    for slug, name, order in CATEGORIES:
        category, _ = SkillCategory.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name, "sort_order": order}
        )
        categories[slug] = category
        created.append(category)
    skills = {}
    for slug, name, category, _parent, description in SKILLS:
        skill, _ = Skill.objects.get_or_create(
            slug=slug,
            locale=locale,
            defaults={
                "name": name,
                "category": categories[category],
                "description": description,
            },
        )
        skills[slug] = skill
    for slug, *_rest, parent, _description in SKILLS:
        if parent and skills[slug].parent_id != skills[parent].pk:
            skills[slug].parent = skills[parent]
            skills[slug].save(update_fields=["parent"])
    created.extend(skills.values())
    return created


def ensure_directory(home) -> None:
    """The skills directory under the source-language community section."""
    community = CommunityIndexPage.objects.child_of(home).get()
    if not SkillsDirectoryPage.objects.child_of(community).exists():
        publish_child(community, SkillsDirectoryPage(**DIRECTORY_PAGE))


@transaction.atomic
def ensure_members(locale: Locale) -> int:
    """The demo members with their registrations; returns how many were made."""
    skills = {skill.slug: skill for skill in Skill.objects.filter(locale=locale)}
    groups = []
    for name, kind, country in GROUPS:
        group, _ = CommunityGroup.objects.get_or_create(
            name=name, kind=kind, defaults={"country": country}
        )
        groups.append(group)
    User = get_user_model()
    made = 0
    for (
        handle,
        name,
        group,
        country,
        region,
        language,
        spoken,
        shares,
        learns,
        ways,
        visibility,
        capacity,
        listed,
        bio,
    ) in MEMBERS:
        if Member.objects.filter(handle=handle).exists():
            continue
        email = f"{handle}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(username=handle, email=email)
            user.set_unusable_password()
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        member = Member.objects.create(
            user=user,
            handle=handle,
            display_name=name,
            group=groups[group] if group is not None else None,
            country=country,
            region=region,
            bio=bio[1] if bio else "",
            bio_language=bio[0] if bio else "",
            language=language,
            visibility=visibility,
            listed=listed,
        )
        MemberLanguage.objects.bulk_create(
            [MemberLanguage(member=member, code=code) for code in spoken]
        )
        registration = Registration.objects.create(member=member, capacity=capacity)
        registration.shares.set([skills[slug] for slug in shares])
        registration.learns.set([skills[slug] for slug in learns])
        RegistrationWay.objects.bulk_create(
            [RegistrationWay(registration=registration, way=way) for way in ways]
        )
        made += 1
    write_group_pages(groups, skills)
    return made


def write_group_pages(groups: list, skills: dict) -> None:
    """The demo groups' own pages, each saved once by one of its members."""
    for index, author, about, needs, assets, public in GROUP_PAGES:
        group = groups[index]
        if group.revisions.exists():
            continue
        save_profile(
            group,
            Member.objects.get(handle=author),
            {
                "description": about,
                "needs_note": "",
                "assets_note": "",
                "public": public,
                "needs": [skills[slug] for slug in needs],
                "assets": [skills[slug] for slug in assets],
            },
            based_on=None,
        )
