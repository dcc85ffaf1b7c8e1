from django.conf import settings


def portal(request):
    """Values every page needs: province name, demo flag (specimen banner)."""
    return {
        "PROVINCE_NAME": settings.VINHDANH_PROVINCE_NAME,
        "DEMO_MODE": settings.VINHDANH_DEMO_MODE,
    }
