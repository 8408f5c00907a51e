"""Blocks for community guide stories: the shared body blocks plus what a story needs."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock

from core.blocks import BaseStreamBlock


class CalloutBlock(blocks.StructBlock):
    """A lesson, set apart: what worked, or what did not work as expected."""

    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[
            ("worked", _("What worked")),
            ("did_not_work", _("What didn't work as expected")),
        ],
    )
    text = blocks.RichTextBlock(
        label=_("text"), features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        icon = "help"
        label = _("Lesson learned")
        template = "stories/blocks/callout_block.html"


class MaterialBlock(blocks.StructBlock):
    """One supporting material: a document to download or a link elsewhere."""

    title = blocks.CharBlock(label=_("title"), max_length=160)
    document = DocumentChooserBlock(label=_("document"), required=False)
    url = blocks.URLBlock(label=_("link"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Material")


class MaterialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120, required=False)
    items = blocks.ListBlock(MaterialBlock(), label=_("materials"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Supporting materials")
        template = "stories/blocks/materials_block.html"


class StoryBlock(BaseStreamBlock):
    callout = CalloutBlock()
    embed = EmbedBlock(label=_("Embed"), icon="media")
    materials = MaterialsBlock()
