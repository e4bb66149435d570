"""Run the `kaocha` command line in-process, as a user would, and read what it printed."""

from __future__ import annotations

import pytest

from extract.cli import main


def kaocha(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of `kaocha ARGS…`."""
    try:
        main(args)
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
