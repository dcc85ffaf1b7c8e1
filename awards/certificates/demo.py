"""Demo certificates (``manage.py load_demo``): the certificates of the demo's issued 2022
decisions (award year 2022), every one carrying the specimen mark.

Issuing those decisions (``awards.decisions.demo``) already planned a render job after
commit; this loader makes sure the job exists, marks the rows as specimens and, because
they are only a handful, renders them here and now so the demo works without a worker.
A larger decision is left to the worker. Idempotent: finished jobs are left alone.
"""

from __future__ import annotations

from awards.decisions.models import Decision, DecisionStatus

from . import services
from .models import Certificate, CertificateStatus, ChunkStatus

# Render in the loader itself up to this many certificates per decision.
SYNC_LIMIT = 30


def load(stdout=None) -> None:
    say = stdout.write if stdout else (lambda *_: None)
    decisions = Decision.objects.filter(status=DecisionStatus.ISSUED, award_year=2022).order_by(
        "decision_date", "pk"
    )
    rendered = queued = 0
    for decision in decisions:
        if not decision.certificate_jobs.exists():
            services.certificates_render_for_decision(decision_id=decision.pk)
        rows = Certificate.objects.filter(decision=decision)
        # A row rendered without the mark (demo mode was off) is rendered again.
        unmarked = rows.filter(specimen=False, status=CertificateStatus.DONE).exists()
        rows.filter(specimen=False).update(specimen=True)
        job = decision.certificate_jobs.order_by("-created_at", "-pk").first()
        if unmarked and job.is_finished():
            job = services.render_job_request(decision=decision, actor=decision.issued_by)
        if job.is_finished():
            continue
        if job.total > SYNC_LIMIT:
            queued += job.total
            continue
        for chunk in job.chunks.filter(status=ChunkStatus.PENDING).order_by("position"):
            services.chunk_run(chunk_id=chunk.pk, token=str(chunk.token))
        services.job_assemble(job_id=job.pk)
        rendered += job.total
    say(
        f"  Bằng minh họa: {Certificate.objects.filter(specimen=True).count()} bằng "
        f"({rendered} vừa in, {queued} chờ tiến trình nền)\n"
    )
