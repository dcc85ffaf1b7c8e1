import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("vinhdanh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_pdf_renderer(**kwargs) -> None:
    """Each prefork child builds its WeasyPrint font configuration and parsed
    stylesheets once, before its first task (see shared/notes/rendering.md:
    without reuse a certificate costs almost twice as much and memory grows)."""
    from awards.pdf import init_worker

    init_worker()
