"""Reading QR codes back: the texts of every QR code in a PNG, or in a DOCX's pictures."""

from __future__ import annotations

import io
import zipfile

import zxingcpp
from PIL import Image


def decoded(png: bytes) -> list[str]:
    """The texts of the QR codes in one picture."""
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
            if found.format == zxingcpp.BarcodeFormat.QRCode]


def decoded_in_docx(data: bytes) -> list[str]:
    """The texts of the QR codes among a DOCX's pictures, in the order of their files."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(name for name in archive.namelist() if name.startswith("word/media/"))
        return [text for name in names for text in decoded(archive.read(name))]
