"""`{% load workplan %}{% owed_contact_reports %}`: the contact reports the logged-in user
owes, for any page (the AE's home page) to show without its view knowing about them."""

from django import template

from campaigns.selectors.meetings import contact_reports_owed

register = template.Library()


@register.inclusion_tag("campaigns/_owed_contact_reports.html", takes_context=True)
def owed_contact_reports(context) -> dict:
    user = context["request"].user
    return {"owed": list(contact_reports_owed(user)) if user.is_authenticated else []}
