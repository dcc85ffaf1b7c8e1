"""Celery glue: take an id, call the service. The service is idempotent (it
claims the job by compare-and-swap and overwrites its own files)."""

from celery import shared_task

from .services import MAX_ATTEMPTS


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=5,
    max_retries=MAX_ATTEMPTS - 1,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=600,
    time_limit=900,
)
def report_render(render_id: int) -> None:
    from .services import report_render_run

    report_render_run(render_id=render_id)


@shared_task
def report_renders_requeue() -> int:
    from .services import report_renders_requeue_stale

    return report_renders_requeue_stale()
