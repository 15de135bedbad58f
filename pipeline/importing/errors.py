"""Why an import failed: one line naming the file and the reason (exit 1, nothing written)."""

from __future__ import annotations

from pipeline.errors import InputError


class ImportFailed(InputError):
    """The file cannot become a source document."""


class UnknownFormat(ImportFailed):
    """The content is not a web page, Word document, PDF, Markdown or plain text."""


class DamagedFile(ImportFailed):
    """The file claims a format but cannot be read as it (truncated, corrupt)."""


class EncryptedFile(ImportFailed):
    """The PDF is protected by a password."""


class NoText(ImportFailed):
    """The file holds no text to import: a scanned PDF, a page with no article."""


class TargetExists(ImportFailed):
    """``source/<doc>.md`` exists and ``--force`` was not given."""
