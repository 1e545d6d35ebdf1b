"""Validated image uploads.

The type is read from the file's content (Pillow decodes it), never from its
name or the browser's claim. Accepted images are re-encoded, which drops
metadata (EXIF location, comments) and anything smuggled after the pixels.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000


def clean_image(upload, *, max_bytes, max_side):
    """Return a re-encoded copy of ``upload`` as a ContentFile, or raise ValidationError."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("That file is %(size)s; the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
        if image_format not in ACCEPTED_IMAGE_FORMATS:
            raise UnidentifiedImageError(image_format)
        if width * height > MAX_PIXELS:
            raise ValidationError(_("That image is too large to process."), code="too_many_pixels")
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            has_alpha = image.mode in {"RGBA", "LA"} or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
            output = io.BytesIO()
            if has_alpha:
                image.save(output, format="PNG", optimize=True)
                extension = "png"
            else:
                image.save(output, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("That file is not an image we can use. Please upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from None
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
