"""Network installation requests (SOP Pemasangan Jaringan)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from silajar.core.models import TimeStampedModel, VersionedModel
from silajar.installations.choices import OPEN_STATES, ProvidedBy, RequestState


class InstallationRequest(VersionedModel):
    """One agency's letter asking for network installation, and everything done about it."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.SUBMITTED
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="installation_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # the agency's letter to the Kepala Dinas, signed by the head of the agency and stamped
    letter_number = models.CharField(_("letter number"), max_length=100)
    letter_date = models.DateField(_("letter date"))
    subject = models.CharField(_("subject"), max_length=255)
    signatory_name = models.CharField(_("signed by"), max_length=150)
    signatory_title = models.CharField(_("signatory's title"), max_length=150)
    signatory_nip = models.CharField(_("signatory's NIP"), max_length=18, blank=True)
    letter_file = models.FileField(_("signed letter (scan)"), upload_to="installations/letters/")
    letter_file_name = models.CharField(_("file name"), max_length=150, blank=True)
    letter_content_type = models.CharField(max_length=50, blank=True, editable=False)
    # what is asked
    description = models.TextField(_("what is needed"))
    location = models.ForeignKey(
        "organizations.Location",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="installation_requests",
    )
    # the device or wall outlet concerned (the network inventory)
    device = models.ForeignKey(
        "inventory.Device",
        verbose_name=_("device or outlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="installation_requests",
    )
    location_detail = models.CharField(_("rooms or floors"), max_length=255, blank=True)
    network_points = models.PositiveSmallIntegerField(_("new network points"), default=0)
    access_points = models.PositiveSmallIntegerField(_("access points"), default=0)
    desired_date = models.DateField(_("desired date"), null=True, blank=True)
    # forward (Kepala UPDE)
    disposition_note = models.TextField(_("disposition"), blank=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    # survey (section head assigns, technician records)
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="installation_requests",
    )
    survey_due_date = models.DateField(_("survey due"), null=True, blank=True)
    slot_available = models.BooleanField(_("slot and place available"), null=True, blank=True)
    adequate = models.BooleanField(_("adequate to install"), null=True, blank=True)
    survey_notes = models.TextField(_("survey notes"), blank=True)
    surveyed_at = models.DateTimeField(_("surveyed at"), null=True, blank=True)
    # the survey report (berita acara survei) is an official record with its own number
    survey_report_number = models.CharField(
        _("survey report number"), max_length=100, blank=True, editable=False
    )
    # reply letter (surat balasan) or rejection
    reply_letter_number = models.CharField(
        _("reply letter number"), max_length=100, blank=True, db_index=True
    )
    reply_letter_date = models.DateField(_("reply letter date"), null=True, blank=True)
    reply_letter_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reply letter signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    equipment_confirmed_at = models.DateTimeField(_("equipment ready at"), null=True, blank=True)
    # installation and connection test
    installation_started_at = models.DateTimeField(_("installation started"), null=True, blank=True)
    link_up = models.BooleanField(_("link up"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("address obtained"), null=True, blank=True)
    measured_mbps = models.DecimalField(
        _("measured speed (Mbps)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
    )
    installation_notes = models.TextField(_("work done"), blank=True)
    installed_at = models.DateTimeField(_("installed at"), null=True, blank=True)
    # sign-off of the installation form by the agency
    signer_name = models.CharField(_("signed by (agency)"), max_length=150, blank=True)
    signature = models.FileField(_("signature"), upload_to="installations/signatures/", blank=True)
    signed_form = models.FileField(
        _("signed form (scan)"), upload_to="installations/forms/", blank=True
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # the service level of the current step (see services._step_fields and the overdue scan)
    step_started_at = models.DateTimeField(_("step started"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("step due"), null=True, blank=True)
    step_overdue = models.BooleanField(_("step overdue"), default=False)

    class Meta:
        verbose_name = _("installation request")
        verbose_name_plural = _("installation requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="instreq_state_created"),
            models.Index(fields=["organization", "-created_at"], name="instreq_org_created"),
            models.Index(fields=["technician", "state"], name="instreq_tech_state"),
            models.Index(fields=["step_overdue", "step_due_at"], name="instreq_overdue"),
            models.Index(fields=["-created_at", "-id"], name="instreq_created"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"[:255]

    @property
    def state_badge(self) -> str:
        return RequestState.colour(self.state)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class SurveyItem(models.Model):
    """One piece of equipment or material the survey found necessary."""

    request = models.ForeignKey(
        InstallationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("item"), max_length=150)
    specification = models.CharField(_("specification"), max_length=255, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    provided_by = models.CharField(_("provided by"), max_length=20, choices=ProvidedBy.choices)

    class Meta:
        verbose_name = _("survey item")
        verbose_name_plural = _("survey items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.name}"


class SurveyPhoto(models.Model):
    """A photo taken at the survey (JPEG or PNG, checked by content)."""

    request = models.ForeignKey(
        InstallationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    file = models.FileField(upload_to="installations/photos/")
    original_name = models.CharField(_("file name"), max_length=150)
    caption = models.CharField(
        _("caption"),
        max_length=200,
        blank=True,
        help_text=_("What the photo shows, e.g. “Rak server lantai 2, slot kosong 4U”."),
    )
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey photo")
        verbose_name_plural = _("survey photos")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class StepTarget(TimeStampedModel):
    """How many working days a step of the procedure may take (editable by the section head)."""

    state = models.CharField(_("step"), max_length=20, choices=RequestState.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("step target")
        verbose_name_plural = _("step targets")
        ordering = ["state"]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.working_days}"
