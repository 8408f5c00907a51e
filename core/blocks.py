"""StreamField blocks shared by every page type's body."""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images import blocks as image_blocks

from newsletter.blocks import SignupBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; pages own the h1, so bodies start at h2."""

    text = blocks.CharBlock(label=_("text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "core/blocks/heading_block.html"


class ImageChooserBlock(image_blocks.ImageChooserBlock):
    def bulk_to_python(self, values):
        """Wagtail's, and every image's renditions in one more query: a body's
        images cost two queries however many there are, not one more for each."""
        images = super().bulk_to_python(values)
        prefetch_related_objects([image for image in images if image], "renditions")
        return images


class ImageBlock(image_blocks.ImageBlock):
    """Wagtail's image block (with alt text), its images loaded with their
    renditions. It deconstructs as Wagtail's, so migrations do not change."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        chooser = ImageChooserBlock(required=required)
        chooser.set_name("image")
        self.child_blocks["image"] = chooser


class CaptionedImageBlock(blocks.StructBlock):
    """An image served through responsive renditions, with an optional caption."""

    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "core/blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "core/blocks/quote_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The body blocks every page may use; sections add their own."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    signup = SignupBlock()
