"""A quote as its author agreed: named with their sector, anonymous, or not at all."""

from __future__ import annotations

from drafts.blocks import Quotation
from drafts.model import Consent, QuoteInput
from drafts.names import Names
from locales import Translator


def quotation(quote: QuoteInput, names: Names, t: Translator) -> Quotation | None:
    """The quote's block, attributed as its author chose; ``None`` unless they agreed."""
    if quote.consent == Consent.NAMED:
        who = names.named_with_sector(quote.author)
    elif quote.consent == Consent.ANONYMOUS:
        who = names.anonymous(quote.author)
    else:
        return None
    return Quotation(text=t("draft.quoted", text=quote.text), attribution=who)
