"""The PDF for publication: the DOCX converted by LibreOffice, so both are the same document.

LibreOffice runs headless as a process of its own (``soffice --headless
--convert-to pdf``, Debian's ``libreoffice-writer-nogui``), with a profile
in a fresh temporary folder so that conversions never wait for each other
or for a desktop LibreOffice of the same user, and with a time limit. The
caller runs this off the event loop (``bot.drafting`` uses a worker thread).
Where LibreOffice is missing, ``PdfUnavailable`` says so in a sentence an
operator can act on.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

PROGRAMS = ("soffice", "libreoffice")
DEFAULT_TIMEOUT = 120.0
"""Seconds one conversion may take: a first start of LibreOffice takes a few, a large draft more."""


class PdfUnavailable(RuntimeError):
    """No PDF can be made here: LibreOffice is missing, failed or took too long."""


def office_program() -> str | None:
    """The path of LibreOffice's ``soffice`` (or ``libreoffice``), if it is installed."""
    return next((found for name in PROGRAMS if (found := shutil.which(name))), None)


def require_office() -> str:
    """``office_program()``, or ``PdfUnavailable`` saying what to install."""
    program = office_program()
    if program is None:
        raise PdfUnavailable(
            "LibreOffice is not installed, so no PDF can be made"
            " (install it, e.g. apt-get install libreoffice-writer-nogui)")
    return program


def docx_to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The DOCX's bytes as a PDF's bytes, converted by LibreOffice headless."""
    program = require_office()
    with tempfile.TemporaryDirectory(prefix="werkstatt-pdf-") as folder:
        work = Path(folder)
        source = work / "input.docx"
        source.write_bytes(docx)
        command = [
            program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
            "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work),
            str(source),
        ]
        environment = {**os.environ, "HOME": folder}  # LibreOffice writes below HOME too
        with subprocess.Popen(command, cwd=folder, env=environment, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              start_new_session=True) as process:
            try:
                process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired as error:
                os.killpg(process.pid, signal.SIGKILL)  # soffice and the office it started
                process.communicate()
                raise PdfUnavailable(f"LibreOffice took longer than {timeout:g} s") from error
        result = work / "input.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise PdfUnavailable("LibreOffice made no PDF of the draft")
        return result.read_bytes()
