"""Validated uploads: images and document attachments.

The type is read from the file's content (Pillow decodes images, magic bytes and the
ZIP directory name documents), never from its name or the browser's claim. Accepted
images are re-encoded, which drops metadata (EXIF location, comments) and anything
smuggled after the pixels. Every accepted file gets a random name with an extension
chosen from its sniffed type, so no upload ever decides how it is stored or served.
"""

import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# An Office document unpacks to a few megabytes; far more than that is a ZIP bomb.
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_MEMBERS = 5_000
CONTENT_TYPES_MEMBER = "[Content_Types].xml"
CONTENT_TYPES_MAX_BYTES = 256 * 1024
# The main part's content type names the kind of Office document; macro-enabled
# documents (docm, xlsm, pptm) declare other types and are refused with the rest.
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}
# Text a browser would take for markup (HTML, SVG, XML) if it ever sniffed it.
MARKUP = re.compile(
    rb"<\s*(?:!doctype|!--|\?xml|html|head|body|script|iframe|svg|object|embed|meta|style|"
    rb"link|img|form|a\s)",
    re.IGNORECASE,
)
MARKUP_START = re.compile(r"\s*<[A-Za-z!?/]")
TEXT_SNIFF_BYTES = 4096
ORIGINAL_NAME_MAX_LENGTH = 120
_UNSAFE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def _too_large(upload, max_bytes):
    if upload.size > max_bytes:
        raise ValidationError(
            _("That file is %(size)s; the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )


def _reencode(upload, max_side):
    """The image re-encoded as PNG (if it has transparency) or JPEG: bytes, extension, size."""
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
            size = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("That file is not an image we can use. Please upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from None
    return output.getvalue(), extension, size


def clean_image(upload, *, max_bytes, max_side):
    """Return a re-encoded copy of ``upload`` as a ContentFile, or raise ValidationError."""
    _too_large(upload, max_bytes)
    data, extension, _size = _reencode(upload, max_side)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}")


@dataclass
class Attachment:
    """An accepted upload, ready to store: ``file`` has a random name and a safe extension."""

    file: File
    kind: str  # "image" or "file"
    content_type: str
    original_name: str
    size: int
    width: int | None = None
    height: int | None = None


def clean_attachment(upload, *, max_bytes, max_image_side):
    """Accept an image, PDF, plain text or CSV, or Office document, or raise ValidationError.

    Images are re-encoded (see ``clean_image``); other files are kept byte for byte
    but only when their content is one of the allowed types.
    """
    _too_large(upload, max_bytes)
    upload.seek(0)
    head = upload.read(TEXT_SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        data, extension, (width, height) = _reencode(upload, max_image_side)
        return Attachment(
            file=ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}"),
            kind="image",
            content_type="image/png" if extension == "png" else "image/jpeg",
            original_name=original_name(upload.name, extension),
            size=len(data),
            width=width,
            height=height,
        )
    if head.startswith(PDF_MAGIC):
        extension, content_type = "pdf", "application/pdf"
    elif head.startswith(ZIP_MAGIC):
        extension, content_type = _office_document(upload)
    else:
        extension, content_type = _text(upload, head)
    upload.seek(0)
    return Attachment(
        file=File(upload, name=f"{uuid.uuid4().hex}.{extension}"),
        kind="file",
        content_type=content_type,
        original_name=original_name(upload.name, extension),
        size=upload.size,
    )


def _not_accepted():
    return ValidationError(
        _(
            "That type of file cannot be attached. Attach an image (JPEG, PNG, WebP or GIF), "
            "a PDF, a Word, Excel or PowerPoint document, or a plain text or CSV file."
        ),
        code="not_accepted",
    )


def _office_document(upload):
    """The extension and content type of a Word, Excel or PowerPoint file, checked unopened."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if (
                len(members) > ZIP_MAX_MEMBERS
                or sum(member.file_size for member in members) > ZIP_MAX_UNCOMPRESSED
            ):
                raise ValidationError(
                    _("That archive unpacks to far more than any document would. It is refused."),
                    code="zip_bomb",
                )
            names = {member.filename for member in members}
            if CONTENT_TYPES_MEMBER not in names:
                raise _not_accepted()
            with archive.open(CONTENT_TYPES_MEMBER) as manifest:
                # Read no further than a real manifest could be, whatever the header claims.
                declared = manifest.read(CONTENT_TYPES_MAX_BYTES).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        raise _not_accepted() from None
    for main_part, found in OFFICE_TYPES.items():
        if f'ContentType="{main_part}"' in declared:
            return found
    raise _not_accepted()


def _text(upload, head):
    """Plain text or CSV: valid UTF-8, no NUL bytes, nothing a browser would take for markup."""
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_accepted() from None
    if "\x00" in text or not text.strip():
        raise _not_accepted()
    if MARKUP.search(head) or MARKUP_START.match(text):
        raise ValidationError(
            _(
                "That file is a web page, drawing or other markup (HTML, SVG or XML), which "
                "could run code in a browser. Attach it as a PDF instead."
            ),
            code="markup",
        )
    if PurePosixPath((upload.name or "").lower()).suffix == ".csv":
        return "csv", "text/csv; charset=utf-8"
    return "txt", "text/plain; charset=utf-8"


def original_name(name, extension):
    """A name fit to show and to offer as the download's name, ending in ``extension``.

    The file's own extension is replaced, so "invoice.exe" that is really a PDF
    downloads as "invoice.pdf". Control characters and path separators go.
    """
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = " ".join(_UNSAFE_NAME_CHARACTERS.sub("", name).split()).strip(" .")
    stem = name.rsplit(".", 1)[0].strip(" .") if "." in name else name
    stem = stem[: ORIGINAL_NAME_MAX_LENGTH - len(extension) - 1] or _("attachment")
    return f"{stem}.{extension}"


def content_disposition(name, *, as_attachment):
    """A Content-Disposition header: an ASCII ``filename`` and the exact RFC 5987 ``filename*``.

    Browsers that read ``filename*`` (all current ones) get the name as it was; the
    ASCII fallback has accents stripped and anything else that could break the header
    replaced.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9 ._()-]", "_", ascii_name).strip() or "download"
    disposition = "attachment" if as_attachment else "inline"
    return f"""{disposition}; filename="{ascii_name}"; filename*=UTF-8''{quote(name, safe="")}"""
