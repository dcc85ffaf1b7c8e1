from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    """Certificate rendering (awards/pdf.py and this package's content, QR,
    blank and merge modules), the Celery batch pipeline, print-on-blank
    calibration and public QR verification (issue 6)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "awards.certificates"
    label = "certificates"
    verbose_name = "Bằng, giấy khen và xác thực"
    demo_loader = "awards.certificates.demo.load"
