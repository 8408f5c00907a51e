"""`/<lang>/community/`: the network's members. Its directory page lists who chose to
be listed; its routes show a member's page. What they show depends on who looks (a
visitor, a member, a coordinator), so their content is never memoised; the full-page
cache keeps only what visitors see, and a change to a member drops it."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.bandwidth import is_low_bandwidth
from core.memo import private_q
from core.models import BasePage, Section, SectionIndexPage
from core.utils import paginate
from members import community, directory, figures, listing

from .profiles import Member

COMMUNITY = Section("community", _("Community"), order=50)


class CommunityIndexPage(RoutablePageMixin, SectionIndexPage):
    """The community section: what members can do here, and its pages (the skills
    directory); a member's page is one of its routes (`members/<handle>/`)."""

    translation_section = COMMUNITY
    same_for_every_visitor = False

    subpage_types = ["members.SkillsDirectoryPage"]

    class Meta:
        verbose_name = _("community index page")
        verbose_name_plural = _("community index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["signed_in"] = directory.signed_in(request)
        return context

    def listing_queryset(self):
        return self.get_children().live().exclude(private_q()).order_by("path")

    @path("members/<slug:handle>/", name="member")
    def member_page(self, request, handle: str):
        return community.member_page(self, request, handle)

    @path("members/<slug:handle>/connect/", name="connect")
    def connect(self, request, handle: str):
        return community.connect(self, request, handle)

    @path("members/<slug:handle>/report/", name="report")
    def report(self, request, handle: str):
        return community.report(self, request, handle)

    @path("members/<slug:handle>/block/", name="block")
    def block(self, request, handle: str):
        return community.block(self, request, handle)

    @path("groups/<int:pk>/", name="group")
    def group_page(self, request, pk: int):
        return community.group_page(self, request, pk)

    @path("matches/", name="matches")
    def matches(self, request):
        return community.matches(self, request)

    def directory_url(self, request) -> str | None:
        directory = SkillsDirectoryPage.objects.child_of(self).live().first()
        return directory.get_url(request) if directory is not None else None


class SkillsDirectoryPage(BasePage):
    """`/<lang>/community/skills/`: the open skills directory, for everyone to know
    who is doing what and where and to reach out to each other."""

    translation_section = COMMUNITY
    same_for_every_visitor = False

    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    override_translatable_fields = [SynchronizedField("slug")]

    parent_page_types = ["members.CommunityIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    per_page = 20
    # In low-bandwidth mode (pages under 15 KB): fewer entries a page, and the
    # filters by skill, country and search only.
    per_page_light = 6

    class Meta:
        verbose_name = _("skills directory page")
        verbose_name_plural = _("skills directory pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        audience = directory.audience_of(request)
        filters = directory.DirectoryFilters(request.GET, self.locale, audience)
        members = filters.apply(listing.listed(audience)).order_by("display_name", "pk")
        per_page = self.per_page_light if is_low_bandwidth(request) else self.per_page
        facts = figures.kept_facts(request, self, audience)
        total = figures.total_for(filters, facts)
        # The page is found by the members' ids alone (a search may match thousands,
        # and sorting whole rows costs more than the rest of the page); then the
        # page's members are read with their group.
        items = paginate(request, members.only("pk"), per_page, total)
        shown = Member.objects.select_related("group").in_bulk(
            [member.pk for member in items]
        )
        entries = [shown[member.pk] for member in items if member.pk in shown]
        # Its parent is the community section, whose URL is its own without the slug.
        community_url = self.get_url(request).removesuffix(f"{self.slug}/")
        context.update(
            {
                "filters": filters,
                "signed_in": directory.signed_in(request),
                "directory_url": self.get_url(request),
                "items": items,
                "entries": directory.entries_for(
                    entries, audience, self.locale, community_url
                ),
                **figures.options(filters, facts),
            }
        )
        return context
