"""The API's JSON parser: Python's json module recurses once per level of nesting, so a
body nested a few thousand levels deep raises RecursionError, which DRF's parser lets
through as a 500. Here it is a 400 like any other malformed body."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONParserBounded(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("Слишком глубокая вложенность JSON.")) from error
