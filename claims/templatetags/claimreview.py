"""The ClaimReview JSON-LD a published claim's page carries for fact-checking tools."""

from django import template
from django.utils.safestring import SafeString

from claims.interchange.claimreview import claim_review, script_element
from claims.models import Claim, ClaimStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def claimreview_script(context: template.Context, claim: Claim) -> SafeString | str:
    """A <script type="application/ld+json"> for a published claim; nothing for any other."""
    if claim.status != ClaimStatus.PUBLISHED:
        return ""
    return script_element(claim_review(claim, context["request"]))
