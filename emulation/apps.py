from django.apps import AppConfig


class EmulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "emulation"
    verbose_name = "Phong trào thi đua"
    demo_loader = "emulation.demo.load"
