"""E-mail (.eml, RFC 5322 / MIME, the standard library's ``email``).

The stored text is the subject, a header block (From, To, Cc, Date) and the body (text/plain, or
the article text of text/html), then the list of attachments: attachments are listed, never
ingested.  The sender becomes the source's author, the Date header its publication date, the
subject its title, and the Message-ID its URL (``mid:``, RFC 2392), so that a citation names the
exact message.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage, MIMEPart
from pathlib import Path

from ..errors import InputError
from .readers import RawDocument, decode_bytes, html_document


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.0f} KB" if n < 1048576 else f"{n / 1048576:.1f} MB"


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001  (a malformed header must not lose the message)
        value = msg.get_all(name, failobj=[""])[0] if hasattr(msg, "get_all") else ""
    return " ".join(str(value or "").split())


def _part_text(part: MIMEPart) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        content = decode_bytes(payload)[0] if isinstance(payload, bytes) and payload else ""
    if isinstance(content, bytes):
        content = decode_bytes(content)[0]
    return str(content)


def read_eml(path: Path, data: bytes) -> RawDocument:
    if not data.strip():
        raise InputError("empty e-mail file")
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not (msg.keys()):
        raise InputError("not an e-mail message (no headers)")
    subject = _header(msg, "Subject")
    sender = _header(msg, "From")
    date = _header(msg, "Date")
    body_part = msg.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        body = _part_text(body_part)
        if body_part.get_content_subtype() == "html":
            body = html_document(body)[0]
    attachments = []
    for part in msg.iter_attachments():
        name = part.get_filename() or "(unnamed)"
        payload = part.get_payload(decode=True) or b""
        attachments.append(f"{name} ({part.get_content_type()}, {_size(len(payload))})")
    head = [f"{label}: {value}" for label, value in (("From", sender), ("To", _header(msg, "To")),
                                                     ("Cc", _header(msg, "Cc")), ("Date", date)) if value]
    parts = [subject] if subject else []
    if head:
        parts.append("\n".join(head))
    if body.strip():
        parts.append(body.strip())
    if attachments:
        parts.append("Attachments (not ingested):\n" + "\n".join(f"- {a}" for a in attachments))
    meta: dict[str, object] = {"author": sender, "published_at": date}
    mid = _header(msg, "Message-ID").strip("<>")
    if mid and " " not in mid:
        meta["url"] = f"mid:{mid}"
    notes = [f"{len(attachments)} attachment{'s' * (len(attachments) != 1)} listed, not ingested"] if attachments else []
    return RawDocument(str(path), "\n\n".join(parts), "eml", title=subject, meta=meta, notes=notes)
