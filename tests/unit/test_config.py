"""Settings: the TOML file, ROLEPLAY_* and OPENAI_* variables, their precedence, and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.config import load_settings, save_user_value
from roleplay.errors import UserError
from roleplay.state import remember_trainee, state_path


@pytest.fixture
def config_file(isolated_env: Path) -> Path:
    """The test's own settings file (the suite's conftest keeps outside variables away)."""
    return isolated_env


def test_with_no_file_and_no_variables_the_embedded_model_is_used(config_file):
    settings = load_settings()
    assert settings.backend == "local"
    assert settings.openai.api == "chat"


def test_the_toml_file_points_at_a_server(config_file):
    config_file.write_text(
        'backend = "openai"\n'
        "\n"
        "[openai]\n"
        'base_url = "http://127.0.0.1:8080/v1"\n'
        'model = "gemma-3-270m"\n'
        'api = "completions"\n'
        "timeout_s = 12.5\n"
    )
    settings = load_settings()
    assert settings.backend == "openai"
    assert settings.openai.base_url == "http://127.0.0.1:8080/v1"
    assert settings.openai.model == "gemma-3-270m"
    assert settings.openai.api == "completions"
    assert settings.openai.timeout_s == 12.5


def test_roleplay_variables_beat_the_file(config_file, monkeypatch):
    config_file.write_text('backend = "scripted"\n[openai]\nmodel = "from-file"\napi = "chat"\n')
    monkeypatch.setenv("ROLEPLAY_BACKEND", "openai")
    monkeypatch.setenv("ROLEPLAY_OPENAI__MODEL", "from-env")
    monkeypatch.setenv("ROLEPLAY_OPENAI__API", "completions")
    settings = load_settings()
    assert settings.backend == "openai"
    assert settings.openai.model == "from-env"
    assert settings.openai.api == "completions"


def test_openai_variables_are_honoured_and_merge_with_the_file(config_file, monkeypatch):
    config_file.write_text('[openai]\nmodel = "llama3"\nbase_url = "http://file:1/v1"\n')
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    settings = load_settings()
    assert settings.openai.base_url == "http://localhost:11434/v1"
    assert settings.openai.api_key == "sk-test"
    assert settings.openai.model == "llama3", "the file's other openai settings are kept"
    assert "sk-test" not in repr(settings), "the key must never be shown"


def test_roleplay_variables_beat_openai_variables(config_file, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://generic:1/v1")
    monkeypatch.setenv("ROLEPLAY_OPENAI__BASE_URL", "http://ours:2/v1")
    assert load_settings().openai.base_url == "http://ours:2/v1"


def test_explicit_overrides_beat_everything(config_file, monkeypatch):
    config_file.write_text('backend = "openai"\n')
    monkeypatch.setenv("ROLEPLAY_BACKEND", "local")
    settings = load_settings(backend="scripted", openai__model="override")
    assert settings.backend == "scripted"
    assert settings.openai.model == "override"


def test_a_bad_value_in_the_file_names_file_line_and_field(config_file):
    config_file.write_text('backend = "openai"\n\n[openai]\nmodel = "m"\ntimeout_s = "soon"\n')
    with pytest.raises(UserError) as caught:
        load_settings()
    message = caught.value.message
    assert f"{config_file}:5" in message
    assert "openai.timeout_s" in message
    assert "'soon'" in message


def test_an_unknown_setting_in_the_file_names_its_line(config_file):
    config_file.write_text('trainee = "Sam"\nbakend = "openai"\n')
    with pytest.raises(UserError) as caught:
        load_settings()
    assert f"{config_file}:2: bakend: not a known setting" in caught.value.message


def test_a_bad_backend_name_in_the_environment_names_the_variable(config_file, monkeypatch):
    monkeypatch.setenv("ROLEPLAY_BACKEND", "gpt")
    with pytest.raises(UserError) as caught:
        load_settings()
    assert "environment variable ROLEPLAY_BACKEND" in caught.value.message


def test_a_file_that_is_not_toml_is_one_clear_error(config_file):
    config_file.write_text('backend = "openai\n')
    with pytest.raises(UserError) as caught:
        load_settings()
    assert str(config_file) in caught.value.message
    assert "line 1" in caught.value.message


def test_remembering_a_value_keeps_the_rest_of_the_file(config_file):
    config_file.write_text('backend = "openai"\n[openai]\nmodel = "m"\n')
    save_user_value("openai.api", "completions")
    save_user_value("trainee", "Sam")
    settings = load_settings()
    assert (settings.backend, settings.trainee) == ("openai", "Sam")
    assert (settings.openai.model, settings.openai.api) == ("m", "completions")


def test_remembering_an_invalid_value_writes_nothing(config_file):
    config_file.write_text('backend = "openai"\n')
    with pytest.raises(UserError):
        save_user_value("openai.api", "telepathy")
    assert config_file.read_text() == 'backend = "openai"\n'


def test_remembering_a_value_keeps_the_comments_and_layout(config_file):
    written = (
        "# Team settings: ask Jo before changing the endpoint.\n"
        'backend = "openai"  # the team server\n'
        "\n"
        "[openai]\n"
        "# the 7B answers best\n"
        'model = "m"\n'
    )
    config_file.write_text(written)
    save_user_value("openai.api", "completions")
    assert config_file.read_text() == written + 'api = "completions"\n'
    assert load_settings().openai.api == "completions"


def test_remembering_a_value_in_a_new_table_keeps_the_file_valid(config_file):
    config_file.write_text("# mine\n")
    save_user_value("openai.model", "m")
    assert config_file.read_text().startswith("# mine\n")
    assert load_settings().openai.model == "m"


def test_the_last_trainee_name_is_kept_per_user_not_in_the_shared_settings(
    config_file, tmp_path, monkeypatch
):
    shared = '# one file for every seat in the room\nbackend = "scripted"\n'
    config_file.write_text(shared)
    written = remember_trainee("Sam")
    assert written == state_path() and written.is_file()
    assert config_file.read_text() == shared
    assert load_settings().trainee == "Sam"

    monkeypatch.setenv("ROLEPLAY_STATE", str(tmp_path / "someone-else" / "state.toml"))
    assert load_settings().trainee == ""  # the next person is not greeted as Sam


def test_the_last_name_beats_a_name_in_the_settings_file_and_the_environment_beats_both(
    config_file, monkeypatch
):
    config_file.write_text('trainee = "Default"\n')
    assert load_settings().trainee == "Default"
    remember_trainee("Priya")
    assert load_settings().trainee == "Priya"
    monkeypatch.setenv("ROLEPLAY_TRAINEE", "Ana")
    assert load_settings().trainee == "Ana"
    assert load_settings(trainee="Lee").trainee == "Lee"


def test_an_unreadable_state_file_is_no_name_and_is_replaced_on_the_next_call(config_file):
    state_path().parent.mkdir(parents=True)
    state_path().write_text("trainee = [unclosed")
    assert load_settings().trainee == ""
    remember_trainee("Sam")
    assert load_settings().trainee == "Sam"


def test_the_state_file_lives_in_the_users_state_folder(monkeypatch):
    from platformdirs import user_state_dir

    monkeypatch.delenv("ROLEPLAY_STATE")
    assert state_path() == Path(user_state_dir("roleplay")) / "state.toml"
