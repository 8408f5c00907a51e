"""The people who run the site, as Wagtail groups: editors write in the source
language, moderators review and publish, one translator group per language, and the
community coordinators look after members (profiles, skills, matching, moderation).

Wagtail's own migrations give Editors and Moderators rights on the root page and
attach "Moderators approval" there; both span every language's tree. `sync_roles`
replaces them with rights on each language's home page, and is safe to rerun.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import override

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.locales import ensure_locales

EDITORS = "Editors"
MODERATORS = "Moderators"
COORDINATORS = "Community coordinators"
WORKFLOW_NAME = "Review and publish"
REVIEW_TASK_NAME = "Moderator review"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
]
TRANSLATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
MEDIA_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
CHOOSE_MEDIA = ["wagtailimages.choose_image", "wagtaildocs.choose_document"]
# Translatable snippets: editors and moderators manage them; translators change
# them to translate (Wagtail has no per-language snippet permission).
SNIPPETS = [
    "core.topic",
    "stories.communityprofile",
    "core.person",
    "events.eventseries",
    "core.sitetagline",
    "members.skill",
    "members.skillcategory",
]


@dataclass
class Role:
    name: str
    # A short name ("editor", "translator-fr"): the username of seed_demo's account.
    key: str
    permissions: list[str] = field(default_factory=list)
    # language code → page permission codenames on that language's home page
    pages: dict[str, list[str]] = field(default_factory=dict)
    # collection → collection permissions
    collections: dict[Collection, list[str]] = field(default_factory=dict)


def translator_group_name(language_code: str) -> str:
    """ "Translators (French)": the English name, so it sorts and reads the same
    for every administrator."""
    with override("en"):
        name = dict(settings.LANGUAGES).get(language_code, language_code)
    return f"Translators ({name})"


def language_collection(language_code: str) -> Collection:
    """Images and documents a language's translators upload (e.g. translated slides)."""
    root = Collection.get_first_root_node()
    name = f"Media ({language_code})"
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def model_permissions(labels: list[str], actions: list[str]) -> list[str]:
    return [
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in labels
        for action in actions
    ]


def roles(source: str, languages: list[str]) -> list[Role]:
    root_collection = Collection.get_first_root_node()
    snippet_manage = model_permissions(SNIPPETS, ["add", "change", "delete"])
    editors = Role(
        EDITORS,
        "editor",
        permissions=["wagtailadmin.access_admin", *snippet_manage],
        pages={source: EDITOR_PAGE_PERMISSIONS},
        collections={root_collection: MEDIA_PERMISSIONS},
    )
    moderators = Role(
        MODERATORS,
        "moderator",
        permissions=[
            "wagtailadmin.access_admin",
            "wagtail_localize.submit_translation",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
            "core.change_siteidentity",
            *snippet_manage,
            *app_permissions("newsletter"),
            *app_permissions("participation"),
        ],
        pages=dict.fromkeys(languages, MODERATOR_PAGE_PERMISSIONS),
        collections={
            root_collection: [
                *MEDIA_PERMISSIONS,
                "wagtailimages.delete_image",
                "wagtaildocs.delete_document",
            ]
        },
    )
    translators = [
        Role(
            translator_group_name(code),
            f"translator-{code}",
            permissions=[
                "wagtailadmin.access_admin",
                *model_permissions(SNIPPETS, ["change"]),
            ],
            pages={code: TRANSLATOR_PAGE_PERMISSIONS},
            collections={
                root_collection: CHOOSE_MEDIA,
                language_collection(code): MEDIA_PERMISSIONS,
            },
        )
        for code in languages
        if code != source
    ]
    coordinators = Role(
        COORDINATORS,
        "coordinator",
        permissions=[
            "wagtailadmin.access_admin",
            *app_permissions("members"),
            *app_permissions("participation"),
        ],
    )
    return [editors, moderators, *translators, coordinators]


def configured_roles() -> list[Role]:
    """Every role for the configured languages, as `sync_roles` keeps them."""
    source = Locale.get_default().language_code
    return roles(source, [code for code, _name in settings.LANGUAGES])


def app_permissions(app_label: str) -> list[str]:
    return [
        f"{app_label}.{codename}"
        for codename in Permission.objects.filter(
            content_type__app_label=app_label
        ).values_list("codename", flat=True)
    ]


def permission_objects(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    return [
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]


def language_homes() -> dict[str, Page]:
    """Each configured language's home page (the roots of the language trees)."""
    homes = Page.objects.filter(depth=2).select_related("locale")
    return {home.locale.language_code: home for home in homes}


@transaction.atomic
def sync_roles() -> list[Group]:
    """Create or update every role for the configured languages; returns the groups."""
    ensure_locales()
    source = Locale.get_default().language_code
    languages = [code for code, _name in settings.LANGUAGES]
    homes = language_homes()
    page_permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__endswith="_page"
        )
    }
    groups = []
    for role in roles(source, languages):
        group, _created = Group.objects.get_or_create(name=role.name)
        group.permissions.set(permission_objects(role.permissions))
        # Page rights exactly as the role says: nothing left at the root.
        GroupPagePermission.objects.filter(group=group).delete()
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(
                group=group, page=homes[code], permission=page_permissions[codename]
            )
            for code, codenames in role.pages.items()
            if code in homes
            for codename in codenames
        )
        GroupCollectionPermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(
                group=group, collection=collection, permission=permission
            )
            for collection, codenames in role.collections.items()
            for permission in permission_objects(codenames)
        )
        groups.append(group)
    if source in homes:
        sync_review_workflow(homes[source])
    return groups


def sync_review_workflow(source_home: Page) -> Workflow:
    """Editors submit, moderators approve: on the source-language tree only (the
    translators of each language publish their own tree)."""
    moderators = Group.objects.get(name=MODERATORS)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.set([moderators])
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    # Wagtail's default workflow at the root would also hold up every translation.
    WorkflowPage.objects.filter(page__depth=1).delete()
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(active=False)
    WorkflowPage.objects.update_or_create(
        page=source_home, defaults={"workflow": workflow}
    )
    return workflow
