"""The words the directory's search finds members by, kept as rows (`ProfileWord`):
each word of their name, group and text about them, and of the names (in every
language) of the skills they share or want, with the least trusted audience that
may see it.

A word is compared without case or accents ("Kovács" is found by "kovacs"), whole:
an index lookup by equality costs the same in every database and collation, where a
search through every profile's text grows with the number of members.
"""

import re
import unicodedata
from collections import defaultdict

from django.db.models import QuerySet

from .models.profiles import AUDIENCES, Member, ProfileWord, visibility_of
from .models.registrations import Registration
from .models.skills import Skill

# The parts whose words are searched; "skills" stands for the skills' names.
SEARCHED_PARTS = ("display_name", "group", "bio", "skills")
WORD_LENGTH = 40  # ProfileWord.word's max_length
BATCH = 2000
WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of `text`, without case or accents, each once, in order."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return list(dict.fromkeys(w[:WORD_LENGTH] for w in WORD.findall(plain)))


def profile_words(member: dict, skill_names: list[str]) -> dict[str, str]:
    """Each word of a member's searched parts (`member`: a row of `ROW`, with the
    names of the skills they share or want) and the least trusted audience that may
    see it."""
    texts = {
        "display_name": member["display_name"],
        "group": member["group__name"] or "",
        "bio": member["bio"],
        "skills": " ".join(skill_names),
    }
    found: dict[str, int] = {}
    for part in SEARCHED_PARTS:
        rank = AUDIENCES.index(visibility_of(member["visibility"] or {}, part))
        for word in words(texts[part]):
            found[word] = min(rank, found.get(word, rank))
    return {word: AUDIENCES[rank].value for word, rank in found.items()}


ROW = ("pk", "display_name", "bio", "visibility", "group__name")


def skill_names() -> dict[int, list[str]]:
    """Each skill's names in every language, by the id of each of its versions."""
    names: dict = defaultdict(list)
    ids: dict = {}
    for pk, key, name in Skill.objects.values_list("pk", "translation_key", "name"):
        names[key].append(name)
        ids[pk] = key
    return {pk: names[key] for pk, key in ids.items()}


def skills_of(member_ids: list[int]) -> dict[int, set[int]]:
    """The skills each member shares or wants, by member."""
    found: dict[int, set[int]] = defaultdict(set)
    for relation in (Registration.shares.through, Registration.learns.through):
        rows = relation.objects.filter(registration__member__in=member_ids)
        for member, skill in rows.values_list("registration__member", "skill"):
            found[member].add(skill)
    return found


def reindex(members: QuerySet[Member] | None = None) -> int:
    """Write the words of `members` (every member by default) again, a batch at a
    time; returns how many rows were written."""
    members = Member.objects.all() if members is None else members
    names = skill_names()
    written = 0
    ids = list(members.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        skills = skills_of(batch)
        rows = [
            ProfileWord(member_id=member["pk"], word=word, seen_by=audience)
            for member in Member.objects.filter(pk__in=batch).values(*ROW)
            for word, audience in profile_words(
                member,
                [
                    name
                    for skill in skills[member["pk"]]
                    for name in names.get(skill, [])
                ],
            ).items()
        ]
        ProfileWord.objects.filter(member__in=batch).delete()
        ProfileWord.objects.bulk_create(rows, batch_size=BATCH)
        written += len(rows)
    return written
