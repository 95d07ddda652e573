"""Shared fixtures: the sample corpus, fixture documents, and built indexes in tmp folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = ROOT / "corpus"
FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "docs"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the sample corpus that a test may edit."""
    dest = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    from bot.store import build

    index, _ = build(SAMPLE_CORPUS, tmp_path_factory.mktemp("index"))
    return index


@pytest.fixture(scope="session")
def answerer(sample_index):
    from bot.quote import Answerer

    return Answerer(sample_index)
