"""Who signs the office's documents and how their signature block reads (Tata Naskah Dinas).

A letter going out of the office is signed on behalf of the head of the office as the
configuration says (`settings.SILAJAR_LETTER_SIGNING`): `a.n.` (atas nama: "a.n. Kepala Dinas …",
then the signer's position), `u.b.` (untuk beliau: "a.n. Kepala Dinas …", the intermediate
position, "u.b.", then the signer's position), `Plt.`/`Plh.` (the acting head signs as the head)
or nothing (the signer in his own position). The block ends with the name, the rank and grade
(pangkat/golongan) and the NIP; a letter is refused while its signer lacks either."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.core.errors import DomainError
from silajar.documents.pdf import stored_image_uri

AUTHORITIES = ("", "a.n.", "u.b.", "Plt.", "Plh.")
DOTS_NAME = "." * 40
DOTS_NIP = "." * 30


def signing() -> dict[str, str]:
    """The office's signing rule: `authority` (one of AUTHORITIES), `principal` (the head of the
    office, on whose behalf), `via` (u.b.: the intermediate position), `position` (the
    signer's)."""
    rule: Mapping[str, Any] = getattr(settings, "SILAJAR_LETTER_SIGNING", {})
    found = {
        "authority": str(rule.get("authority", "a.n.")).strip(),
        "principal": str(rule.get("principal", "")).strip()
        or f"Kepala {settings.SILAJAR_ORGANIZATION_NAME}",
        "via": str(rule.get("via", "")).strip(),
        "position": str(rule.get("position", "")).strip()
        or settings.SILAJAR_LETTER_SIGNATORY_TITLE,
    }
    if found["authority"] not in AUTHORITIES:
        raise ImproperlyConfigured(
            f"SILAJAR_LETTER_SIGNING authority {found['authority']!r}: one of {AUTHORITIES}"
        )
    if found["authority"] == "u.b." and not found["via"]:
        raise ImproperlyConfigured("SILAJAR_LETTER_SIGNING: u.b. needs the `via` position")
    return found


def title_lines(rule: Mapping[str, str] | None = None) -> list[str]:
    """The lines above the signature: "a.n. Kepala Dinas …", "Kepala Seksi …," and so on."""
    rule = rule or signing()
    authority, principal, position = rule["authority"], rule["principal"], rule["position"]
    if authority == "a.n.":
        return [f"a.n. {principal}", f"{position},"]
    if authority == "u.b.":
        return [f"a.n. {principal}", f"{rule['via']},", "u.b.", f"{position},"]
    if authority in ("Plt.", "Plh."):
        return [f"{authority} {principal},"]
    return [f"{position},"]


def missing_signature_data(user: User | None) -> list[str]:
    """What the signer's profile lacks for an official signature block (translated words)."""
    if user is None:
        return [_("a signer")]
    missing = []
    if not user.nip:
        missing.append(_("NIP"))
    if not user.rank:
        missing.append(_("rank and grade (pangkat/golongan)"))
    return missing


def require_signature_data(user: User | None, *, document: str) -> None:
    """Refuse to print a letter whose signer has no NIP or no rank: the law wants both."""
    missing = missing_signature_data(user)
    if not missing:
        return
    if user is None:
        raise DomainError(_("%(document)s has no signer.") % {"document": document})
    raise DomainError(
        _(
            "%(document)s cannot be printed yet: the signature block needs the %(missing)s of "
            "%(name)s. %(name)s fills it in under “My profile”, or a system administrator "
            "on the user's page."
        )
        % {
            "document": document,
            "missing": _(" and ").join(str(m) for m in missing),
            "name": user.get_full_name() or user.username,
        }
    )


def person_block(user: User | None) -> dict[str, str]:
    """Name, rank and NIP of a signer; dotted lines for what is unknown (forms signed by hand)."""
    if user is None:
        return {"name": "", "rank": "", "nip": ""}
    return {"name": user.get_full_name(), "rank": user.get_rank_display(), "nip": user.nip}


def staff_side(user: User | None, heading: str, *, completed: bool) -> dict[str, Any]:
    """A staff member's block on a form: name, rank, NIP, and once the form is `completed` (the
    survey recorded, the form signed off) the signature the person drew in the profile."""
    image = stored_image_uri(user.signature) if completed and user and user.signature else ""
    return {"heading": heading, "staff": True, "image": image, **person_block(user)}


def letter_signature(user: User | None, *, document: str) -> dict[str, Any]:
    """The signature block of an outgoing letter signed by `user` under the office's rule;
    refused (DomainError naming who must fill in what) without the signer's NIP or rank."""
    require_signature_data(user, document=document)
    return {"title_lines": title_lines(), **person_block(user)}
