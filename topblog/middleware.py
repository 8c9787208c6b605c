"""Project-wide middleware."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class RussianFirstLocaleMiddleware(LocaleMiddleware):
    """Russian unless the person chose English with the language switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and a
    civil servant's English-language browser would then show an English portal that
    the organizers' Russian notices and documents do not match."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateNoStoreMiddleware:
    """Every page and API answer is ``Cache-Control: private, no-store`` unless its view
    set its own: most show personal data (a name, an application, messages, a token), and
    a shared cache or the browser's disk must not keep a copy for the next person. Static
    files never reach here (whitenoise answers them first) and keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response
