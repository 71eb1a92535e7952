"""Files handed to the signed-in user: generated documents and stored attachments."""

from django.db.models import QuerySet
from django.http import Http404, HttpResponse

from silajar.core.uploads import private_file_response


def document_response(
    content: bytes, filename: str, *, inline: bool, content_type: str = "application/pdf"
) -> HttpResponse:
    """A document made for this request (a PDF, a letter): never cached, never sniffed."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_response(attachments: QuerySet, pk, *, inline_images: bool) -> HttpResponse:
    """The stored file of attachment `pk` among `attachments` (those the user may see), or 404;
    images shown in the browser when `inline_images`, everything else downloaded."""
    attachment = attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return private_file_response(
        attachment.file,
        download_name=attachment.original_name,
        content_type=attachment.content_type,
        inline=inline_images and attachment.content_type.startswith("image/"),
    )
