"""Celery glue for the certificate pipeline: take ids, call a service.

Reliability (shared/notes/rendering.md): late acknowledgement and reject-on-worker-lost, so
a chunk whose worker process dies is delivered again; the attempt is counted in the database
when the task starts (``services.chunk_run``), so a chunk that kills its worker three times
is marked failed instead of looping; transient errors retry with exponential backoff; the
reconciler (celery beat, every minute) re-sends chunks a whole dead worker took with it.
"""

from celery import shared_task

from .models import MAX_CHUNK_ATTEMPTS


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=MAX_CHUNK_ATTEMPTS - 1,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=90,
    time_limit=120,
)
def certificate_chunk_render(chunk_id: int, token: str) -> None:
    from .services import chunk_run

    chunk_run(chunk_id=chunk_id, token=token)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=5,
    max_retries=2,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
)
def certificate_job_assemble(job_id: int) -> None:
    from .services import job_assemble

    job_assemble(job_id=job_id)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=5,
    max_retries=2,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
)
def certificate_job_blank_render(job_id: int) -> None:
    from .services import job_blank_render

    job_blank_render(job_id=job_id)


@shared_task(ignore_result=True)
def certificate_chunks_requeue() -> int:
    from .services import chunks_requeue_stale

    return chunks_requeue_stale()
