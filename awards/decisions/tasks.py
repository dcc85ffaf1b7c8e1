"""Celery glue: take an id, call a service. Both services are idempotent (a
rerun re-renders and overwrites the same file)."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def session_minutes_render(session_id: int) -> None:
    from .services import session_minutes_store

    session_minutes_store(session_id=session_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def decision_pdf_render(decision_id: int) -> None:
    from .services import decision_pdf_store

    decision_pdf_store(decision_id=decision_id)
