"""Meetings, the contact reports filed after client meetings, and the client communication log.

Client communication goes through the AE (domain.md, "no bypass"): a contact report and a
communication are recorded by a team AE, and the only agency person a communication names as
the client's counterpart is an AE. Nothing here links a client contact to anyone else.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account, Contact


class MeetingKind(models.TextChoices):
    PLANNING = "planning", _("Planning meeting")
    CREATIVE_REVIEW = "creative_review", _("Creative review")
    PRODUCTION = "production", _("Production meeting")
    CLIENT_PRESENTATION = "client_presentation", _("Client presentation")
    CLIENT_CALL = "client_call", _("Client call")


#: Meetings with the client: each is owed a contact report (CONTACT_REPORT_DUE after it).
CLIENT_MEETING_KINDS = [MeetingKind.CLIENT_PRESENTATION, MeetingKind.CLIENT_CALL]
CONTACT_REPORT_DUE = timedelta(hours=24)


class Meeting(models.Model):
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("account")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    held_at = models.DateTimeField(_("held at"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="meetings", blank=True, verbose_name=_("attendees")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            # An account's meetings, newest first; contact_reports_owed() by kind and time.
            models.Index(fields=["account", "-held_at"], name="meeting_account_held_idx"),
            models.Index(fields=["kind", "held_at"], name="meeting_kind_held_idx"),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.held_at)
        return self.title or f"{self.get_kind_display()} {when:%Y-%m-%d}"

    @property
    def is_with_client(self) -> bool:
        return self.kind in CLIENT_MEETING_KINDS

    @property
    def contact_report_due_at(self):
        return self.held_at + CONTACT_REPORT_DUE


class ContactReport(models.Model):
    """What was discussed and decided with the client; its action items are Tasks
    (`tasks`, created in the same transaction by campaigns.services.file_contact_report)."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="contact_reports", verbose_name=_("account")
    )
    # One report per meeting; the unique one-to-one is the proof (style.md §5).
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_report",
        verbose_name=_("meeting"),
    )
    summary = models.TextField(_("what was discussed"))
    decisions = models.TextField(_("decisions"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact report")
        verbose_name_plural = _("contact reports")
        indexes = [
            models.Index(fields=["account", "-created_at"], name="contactreport_account_idx"),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at) if self.created_at else timezone.localtime()
        return _("Contact report %(date)s") % {"date": f"{when:%Y-%m-%d}"}


class CommunicationKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    EMAIL_RECEIVED = "email_received", _("E-mail received")
    EMAIL_SENT = "email_sent", _("E-mail sent")
    REQUEST = "request", _("Request")


class Communication(models.Model):
    """One exchange with the client. `ae` is the agency's side of it and is always an AE of
    the account's team: there is deliberately no way to name anyone else."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="communications", verbose_name=_("account")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CommunicationKind.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communications",
        verbose_name=_("client contact"),
    )
    ae = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="client_communications",
        verbose_name=_("AE"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("content"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communications",
        verbose_name=_("meeting"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("client communication")
        verbose_name_plural = _("client communications")
        indexes = [
            # The log page: an account's communications, newest first.
            models.Index(fields=["account", "-occurred_at"], name="communication_account_idx"),
        ]

    def __str__(self) -> str:
        return self.subject
