from django.apps import AppConfig


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"
    verbose_name = "Đơn vị, cụm và khối thi đua"
    demo_loader = "units.demo.load"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .signals import grant_administrator_permissions

        # After every app's migrations, so all permission rows exist.
        post_migrate.connect(grant_administrator_permissions, dispatch_uid="units-admin-perms")
