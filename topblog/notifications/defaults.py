"""The message texts shipped with the code (message_defaults/*.toml): the data migration
copies them into MessageTemplate rows, and delivery falls back on them for a row that
does not exist yet, so an event added later is never sent without words."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

DEFAULTS_DIR = Path(__file__).resolve().parent / "message_defaults"


@dataclass(frozen=True)
class TemplateTexts:
    """What a message is rendered from: a MessageTemplate row or its shipped default."""

    event: str
    language: str
    subject: str
    text: str
    html: str


def _load(name: str) -> dict[str, Any]:
    with open(DEFAULTS_DIR / name, "rb") as f:
        return tomllib.load(f)


@cache
def shipped_templates() -> dict[tuple[str, str], TemplateTexts]:
    """Every shipped text, by (event, language)."""
    texts = {}
    for language, _name in settings.LANGUAGES:
        for event, parts in _load(f"{language}.toml").items():
            texts[event, language] = TemplateTexts(
                event=event,
                language=language,
                subject=parts["subject"],
                text=parts["text"],
                html=parts["html"],
            )
    return texts


@cache
def sample_contexts() -> dict[str, dict[str, Any]]:
    """Sample data per event, for previews; it also documents each event's placeholders."""
    return _load("samples.toml")


def sample_context(event: str) -> dict[str, Any]:
    return dict(sample_contexts().get(event, {}))
