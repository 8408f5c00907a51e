"""A member's photo: size- and pixel-limited, re-encoded so that no metadata (place,
camera, date) travels with it, turned the way the camera meant, and kept as a
Wagtail image in a collection of its own, so pages show renditions of it."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

COLLECTION = "Member photos"
MAX_PIXELS = 25_000_000  # 5000 × 5000; a bigger "photo" is a decompression bomb
LONGEST_SIDE = 1200  # what is kept: enough for every rendition a page shows


def clean_photo(upload) -> bytes:
    """The upload re-encoded without metadata, or a ValidationError in words."""
    if upload.size > settings.MEMBERS_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large: up to %(mb)d MB, please.")
            % {"mb": settings.MEMBERS_PHOTO_MAX_BYTES // 1_000_000}
        )
    try:
        upload.seek(0)
        with PILImage.open(upload) as probe:
            if probe.format not in ("JPEG", "PNG", "WEBP"):
                raise ValidationError(_("A photo in JPEG, PNG or WebP, please."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."))
            probe.load()
            picture = ImageOps.exif_transpose(probe)
            picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            keeps_alpha = picture.mode in ("RGBA", "LA", "P") and probe.format != "JPEG"
            picture = picture.convert("RGBA" if keeps_alpha else "RGB")
            out = io.BytesIO()
            # A fresh image from the pixels alone: no EXIF, XMP, ICC or comments.
            clean = PILImage.new(picture.mode, picture.size)
            clean.paste(picture)
            clean.save(out, format="PNG" if keeps_alpha else "JPEG", quality=85)
    except (UnidentifiedImageError, OSError, PILImage.DecompressionBombError):
        raise ValidationError(_("This file is not a photo we can read.")) from None
    return out.getvalue()


def collection() -> Collection:
    found = Collection.objects.filter(name=COLLECTION).first()
    if found is None:
        found = Collection.get_first_root_node().add_child(name=COLLECTION)
    return found


def store(member, data: bytes):
    """The cleaned photo as the member's image; the one it replaces is deleted."""
    extension = "png" if data.startswith(b"\x89PNG") else "jpg"
    image = get_image_model()(
        title=member.display_name[:255],
        collection=collection(),
        file=ContentFile(data, name=f"member-{member.pk}.{extension}"),
    )
    image.save()
    old = member.photo
    member.photo = image
    member.save(update_fields=["photo", "updated_at"])
    if old is not None:
        old.delete()
    return image


def remove(member) -> None:
    old = member.photo
    if old is not None:
        member.photo = None
        member.save(update_fields=["photo", "updated_at"])
        old.delete()
