"""The built wheel carries trees and guidance and works from any folder."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_wheel_installs_and_cites_from_outside_the_checkout(
    tmp_path: Path, built_wheel: Path
) -> None:
    wheel = built_wheel
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(env_dir / "bin" / "cr-assistant"), "cite", "O32g", "2.3.2"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Inspector or above" in result.stdout
    check = subprocess.run(
        [str(env_dir / "bin" / "cr-assistant"), "check"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "_data/trees/kent-o32g.toml: ok" in check.stdout
