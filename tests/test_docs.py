"""Documentation stays true: settings, error codes and registered names."""

from __future__ import annotations

import re

from marsad import config
from marsad.errors import MESSAGES
from marsad.paths import PACKAGE_DIR
from marsad.pipeline import registered_annotators, registered_passes


def test_every_setting_is_documented_in_the_config_module():
    for key in config.SETTINGS:
        section, name = key.split(".")
        assert f"[{section}]" in config.__doc__ and f"{name} =" in config.__doc__, key


def test_every_error_code_raised_exists_in_the_catalogue():
    used = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        used |= set(re.findall(r'MarsadError\(\s*"(E\d{3})"', path.read_text(encoding="utf-8")))
    assert used, "no coded errors found"
    assert used <= set(MESSAGES), sorted(used - set(MESSAGES))


def test_registered_components_have_unique_versioned_names():
    annotators = registered_annotators()
    assert len({a.name for a in annotators}) == len(annotators)
    passes = registered_passes()
    assert len({p.name for p in passes}) == len(passes)
    for component in [*annotators, *passes]:
        # A pass may chain the versions it depends on ("merge_events.v1+events.rules.v1").
        for part in component.version.split("+"):
            assert re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)*\.v\d+", part), component.version


def test_config_reads_toml_and_environment(tmp_path, monkeypatch):
    (tmp_path / "marsad.toml").write_text('[api]\ntoken = "abc"\n[pipeline]\nworkers = 1\n', encoding="utf-8")
    loaded = config.load_config(tmp_path / "marsad.toml")
    assert loaded.api_token == "abc" and loaded.pipeline_workers == 1
    monkeypatch.setenv("MARSAD_TOKEN", "from-env")
    assert config.load_config(tmp_path / "marsad.toml").api_token == "from-env"
    (tmp_path / "bad.toml").write_text("[api\n", encoding="utf-8")
    try:
        config.load_config(tmp_path / "bad.toml")
    except Exception as exc:  # noqa: BLE001
        assert "E112" in str(exc)
    else:
        raise AssertionError("invalid TOML was accepted")
