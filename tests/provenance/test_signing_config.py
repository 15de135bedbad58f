"""The signing settings: read from a settings table, checked before a build, one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from credentials_fixture import Book, ThrowawayPki, write_pki
from cryptography.x509.oid import ExtendedKeyUsageOID, ObjectIdentifier
from localhttp import Reply

from pipeline.errors import ConfigError
from pipeline.provenance.manifest import manifest_for
from pipeline.provenance.signing import (
    CERTIFICATE_NEEDS,
    CredentialsError,
    SigningConfig,
    check_signing,
    sign_in_place,
)


def test_no_table_means_no_signing() -> None:
    assert SigningConfig.from_settings(None, Path(".")) is None
    assert SigningConfig.from_settings({}, Path(".")) is None


def test_paths_are_read_relative_to_the_settings_file(tmp_path: Path) -> None:
    config = SigningConfig.from_settings(
        {"cert_chain": "keys/chain.pem", "private_key": "keys/signer.key", "algorithm": "PS256"},
        tmp_path,
    )
    assert config == SigningConfig(
        tmp_path / "keys/chain.pem", tmp_path / "keys/signer.key", "ps256", None
    )


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"cert_chain": "chain.pem"}, "private_key is missing"),
        ({"cert_chain": "c.pem", "private_key": "k.pem", "colour": "red"}, "unknown setting"),
        ({"cert_chain": "c.pem", "private_key": "k.pem", "algorithm": "md5"}, "es256, es384"),
    ],
)
def test_a_wrong_table_is_refused_in_one_line(values: dict, says: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=says) as refused:
        SigningConfig.from_settings(values, tmp_path)
    assert str(refused.value).startswith("[signing]") and "\n" not in str(refused.value)


def test_a_missing_certificate_file_is_named(tmp_path: Path) -> None:
    config = SigningConfig(tmp_path / "nowhere.pem", tmp_path / "signer.key")
    with pytest.raises(ConfigError, match=r"nowhere\.pem: no such file \(the signing cert_chain\)"):
        check_signing(config)
    with pytest.raises(ConfigError, match=r"nowhere\.pem"):
        config.identity()


def test_the_identity_follows_the_certificates_not_the_key(
    pki: ThrowawayPki, tmp_path: Path
) -> None:
    other = write_pki(tmp_path / "other")
    assert pki.config.identity() != SigningConfig(other.chain, pki.key).identity()
    assert pki.config.identity() == SigningConfig(pki.chain, other.key).identity()
    assert pki.config.identity() != SigningConfig(pki.chain, pki.key, "es384").identity()


def test_a_good_certificate_passes_the_check(pki: ThrowawayPki) -> None:
    check_signing(pki.config)


@pytest.mark.parametrize(
    "usages",
    [
        [],  # no extended key usage at all
        [ExtendedKeyUsageOID.SERVER_AUTH],  # a web server's certificate
        # The C2PA specification names documentSigning, but this library's default trust
        # configuration does not accept it: it fails the library's check right after signing.
        [ObjectIdentifier("1.3.6.1.5.5.7.3.36")],  # id-kp-documentSigning
    ],
)
def test_a_certificate_c2pa_refuses_is_refused_before_a_build(usages: list, tmp_path: Path) -> None:
    refused_pki = write_pki(tmp_path, usages=usages)
    with pytest.raises(ConfigError) as refused:
        check_signing(refused_pki.config)
    message = str(refused.value)
    assert message.startswith(str(refused_pki.chain)) and CERTIFICATE_NEEDS in message
    assert "\n" not in message


def test_a_key_of_another_algorithm_is_refused(pki: ThrowawayPki) -> None:
    with pytest.raises(ConfigError, match="cannot sign Content Credentials"):
        check_signing(SigningConfig(pki.chain, pki.key, "ps256"))


def test_a_configured_timestamp_authority_is_asked_and_its_failure_is_one_line(
    book: Book, pki: ThrowawayPki, tmp_path: Path, local_server
) -> None:
    server = local_server([Reply(503, b"down for maintenance")] * 4)
    config = SigningConfig(pki.chain, pki.key, "es256", tsa_url=server.url)
    target = tmp_path / "book.mp3"
    shutil.copyfile(book.mp3, target)
    with pytest.raises(CredentialsError) as refused:
        sign_in_place(target, manifest_for(target, book.disclosure), config)
    message = str(refused.value)
    assert message.startswith("book.mp3: the timestamp authority http://127.0.0.1")
    assert "\n" not in message
    assert [exchange.method for exchange in server.exchanges][:1] == ["POST"]
    assert target.read_bytes() == book.mp3.read_bytes()
