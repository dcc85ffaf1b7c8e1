from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Year statistics, the year-end summary report (PDF and Excel), dashboards
    and the public pages (issue 7). Its own app inside the awards package, so
    its migrations are independent of the nomination and decision apps'."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "awards.reports"
    label = "reports"
    verbose_name = "Thống kê và báo cáo tổng kết"
    demo_loader = "awards.reports.demo.load"
