"""Members of the network: their accounts' profiles, the skills taxonomy and the Let's
Connect registration (what each member shares and wants to learn)."""

from .connections import Block, Connection, Feedback, Report
from .groups import GroupRevision
from .pages import CommunityIndexPage, SkillsDirectoryPage
from .profiles import (
    CommunityGroup,
    Member,
    MemberLanguage,
    MemberLink,
    ProfileWord,
    Visibility,
)
from .registrations import (
    Registration,
    RegistrationWay,
    SharingWay,
    Support,
    SupportNeed,
)
from .skills import Skill, SkillCategory, SkillProposal

__all__ = [
    "Block",
    "Connection",
    "Feedback",
    "Report",
    "CommunityGroup",
    "GroupRevision",
    "CommunityIndexPage",
    "MemberLanguage",
    "RegistrationWay",
    "SupportNeed",
    "Member",
    "MemberLink",
    "ProfileWord",
    "Registration",
    "SharingWay",
    "Skill",
    "SkillCategory",
    "SkillProposal",
    "SkillsDirectoryPage",
    "Support",
    "Visibility",
]
