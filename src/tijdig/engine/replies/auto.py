"""Auto-replies: out-of-office notices and autoresponders. They never count as contact
and never hold a customer's next message.

Headers first (RFC 3834 `Auto-Submitted`, and what Exchange, Gmail and the common
autoresponders set); then the subject and text of the out-of-office notices people set
up in Dutch, English and French, which many servers send without any such header.
"""

from __future__ import annotations

import re
from email.message import Message

from tijdig.engine.replies.mail import Reply
from tijdig.engine.replies.text import is_answer_subject, own_text

_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk"})
# Headers whose mere presence says "a machine answered".
_PRESENT = (
    "x-autoreply",
    "x-autorespond",
    "x-autoresponder",
    "x-ms-exchange-generated-message-source",
)

_SUBJECT = re.compile(
    r"^\s*(?:automatisch\s+antwoord|automatisch\s+bericht|afwezig(?:heid\w*)?|niet\s+aanwezig"
    r"|out\s+of\s+(?:the\s+)?office|automatic\s+reply|auto(?:matic)?[- ]?reply|auto:|autoreply"
    r"|away\s+from\s+(?:the\s+)?office|on\s+(?:annual\s+)?leave"
    r"|réponse\s+automatique|absence\s+du\s+bureau|absent(?:e)?\s+du\s+bureau|message\s+d'absence"
    r"|accusé\s+de\s+réception|out\s+of\s+office|ontvangstbevestiging)\b",
    re.IGNORECASE,
)
_TEXT = re.compile(
    r"\b(?:ik\s+ben\s+(?:tot\s+(?:en\s+met\s+)?\S+(?:\s+\S+)?\s+)?(?:afwezig|met\s+vakantie|niet\s+(?:op\s+kantoor|aanwezig|bereikbaar))"
    r"|dit\s+is\s+een\s+automatisch\s+(?:antwoord|bericht|gegenereerd)"
    r"|(?:i\s+am|i'm)\s+(?:currently\s+)?(?:out\s+of\s+(?:the\s+)?office|on\s+(?:annual\s+)?leave|away\s+from)"
    r"|this\s+is\s+an\s+automatic(?:ally\s+generated)?\s+(?:reply|response|message)"
    r"|(?:je\s+suis|nous\s+sommes)\s+(?:actuellement\s+)?(?:absente?s?|en\s+congé|en\s+vacances)"
    r"|ceci\s+est\s+une\s+réponse\s+automatique)",
    re.IGNORECASE,
)


def is_auto_reply(message: Message | Reply) -> bool:
    """Whether a machine sent it: an out-of-office notice or an autoresponder's
    acknowledgement. A person's reply that says "I'm away until Monday, I'll look then"
    without any such header or subject is read as a reply, so that nobody's answer is
    lost: the wording counts only outside a "Re:" subject. Headers that every Outlook
    mail may carry (X-Auto-Response-Suppress) are no sign."""
    return bool(auto_reply_signs(Reply.of(message)))


def auto_reply_signs(reply: Reply) -> tuple[str, ...]:
    """Which signs it carries, as `header:name`, `subject` or `text`."""
    signs: list[str] = []
    submitted = (reply.header("Auto-Submitted") or "").strip().lower()
    if submitted and not submitted.startswith("no"):
        signs.append("header:auto-submitted")
    precedence = (reply.header("Precedence") or "").strip().lower()
    if precedence in _PRECEDENCE:
        signs.append("header:precedence")
    names = reply.header_names()
    signs += [f"header:{name}" for name in _PRESENT if name in names]
    if _SUBJECT.match(reply.subject):
        signs.append("subject")
    # The wording alone counts only outside an answer ("Re: ..."): a person who writes
    # "ik ben tot maandag afwezig, daarna betaal ik" in a reply is still answering.
    if not is_answer_subject(reply.subject) and _TEXT.search(own_text(reply.body)[:600]):
        signs.append("text")
    return tuple(signs)
