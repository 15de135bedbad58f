"""A file's Content Credentials read back and validated, offline: what they state and whether
the file is still what was signed.

Three verdicts are kept apart: ``trusted`` (valid, and the signer chains to a trust anchor
given), ``valid`` (signature and hashes check out, but the signer is on no trust list: a
project's own or a test certificate), ``invalid`` (a broken signature, or the file changed
since it was signed). ``absent`` is a file without credentials, ``unreadable`` one whose
credentials cannot be parsed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from c2pa import C2paError, Context, Reader

from pipeline.provenance.manifest import AUDIO_MIME, DISCLOSURE_LABEL, SOURCE_HASH_KEY
from pipeline.provenance.signing import OFFLINE_SETTINGS, one_line

# Failure codes that say who signed is not trusted here, not that anything is broken.
TRUST_CODES = frozenset({"signingCredential.untrusted"})


@dataclass(frozen=True)
class CredentialsReport:
    """What a file's Content Credentials say, and whether they validate."""

    file: str
    state: str  # "absent", "trusted", "valid", "invalid" or "unreadable"
    messages: tuple[str, ...] = ()  # failures, as "code: explanation"
    title: str | None = None  # the file name it was signed for
    digital_source_type: str | None = None  # the c2pa.created action's, as a URI
    claim_generator: str | None = None  # "pipeline 0.1.0"
    signer: str | None = None  # the certificate's common name and issuer
    signed_at: str | None = None  # only with a timestamp authority
    ingredients: tuple[str, ...] = ()
    source_sha256: str | None = None
    disclosure: dict | None = field(default=None, compare=False)

    @property
    def present(self) -> bool:
        return self.state != "absent"

    @property
    def valid(self) -> bool:
        """Signature and hashes check out (whether or not the signer is trusted)."""
        return self.state in ("trusted", "valid")

    @property
    def trusted(self) -> bool:
        return self.state == "trusted"

    @property
    def source_type(self) -> str | None:
        """The digital source type's short name ("trainedAlgorithmicMedia")."""
        return self.digital_source_type.rsplit("/", 1)[-1] if self.digital_source_type else None

    def to_dict(self) -> dict:
        return {
            **asdict(self),
            "present": self.present,
            "valid": self.valid,
            "trusted": self.trusted,
        }

    def line(self) -> str:
        """One line for a listing: the verdict, then what the credentials state."""
        if self.state == "absent":
            return f"{self.file}: no Content Credentials"
        if self.state in ("invalid", "unreadable"):
            broken = "; ".join(m for m in self.messages if not m.startswith(tuple(TRUST_CODES)))
            return f"{self.file}: Content Credentials {self.state.upper()}: {broken}"
        verdict = "valid and trusted" if self.trusted else "valid, signer not on a trust list"
        facts = [f"signed by {self.signer}" if self.signer else "", self.source_type or ""]
        if self.claim_generator:
            facts.append(f"made with {self.claim_generator}")
        return f"{self.file}: Content Credentials {verdict}: " + ", ".join(f for f in facts if f)


def _generator(manifest: dict) -> str | None:
    infos = manifest.get("claim_generator_info") or []
    if infos:
        return " ".join(str(infos[0].get(k)) for k in ("name", "version") if infos[0].get(k))
    return manifest.get("claim_generator")


def _created_source_type(manifest: dict) -> str | None:
    for assertion in manifest.get("assertions", []):
        if assertion.get("label", "").startswith("c2pa.actions"):
            for action in assertion.get("data", {}).get("actions", []):
                if action.get("action") == "c2pa.created":
                    return action.get("digitalSourceType")
    return None


def _assertion(manifest: dict, label: str) -> dict | None:
    for assertion in manifest.get("assertions", []):
        if assertion.get("label") == label:
            return assertion.get("data")
    return None


def _signer(manifest: dict) -> str | None:
    info = manifest.get("signature_info") or {}
    name, issuer = info.get("common_name"), info.get("issuer")
    if name and issuer:
        return f"{name} (issued by {issuer})"
    return name or issuer


def _failures(store: dict) -> list[dict]:
    results = (store.get("validation_results") or {}).get("activeManifest")
    if results is not None:
        return list(results.get("failure", []))
    return list(store.get("validation_status") or [])


def report_from_store(file: str, store: dict) -> CredentialsReport:
    """The report of a manifest store as the C2PA reader gives it (its JSON)."""
    manifest = store.get("manifests", {}).get(store.get("active_manifest"), {})
    failures = _failures(store)
    codes = {f.get("code") for f in failures}
    verdict = store.get("validation_state")
    if codes - TRUST_CODES or (verdict == "Invalid" and not codes):
        state = "invalid"
    else:
        state = "trusted" if verdict == "Trusted" else "valid"
    ingredients = manifest.get("ingredients", [])
    disclosure = _assertion(manifest, DISCLOSURE_LABEL)
    source_hashes = [(i.get("metadata") or {}).get(SOURCE_HASH_KEY) for i in ingredients] + [
        ((disclosure or {}).get("source") or {}).get("sha256")
    ]
    return CredentialsReport(
        file=file,
        state=state,
        messages=tuple(f"{f.get('code')}: {f.get('explanation', '')}".strip() for f in failures),
        title=manifest.get("title"),
        digital_source_type=_created_source_type(manifest),
        claim_generator=_generator(manifest),
        signer=_signer(manifest),
        signed_at=(manifest.get("signature_info") or {}).get("time"),
        ingredients=tuple(str(i.get("title", "")) for i in ingredients),
        source_sha256=next((h for h in source_hashes if h), None),
        disclosure=disclosure,
    )


def read_credentials(path: Path, trust_anchors: Path | None = None) -> CredentialsReport:
    """The Content Credentials of ``path`` and whether they validate (offline). With
    ``trust_anchors`` (PEM roots), a signer chaining to one of them is reported trusted."""
    settings = dict(OFFLINE_SETTINGS)
    if trust_anchors is not None:
        settings["trust"] = {"user_anchors": trust_anchors.read_text(encoding="utf-8")}
    mime = AUDIO_MIME.get(path.suffix.lower())
    try:
        with Context.from_dict(settings) as context, open(path, "rb") as stream:
            reader = Reader.try_create(mime, stream, None, context)
            if reader is None:
                return CredentialsReport(str(path), "absent")
            with reader:
                store = json.loads(reader.json())
    except C2paError as error:
        return CredentialsReport(str(path), "unreadable", (one_line(str(error)),))
    return report_from_store(str(path), store)
