"""Test material for Content Credentials: a throwaway CA and signer, and a real tagged,
chaptered MP3 book and M4B made the way the build makes them (ffmpeg, mutagen)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

from pipeline.audio.ffmpeg import probe_duration
from pipeline.audio.m4b import write_m4b
from pipeline.audio.profiles import PODCAST, level_filter_for
from pipeline.audio.stitch import encode_mp3, join_mp3s
from pipeline.audio.tags import BookTags, Chapter, write_tags
from pipeline.provenance.disclosure import Disclosure, Translation, source_digest
from pipeline.provenance.manifest import manifest_for
from pipeline.provenance.signing import SigningConfig, sign_in_place
from pipeline.provenance.tagging import add_id3_disclosure, add_mp4_disclosure
from pipeline.wav import CLIP_SAMPLE_RATE, write_clip

# Public-domain policy prose (after the Congressional Budget Office's budget outlook), as the
# source report the audio was narrated from.
REPORT = """# The Budget and Economic Outlook

## Summary

In the Congressional Budget Office's projections, the federal budget deficit grows over the
coming decade as spending on Social Security and Medicare rises faster than revenues.

## Revenues

Individual income taxes remain the largest source of federal revenues.
"""

CHAPTER_TITLES = ["Summary", "Revenues", "Spending on the largest programs"]


# -- a throwaway certificate authority --------------------------------------------------------


@dataclass(frozen=True)
class ThrowawayPki:
    root: Path  # the root CA certificate (PEM): a trust anchor only the tests know
    chain: Path  # leaf then intermediate (PEM), as a signer hands them over
    key: Path  # the leaf's private key (PEM, PKCS#8)

    @property
    def config(self) -> SigningConfig:
        return SigningConfig(self.chain, self.key, "es256")


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pipeline Test CA"),
        ]
    )


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: str,
    issuer_key: ec.EllipticCurvePrivateKey,
    is_ca: bool,
    usages: list[x509.ObjectIdentifier] | None,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(
            # C2PA: a critical key usage; digitalSignature for a signer, certificate signing
            # for a CA.
            x509.KeyUsage(
                digital_signature=not is_ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=is_ca,
                crl_sign=is_ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if usages:
        builder = builder.add_extension(x509.ExtendedKeyUsage(usages), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def write_pki(
    folder: Path, usages: list[x509.ObjectIdentifier] | None = None, subject: str = "Test narrator"
) -> ThrowawayPki:
    """Root CA → intermediate CA → ES256 (P-256) signer with the given extended key usages
    (emailProtection, which the C2PA library accepts, unless told)."""
    folder.mkdir(parents=True, exist_ok=True)
    usages = [ExtendedKeyUsageOID.EMAIL_PROTECTION] if usages is None else usages
    root_key, middle_key, leaf_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    root = _certificate("Test root", root_key, "Test root", root_key, True, None)
    middle = _certificate("Test intermediate", middle_key, "Test root", root_key, True, None)
    leaf = _certificate(subject, leaf_key, "Test intermediate", middle_key, False, usages)
    pki = ThrowawayPki(folder / "root.pem", folder / "chain.pem", folder / "signer.key")
    pki.root.write_bytes(_pem(root))
    pki.chain.write_bytes(_pem(leaf) + _pem(middle))
    pki.key.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pki


# -- a real book ------------------------------------------------------------------------------


def _voiced(seconds: float, pitch: float) -> np.ndarray:
    """Harmonics under a syllable envelope: speech-like enough for the level and the encoder."""
    t = np.arange(round(seconds * CLIP_SAMPLE_RATE)) / CLIP_SAMPLE_RATE
    voiced = sum(np.sin(2 * np.pi * k * pitch * t) / k for k in range(1, 8))
    syllables = np.abs(np.sin(2 * np.pi * 2.5 * t)) ** 2
    signal = voiced * syllables
    return (0.5 * signal / np.abs(signal).max()).astype(np.float32)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (30, 60, 120)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass(frozen=True)
class Book:
    folder: Path
    sections: list[Path]  # section MP3s, tagged and signed as the mp3 format makes them
    mp3: Path  # the book joined from them, tagged, chaptered, with the disclosure; unsigned
    m4b: Path  # made from the signed book as the m4b format does, with the disclosure; unsigned
    report: Path
    tags: BookTags
    chapters: list[Chapter]
    disclosure: Disclosure

    def signed(self, pki: ThrowawayPki, folder: Path, suffix: str = ".mp3") -> Path:
        """A signed copy of the book (``suffix`` .mp3 or .m4b) in ``folder``."""
        target = folder / f"book{suffix}"
        shutil.copyfile(self.mp3 if suffix == ".mp3" else self.m4b, target)
        sign_in_place(target, manifest_for(target, self.disclosure), pki.config)
        return target


def _disclosure(report: Path) -> Disclosure:
    return Disclosure(
        language="es",
        engine="espeak-ng",
        engine_version="1.51",
        voice="es",
        source_name=report.name,
        source_sha256=source_digest(report),
        translation=Translation.of(
            blocks=5, unreviewed=2, translator="apertium", source_language="en"
        ),
    )


def _book_tags(**changes: str) -> BookTags:
    fields = {
        "title": "The Budget and Economic Outlook",
        "album": "The Budget and Economic Outlook",
        "artist": "Congressional Budget Office",
        "language": "es",
        "year": "2024",
        "publisher": "CBO",
        **changes,
    }
    return BookTags(**fields, cover=_png())


def make_book(folder: Path, signed_folder: Path, pki: ThrowawayPki) -> Book:
    """Sections signed, joined into a book, tagged and disclosed; an M4B made from it signed."""
    report = folder / "budget-outlook.md"
    report.write_text(REPORT, encoding="utf-8")
    disclosure = _disclosure(report)
    wavs = []
    for i, seconds in enumerate((3.0, 2.2, 2.6)):
        wav = folder / f"{i}.wav"
        write_clip(wav, _voiced(seconds, 110 + 20 * i))
        wavs.append(wav)
    level = level_filter_for(PODCAST, wavs)
    sections = []
    for i, (wav, title) in enumerate(zip(wavs, CHAPTER_TITLES, strict=True)):
        # As the mp3 format writes a section: encode, tag, then disclose and sign.
        section = folder / f"{i + 1:02d}.mp3"
        encode_mp3(wav, section, level, PODCAST)
        write_tags(str(section), _book_tags(title=title, track=f"{i + 1}/3"))
        add_id3_disclosure(section, disclosure)
        sign_in_place(section, manifest_for(section, disclosure), pki.config)
        sections.append(section)
    mp3 = folder / "unsigned.mp3"
    join_mp3s(sections, mp3)
    chapters, start = [], 0.0
    for title, section in zip(CHAPTER_TITLES, sections, strict=True):
        end = start + probe_duration(section)
        chapters.append(Chapter(title, round(start * 1000), round(end * 1000)))
        start = end
    tags = _book_tags(comment="Narrated by espeak-ng (es); source revision 0123456789ab")
    write_tags(str(mp3), tags, chapters)
    add_id3_disclosure(mp3, disclosure)
    made = Book(folder, sections, mp3, folder / "unsigned.m4b", report, tags, chapters, disclosure)
    # The m4b format encodes the published, signed MP3 book.
    signed_mp3 = made.signed(pki, signed_folder)
    write_m4b(signed_mp3, made.m4b, tags, chapters, tags.cover)
    add_mp4_disclosure(made.m4b, disclosure)
    return made
