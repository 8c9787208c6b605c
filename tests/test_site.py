"""What every page shares: the focus ring's contrast, the icon browsers ask for."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


def colour(name: str) -> str:
    found = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", SITE_CSS.read_text())
    assert found, f"--{name} is not set in site.css"
    return found.group(1)


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_wcag():
    assert round(contrast("#ffbf47", "#ffffff"), 2) == 1.64
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0


def test_the_focus_ring_stands_out_three_to_one_against_every_background_it_sits_on():
    for background in ("#ffffff", colour("surface")):
        assert contrast(colour("focus"), background) >= 3
    assert contrast(colour("focus-on-dark"), colour("ink")) >= 3, "the header is dark"


def test_a_date_fields_calendar_button_gets_the_ring_too():
    focus_rule = SITE_CSS.read_text().split("outline: 3px solid var(--focus)")[0].rsplit("}", 1)[-1]
    assert "input:focus-within" in focus_rule


def test_the_icon_browsers_ask_for_is_there(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
