"""The certificate as a one-page PDF in Russian, drawn with reportlab: the text in DejaVu
Serif (shipped in static/fonts, so every machine prints the same Cyrillic glyphs) and a
QR code (segno) to the public page that confirms the certificate is genuine.

Nothing about the wording depends on the person's sex, which the portal may not know:
the sentences are built so that no verb agrees with the holder."""

import io
from dataclasses import dataclass
from datetime import date
from functools import cache

import segno
from django.conf import settings
from django.utils import formats, translation
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
REGULAR, BOLD = "DejaVuSerif", "DejaVuSerif-Bold"
PAGE = landscape(A4)
QR_SIZE = 38 * mm
# Pixels per QR module: the code is embedded as an image, sharp at this size when printed.
QR_SCALE = 8


@dataclass(frozen=True)
class CertificateText:
    number: str
    full_name: str
    programme_name: str
    hours: int
    starts_on: date
    ends_on: date
    issued_on: date
    issuer_name: str
    verify_url: str


@cache
def _fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, FONT_DIR / "DejaVuSerif.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, FONT_DIR / "DejaVuSerif-Bold.ttf"))


def _day(value: date) -> str:
    with translation.override("ru"):
        return formats.date_format(value, "j E Y") + " г."


def qr_png(url: str) -> bytes:
    """The verification address as a PNG QR code with its quiet zone."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()


def _centred(pdf: canvas.Canvas, y: float, text: str, font: str, size: float) -> None:
    pdf.setFont(font, size)
    pdf.drawCentredString(PAGE[0] / 2, y, text)


def _wrapped(pdf: canvas.Canvas, y: float, text: str, font: str, size: float, width: float) -> float:
    """``text`` centred on as many lines as it needs; returns the y under the last one."""
    words, line = text.split(), ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            _centred(pdf, y, line, font, size)
            y -= size * 1.3
            line = word
        else:
            line = candidate
    if line:
        _centred(pdf, y, line, font, size)
        y -= size * 1.3
    return y


def certificate_pdf(text: CertificateText) -> bytes:
    _fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1)
    pdf.setTitle(f"Удостоверение о повышении квалификации № {text.number}")
    pdf.setAuthor(text.issuer_name)
    pdf.setSubject(text.programme_name)
    width, height = PAGE
    pdf.setStrokeColorRGB(0.12, 0.31, 0.72)
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    y = height - 32 * mm
    y = _wrapped(pdf, y, text.issuer_name, REGULAR, 13, width - 60 * mm) - 8 * mm
    _centred(pdf, y, "УДОСТОВЕРЕНИЕ", BOLD, 30)
    y -= 11 * mm
    _centred(pdf, y, "о повышении квалификации", REGULAR, 16)
    y -= 8 * mm
    _centred(pdf, y, f"Регистрационный номер {text.number}", REGULAR, 12)
    y -= 16 * mm
    _centred(pdf, y, "Настоящее удостоверение выдано", REGULAR, 13)
    y -= 11 * mm
    _centred(pdf, y, text.full_name, BOLD, 20)
    y -= 12 * mm
    y = (
        _wrapped(
            pdf,
            y,
            f"в том, что с {_day(text.starts_on)} по {_day(text.ends_on)} завершено обучение "
            "по дополнительной профессиональной программе повышения квалификации",
            REGULAR,
            13,
            width - 70 * mm,
        )
        - 2 * mm
    )
    y = _wrapped(pdf, y, f"«{text.programme_name}»", BOLD, 15, width - 70 * mm)
    _centred(pdf, y - 2 * mm, f"в объёме {text.hours} ч.", REGULAR, 13)

    pdf.setFont(REGULAR, 11)
    pdf.drawString(24 * mm, 34 * mm, f"Дата выдачи: {_day(text.issued_on)}")
    pdf.drawString(24 * mm, 27 * mm, "Подлинность удостоверения можно проверить по QR-коду или по адресу:")
    pdf.setFont(REGULAR, 9)
    pdf.drawString(24 * mm, 21 * mm, text.verify_url)
    qr_x, qr_y = width - 24 * mm - QR_SIZE, 20 * mm
    pdf.drawImage(ImageReader(io.BytesIO(qr_png(text.verify_url))), qr_x, qr_y, QR_SIZE, QR_SIZE)
    pdf.linkURL(text.verify_url, (qr_x, qr_y, qr_x + QR_SIZE, qr_y + QR_SIZE), relative=0)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
