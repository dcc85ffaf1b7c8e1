"""Reads of the certificate pipeline for pages: decisions with certificates, a job's
progress, a decision's certificates, and the public verification look-up."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum

from awards.decisions.models import Decision, DecisionStatus

from .models import Certificate, CertificateStatus, ChunkStatus, RenderChunk, RenderJob
from .permissions import certificate_filter


def decision_list(user):
    """Issued decisions with certificates ``user`` may see, newest first, with counts."""
    visible = certificate_filter(user)
    certificates = Certificate.objects.filter(visible, decision=OuterRef("pk"))
    # Staff who see every unit count every row; unit staff only their own unit's.
    mine = Q() if visible == Q() else Q(certificates__in=Certificate.objects.filter(visible))
    return (
        Decision.objects.issued()
        .filter(Exists(certificates))
        .annotate(
            certificate_count=Count("certificates", filter=mine, distinct=True),
            done_count=Count(
                "certificates",
                filter=mine & Q(certificates__status=CertificateStatus.DONE),
                distinct=True,
            ),
        )
        .order_by("-decision_date", "-pk")
    )


def decisions_without_certificates():
    """Issued decisions still standing that have never been rendered (for the staff list)."""
    return Decision.objects.filter(
        status=DecisionStatus.ISSUED, certificate_jobs__isnull=True
    ).order_by("-decision_date", "-pk")


@dataclass(frozen=True)
class Progress:
    job: RenderJob
    total: int
    finished: int
    failed: int
    chunks: int
    chunks_finished: int

    @property
    def percent(self) -> int:
        if self.job.is_finished():
            return 100
        if not self.total:
            return 0
        # Assembling the downloads is the last step: keep the bar short of 100 until then.
        return min(95, round(95 * self.finished / self.total))


def job_progress(job: RenderJob) -> Progress:
    """One query: certificates finished (done or failed) from the chunk rows."""
    agg = RenderChunk.objects.filter(job=job).aggregate(
        chunks=Count("pk"),
        chunks_finished=Count("pk", filter=Q(status__in=[ChunkStatus.DONE, ChunkStatus.FAILED])),
        finished=Sum("size", filter=Q(status__in=[ChunkStatus.DONE, ChunkStatus.FAILED])),
    )
    failed = Certificate.objects.filter(chunk__job=job, status=CertificateStatus.FAILED).count()
    return Progress(
        job=job,
        total=job.total,
        finished=agg["finished"] or 0,
        failed=failed,
        chunks=agg["chunks"],
        chunks_finished=agg["chunks_finished"],
    )


def latest_job(decision: Decision) -> RenderJob | None:
    return decision.certificate_jobs.order_by("-created_at", "-pk").first()


def certificate_list(decision: Decision, user):
    return (
        Certificate.objects.filter(certificate_filter(user), decision=decision)
        .select_related("entry__award")
        .order_by("position", "pk")
    )


def certificate_for_verification(code: str) -> Certificate | None:
    """The certificate with this code, with what the public page shows (one query)."""
    if not code or len(code) > 64:
        return None
    return (
        Certificate.objects.filter(code=code)
        .select_related("entry__award", "entry__decision")
        .first()
    )
