"""What the monitor probes and what it saw.

A `Target` is one thing probed at an interval (a TCP port, an HTTP(S) URL, a DNS name, an ICMP
echo) standing for our side of a site's network (`gateway`, `lan`) or the provider's
(`provider`, `upstream`), tied to a link and/or a place. The monitor writes only state changes:
a `TargetDowntime` from the first failed probe of the run that confirmed it to the first good
probe of the run that confirmed recovery, and the target's current state. Latency is kept raw
as one `ProbeMinute` row per target and minute for a few days (`SILAJAR_MONITOR_RAW_DAYS`),
then as hourly and daily `LatencyRollup` rows. Each monitor process records its run and
heartbeat in `MonitorRun`: a time no run covered a target is *unmonitored*, never up."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from silajar.core.models import VersionedModel
from silajar.monitoring.choices import (
    RollupPeriod,
    TargetKind,
    TargetRole,
    TargetState,
    Vantage,
)

# the fields that say how a target is probed (the monitor reloads a target when one changes)
PROBE_FIELDS = (
    "kind",
    "host",
    "port",
    "url",
    "expected_status",
    "expected_text",
    "expected_address",
    "resolver",
    "interval_seconds",
    "retry_interval_seconds",
    "timeout_seconds",
    "failures_to_down",
    "successes_to_up",
)


class Target(VersionedModel):
    """One thing the monitor probes every `interval_seconds`."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    # tcp: host and port; icmp: host; dns: host is the name to resolve; http: url
    host = models.CharField(_("host"), max_length=255, blank=True)
    port = models.PositiveIntegerField(
        _("port"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(65535)],
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    expected_status = models.PositiveSmallIntegerField(
        _("expected HTTP status"),
        null=True,
        blank=True,
        validators=[MinValueValidator(100), MaxValueValidator(599)],
    )
    expected_text = models.CharField(_("expected text in the answer"), max_length=200, blank=True)
    # dns: the address the name must resolve to (empty: any), and the resolver to ask
    # ("host" or "host:port"; empty: the system's resolver)
    expected_address = models.CharField(_("expected address"), max_length=64, blank=True)
    resolver = models.CharField(_("DNS resolver"), max_length=100, blank=True)
    interval_seconds = models.PositiveIntegerField(
        _("interval (seconds)"), default=60, validators=[MinValueValidator(1)]
    )
    # after a failed probe, while the target is not confirmed down, the next probe comes after
    # this many seconds (Uptime Kuma's "heartbeat retry interval"); empty: `retry_interval`
    retry_interval_seconds = models.PositiveIntegerField(
        _("retry interval (seconds)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    timeout_seconds = models.DecimalField(
        _("timeout (seconds)"),
        max_digits=5,
        decimal_places=2,
        default=5,
        validators=[MinValueValidator(0.1)],
    )
    failures_to_down = models.PositiveSmallIntegerField(
        _("failures before down"), default=3, validators=[MinValueValidator(1)]
    )
    successes_to_up = models.PositiveSmallIntegerField(
        _("successes before up"), default=2, validators=[MinValueValidator(1)]
    )
    role = models.CharField(_("stands for"), max_length=10, choices=TargetRole.choices)
    # a provider's CPE probed through our network (`inside`) or over the public internet
    # (`outside`, e.g. at its public address)
    vantage = models.CharField(
        _("probed from"), max_length=10, choices=Vantage.choices, default=Vantage.INSIDE
    )
    link = models.ForeignKey(
        "providers.Link",
        verbose_name=_("internet link"),
        on_delete=models.PROTECT,
        related_name="targets",
        null=True,
        blank=True,
    )
    location = models.ForeignKey(
        "organizations.Location",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="targets",
        null=True,
        blank=True,
    )
    paused = models.BooleanField(_("paused"), default=False)
    # the monitor's view, written only when it changes
    state = models.CharField(
        _("state"), max_length=10, choices=TargetState.choices, default=TargetState.UNKNOWN
    )
    state_since = models.DateTimeField(_("in this state since"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("monitoring target")
        verbose_name_plural = _("monitoring targets")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(link__isnull=False) | Q(location__isnull=False),
                name="monitoring_target_link_or_location",
            ),
            models.CheckConstraint(
                condition=Q(interval_seconds__gte=1), name="monitoring_target_interval"
            ),
        ]
        indexes = [models.Index(fields=["link", "role"]), models.Index(fields=["location"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:target_detail", args=[self.pk])

    @property
    def state_badge(self) -> str:
        return TargetState.colour(self.state)

    @property
    def retry_interval(self) -> int:
        """The seconds between the probes of a failing target not yet down: its own, or a
        sixth of its interval (at least 1 s)."""
        return self.retry_interval_seconds or default_retry_interval(self.interval_seconds)


def default_retry_interval(interval_seconds: int) -> int:
    """The retry interval of a target that names none: a sixth of its interval, at least 1 s
    (with 3 failures to down, a failure is confirmed a third of an interval after the first)."""
    return max(1, int(interval_seconds) // 6)


class TargetPause(models.Model):
    """A time a target was paused (`ended_at` empty while it lasts): not probed, so what it
    stands for is not watched through it (`monitoring.watch`)."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="pauses"
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("target pause")
        verbose_name_plural = _("target pauses")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="monitoring_pause_order",
            ),
            models.UniqueConstraint(
                fields=["target"],
                condition=Q(ended_at__isnull=True),
                name="monitoring_pause_one_open",
            ),
        ]
        indexes = [models.Index(fields=["target", "started_at"])]

    def __str__(self) -> str:
        return f"{self.target_id} {self.started_at:%Y-%m-%d %H:%M}"


class TargetDowntime(models.Model):
    """A time a target was down: from the first failed probe of the run that confirmed it
    (`started_at`; confirmed at `confirmed_at`) to the first good probe of the run that
    confirmed recovery (`ended_at`, empty while it lasts). A provider-side downtime belongs to
    the link's `providers.Outage` it opened or joined."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="downtimes"
    )
    started_at = models.DateTimeField(_("started at"))
    confirmed_at = models.DateTimeField(_("confirmed at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    outage = models.ForeignKey(
        "providers.Outage",
        verbose_name=_("outage"),
        on_delete=models.SET_NULL,
        related_name="downtimes",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("target downtime")
        verbose_name_plural = _("target downtimes")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="monitoring_downtime_order",
            ),
            # a target is down at most once at a time
            models.UniqueConstraint(
                fields=["target"],
                condition=Q(ended_at__isnull=True),
                name="monitoring_downtime_one_open",
            ),
        ]
        indexes = [models.Index(fields=["target", "started_at"])]

    def __str__(self) -> str:
        return f"{self.target} {self.started_at:%Y-%m-%d %H:%M}"


class ProbeMinute(models.Model):
    """The raw probes of one target in one minute: `probes` is a list of
    `[second_in_minute, latency_ms]`, latency null for a failed probe."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="probe_minutes"
    )
    minute = models.DateTimeField(_("minute"))
    probes = models.JSONField(_("probes"), default=list)

    class Meta:
        verbose_name = _("probes of a minute")
        verbose_name_plural = _("probes of a minute")
        constraints = [
            models.UniqueConstraint(fields=["target", "minute"], name="monitoring_probe_minute")
        ]
        indexes = [models.Index(fields=["minute"])]

    def __str__(self) -> str:
        return f"{self.target_id} {self.minute:%Y-%m-%d %H:%M}"


class LatencyRollup(models.Model):
    """The probes of one target in one hour or day: count, failures (loss = failures ÷
    probes) and the latency of the good ones (min, mean, 95th percentile)."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="rollups"
    )
    period = models.CharField(_("period"), max_length=4, choices=RollupPeriod.choices)
    start = models.DateTimeField(_("start"))
    probes = models.PositiveIntegerField(_("probes"))
    failures = models.PositiveIntegerField(_("failed probes"))
    min_ms = models.FloatField(_("minimum latency (ms)"), null=True, blank=True)
    mean_ms = models.FloatField(_("mean latency (ms)"), null=True, blank=True)
    p95_ms = models.FloatField(_("95th percentile latency (ms)"), null=True, blank=True)

    class Meta:
        verbose_name = _("latency roll-up")
        verbose_name_plural = _("latency roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "period", "start"], name="monitoring_rollup_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.period} {self.start:%Y-%m-%d %H:%M}"

    @property
    def loss(self) -> float:
        return self.failures / self.probes if self.probes else 0.0


class MonitorRun(models.Model):
    """One run of a monitor process over its shard of the targets (`shard` of `shards`, by a
    stable hash of the target's id; of one `vantage` when it names one), from `started_at` to
    `ended_at` (a clean stop) or, when it was killed, to its last heartbeat `beat_at`."""

    shard = models.PositiveSmallIntegerField(_("shard"), default=1)
    shards = models.PositiveSmallIntegerField(_("shards"), default=1)
    # the targets of one vantage only (`monitor --vantage`: a monitor outside our network
    # probes the `outside` ones); empty: every target of the shard
    vantage = models.CharField(_("probed from"), max_length=10, choices=Vantage.choices, blank=True)
    host = models.CharField(_("host"), max_length=100, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitor run")
        verbose_name_plural = _("monitor runs")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shard__gte=1) & Q(shard__lte=F("shards")),
                name="monitoring_run_shard",
            ),
            models.CheckConstraint(
                condition=Q(beat_at__gte=F("started_at")), name="monitoring_run_beat"
            ),
        ]
        indexes = [models.Index(fields=["started_at"]), models.Index(fields=["beat_at"])]

    def __str__(self) -> str:
        return f"{self.shard}/{self.shards} {self.started_at:%Y-%m-%d %H:%M}"
