"""Content Credentials signed into a finished MP3 or M4B, offline, with a configured certificate.

Signing is meant to be the LAST write to a file before it is renamed into place: the C2PA
library hashes every byte but its own manifest (an ID3 GEOB frame in an MP3, a ``uuid`` box in
an M4B), so tags and chapters written earlier are covered by the signature and any later
change to the file shows as a mismatch. Nothing here goes online: no timestamp authority
unless one is configured, no remote manifests, no OCSP.
"""

from __future__ import annotations

import io
import os
import tempfile
import wave
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from c2pa import Builder, C2paError, C2paSignerInfo, C2paSigningAlg, Context, Signer

from pipeline.errors import ConfigError, PipelineError
from pipeline.provenance.disclosure import Disclosure, source_digest
from pipeline.provenance.manifest import Manifest

ALGORITHMS = {name.lower(): alg for name, alg in C2paSigningAlg.__members__.items()}
SETTING_KEYS = ("cert_chain", "private_key", "algorithm", "tsa_url")

# The C2PA library's settings for every sign and read: nothing fetched from the network,
# no thumbnail (audio has none to make).
OFFLINE_SETTINGS: dict[str, Any] = {
    "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
    "builder": {"thumbnail": {"enabled": False}},
}

# What the build says, once, when no certificate is configured.
UNSIGNED = (
    "Content Credentials: no [signing] certificate configured, so the audio files are "
    "published unsigned (their tags still disclose the synthetic voice)"
)

# What the C2PA library asks of a signing certificate, for messages about one it refuses.
CERTIFICATE_NEEDS = (
    "C2PA needs an end-entity certificate issued by a CA, with the digitalSignature key "
    "usage and the emailProtection extended key usage, and its chain in the PEM file"
)


class CredentialsError(PipelineError):
    """Content Credentials could not be signed into a file."""


def one_line(message: str) -> str:
    """The C2PA library's message (often several lines) as one line."""
    return " ".join(message.split())


@dataclass(frozen=True)
class SigningConfig:
    """A certificate chain (PEM, end-entity first) and its private key (PEM)."""

    cert_chain: Path
    private_key: Path
    algorithm: str = "es256"  # es256/384/512 (ECDSA), ps256/384/512 (RSA-PSS), ed25519
    tsa_url: str | None = None  # an RFC 3161 timestamp authority; None signs offline

    @classmethod
    def from_settings(
        cls, values: Mapping[str, Any] | None, base: Path, where: str = "[signing]"
    ) -> SigningConfig | None:
        """The config a settings table describes (paths relative to ``base``, the settings
        file's folder); None for no table. ConfigError names a missing or unknown key."""
        if not values:
            return None
        unknown = sorted(set(values) - set(SETTING_KEYS))
        if unknown:
            raise ConfigError(f"{where}: unknown setting {unknown[0]!r}")
        missing = [key for key in ("cert_chain", "private_key") if not values.get(key)]
        if missing:
            raise ConfigError(
                f"{where}: {missing[0]} is missing (signing needs cert_chain and private_key)"
            )
        algorithm = str(values.get("algorithm", "es256")).lower()
        if algorithm not in ALGORITHMS:
            raise ConfigError(
                f"{where}: algorithm {algorithm!r} is not one of {', '.join(ALGORITHMS)}"
            )
        return cls(
            cert_chain=base / str(values["cert_chain"]),
            private_key=base / str(values["private_key"]),
            algorithm=algorithm,
            tsa_url=values.get("tsa_url") or None,
        )

    def identity(self) -> dict:
        """What a signed file depends on, for content keys: the certificates, not the key."""
        return {
            "cert_chain_sha256": source_digest(self._existing(self.cert_chain, "cert_chain")),
            "algorithm": self.algorithm,
            "tsa_url": self.tsa_url,
        }

    @staticmethod
    def _existing(path: Path, key: str) -> Path:
        if not path.is_file():
            raise ConfigError(f"{path}: no such file (the signing {key})")
        return path

    def signer_info(self) -> C2paSignerInfo:
        """The C2PA library's signer description, read from the PEM files."""
        if self.algorithm not in ALGORITHMS:
            raise ConfigError(
                f"signing algorithm {self.algorithm!r} is not one of {', '.join(ALGORITHMS)}"
            )
        chain = self._existing(self.cert_chain, "cert_chain").read_bytes()
        key = self._existing(self.private_key, "private_key").read_bytes()
        return C2paSignerInfo(ALGORITHMS[self.algorithm], chain, key, self.tsa_url)


def _refusal(config: SigningConfig, error: C2paError, title: str) -> PipelineError:
    """A signing failure as one line: the timestamp authority's, the certificate's, or the
    file's."""
    message = one_line(str(error))
    if config.tsa_url and any(word in message for word in ("service", "HTTP", "imestamp")):
        return CredentialsError(
            f"{title}: the timestamp authority {config.tsa_url} did not answer: {message}"
        )
    if any(word in message for word in ("certificate", "Signature:", "signingCredential")):
        return ConfigError(
            f"{config.cert_chain}: cannot sign Content Credentials with this certificate and "
            f"key ({message}); {CERTIFICATE_NEEDS}"
        )
    return CredentialsError(f"{title}: cannot sign Content Credentials: {message}")


def sign(source: Path, target: Path, manifest: Manifest, config: SigningConfig) -> None:
    """Write ``source`` to ``target`` with the manifest signed into it (``target`` is
    overwritten; the two must differ)."""
    info = config.signer_info()
    try:
        with (
            Context.from_dict(OFFLINE_SETTINGS) as context,
            Signer.from_info(info) as signer,
            Builder(manifest.definition(), context) as builder,
            open(source, "rb") as source_file,
            open(target, "w+b") as target_file,
        ):
            builder.sign(signer, manifest.mime, source_file, target_file)
    except C2paError as error:
        raise _refusal(config, error, manifest.title) from None


def sign_in_place(path: Path, manifest: Manifest, config: SigningConfig) -> None:
    """Sign the file at ``path`` (a build's temp file) in place: signed beside it, then
    renamed over it, so a failure leaves it as it was."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".signing", dir=path.parent)
    os.close(fd)
    staged = Path(name)
    try:
        sign(path, staged, manifest, config)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


def _tiny_wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 800)
    return buffer.getvalue()


def check_signing(config: SigningConfig) -> None:
    """Sign a tenth of a second of silence in memory: ConfigError at once, before a build,
    if the certificate, key or algorithm will not do."""
    probe = Disclosure("en", "check", "0", "check", "check.md", "0" * 64)
    manifest = Manifest("check.wav", "audio/wav", probe)
    info = config.signer_info()
    try:
        with (
            Context.from_dict(OFFLINE_SETTINGS) as context,
            Signer.from_info(info) as signer,
            Builder(manifest.definition(), context) as builder,
        ):
            builder.sign(signer, manifest.mime, io.BytesIO(_tiny_wav()), io.BytesIO())
    except C2paError as error:
        raise _refusal(config, error, manifest.title) from None
