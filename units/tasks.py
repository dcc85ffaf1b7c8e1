"""Celery glue for units: e-mailing notifications."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notice once. Idempotent: rows already e-mailed are skipped,
    so a retry or a redelivered task never sends twice."""
    sent = 0
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("user")
    for notice in pending:
        if not notice.user.email:
            continue
        body = render_to_string(
            "units/email/notification.txt",
            {
                "notice": notice,
                "province": settings.VINHDANH_PROVINCE_NAME,
                "base_url": settings.VINHDANH_BASE_URL.rstrip("/"),
            },
        )
        send_mail(
            f"[Vinh danh] {notice.title}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notice.user.email],
        )
        # Claim the row only if nobody else did meanwhile (compare-and-swap).
        Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        sent += 1
    log.info("Sent %s notification e-mails", sent)
    return sent
