"""What the integrations store: benchmarks fetched from jobindsats.dk and the fetch behind them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BenchmarkFetch(models.Model):
    """One `fremdrift jobindsats fetch`: what was asked of which API and what came back.

    Kept so a benchmark shown beside our own figure can say where and when it came from.
    """

    source = models.CharField(_("kilde"), max_length=30, default="jobindsats")
    api_version = models.PositiveSmallIntegerField(_("API-version"))
    base_url = models.CharField(_("adresse"), max_length=300)
    table_id = models.CharField(_("tabel"), max_length=50)
    table_name = models.CharField(_("tabelnavn"), max_length=300, blank=True)
    fetched_at = models.DateTimeField(_("hentet"), auto_now_add=True)
    fetched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    # The request (periods, areas, measures) and the table's metadata as the API gave it.
    request = models.JSONField(_("forespørgsel"), default=dict, blank=True)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rækker"), default=0)

    class Meta:
        ordering = ["-fetched_at"]
        verbose_name = _("hentning af benchmarks")
        verbose_name_plural = _("hentninger af benchmarks")

    def __str__(self) -> str:
        return f"{self.source} {self.table_id} {self.fetched_at}"


class Benchmark(models.Model):
    """One published figure (a share or a count) for one area and period, tied to our indicator.

    `kommunekode` is blank for the whole country. `value` is None where jobindsats.dk publishes
    no number (its markers `-`, `.`, `..` or an empty cell): missing, never zero. `month` is the
    first day of the last month the period covers, so quarters and rolling years line up with
    our months.
    """

    source = models.CharField(_("kilde"), max_length=30, default="jobindsats")
    table_id = models.CharField(_("tabel"), max_length=50)
    measure = models.CharField(_("måling"), max_length=100)
    initiative = models.CharField(_("initiativ"), max_length=30)
    indicator = models.CharField(_("indikator"), max_length=60)
    # The engine's category of the indicator (`i_alt`, or a state of status_efter_forloeb).
    category = models.CharField(_("kategori"), max_length=60, default="i_alt")
    kommunekode = models.CharField(_("kommunekode"), max_length=3, blank=True)
    period = models.CharField(_("periode"), max_length=12)
    period_kind = models.CharField(_("periodetype"), max_length=4)
    month = models.DateField(_("måned"))
    value = models.FloatField(_("værdi"), null=True, blank=True)
    unit = models.CharField(_("enhed"), max_length=10, default="pct")
    fetch = models.ForeignKey(BenchmarkFetch, on_delete=models.PROTECT, related_name="benchmarks")

    class Meta:
        ordering = ["initiative", "indicator", "category", "kommunekode", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "source",
                    "table_id",
                    "measure",
                    "initiative",
                    "indicator",
                    "category",
                    "kommunekode",
                    "period",
                ],
                name="one_benchmark_per_source_measure_area_period",
            )
        ]
        indexes = [
            models.Index(fields=["initiative", "indicator", "category", "kommunekode", "month"])
        ]
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")

    def __str__(self) -> str:
        area = self.kommunekode or "landet"
        return f"{self.initiative}.{self.indicator} {area} {self.period}: {self.value}"
