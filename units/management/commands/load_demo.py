from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (chạy lại không tạo trùng) của mọi ứng dụng."

    def handle(self, *args, **options):
        # Each app names its loader in AppConfig.demo_loader; they run in
        # INSTALLED_APPS order, so units come before emulation and awards.
        for config in apps.get_app_configs():
            loader = getattr(config, "demo_loader", None)
            if loader:
                self.stdout.write(f"Nạp dữ liệu minh họa: {config.verbose_name}")
                import_string(loader)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp xong dữ liệu minh họa."))
