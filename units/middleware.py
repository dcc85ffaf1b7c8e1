from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language in the footer.

    Django's LocaleMiddleware follows the browser's Accept-Language, so a
    civil servant with an English-language browser would get English pages;
    this portal is Vietnamese first, so only the explicit choice (the language
    cookie set by ``set_language``) counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
