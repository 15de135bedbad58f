"""Fixtures for Content Credentials: a throwaway CA and signer, and a real signed book, made
once a session (see credentials_fixture.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from credentials_fixture import Book, ThrowawayPki, make_book, write_pki


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayPki:
    return write_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory, pki: ThrowawayPki) -> Book:
    return make_book(tmp_path_factory.mktemp("book"), tmp_path_factory.mktemp("signed"), pki)


@pytest.fixture
def signed_copy(book: Book, pki: ThrowawayPki, tmp_path: Path) -> Callable[[str], Path]:
    """A fresh signed copy of the book for a test to read or damage (".mp3" or ".m4b")."""
    return lambda suffix: book.signed(pki, tmp_path, suffix)
