app_name = "emulation"

urlpatterns: list = []
