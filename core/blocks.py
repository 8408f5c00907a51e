"""StreamField blocks shared by every page type's body."""

import secrets

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from wagtail import blocks, hooks
from wagtail.images import blocks as image_blocks


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


class SignupBlock(blocks.StructBlock):
    """A call to subscribe, placed in any page body. The form itself comes from the
    app that takes subscriptions, through the `render_signup_form` hook (newsletter
    registers it): a function of the request and the form's element id pattern
    that returns the form's HTML."""

    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=120,
        help_text=_("Leave empty for “Get the newsletter”."),
    )
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)

    class Meta:
        icon = "mail"
        label = _("Newsletter signup")
        template = "core/blocks/signup_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        # Several forms may share a page: each gets its own element ids.
        prefix = f"signup-{secrets.token_hex(3)}-"
        context["heading_id"] = f"{prefix}heading"
        context["forms"] = [
            render(request, auto_id=f"{prefix}%s")
            for render in hooks.get_hooks("render_signup_form")
        ]
        return context


class SocialLinkBlock(blocks.StructBlock):
    """A link to the site's account elsewhere (Mastodon, a video channel...)."""

    label = blocks.CharBlock(label=_("label"), max_length=40)
    url = blocks.URLBlock(label=_("address"))

    class Meta:
        icon = "link"
        label = _("Social link")


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
