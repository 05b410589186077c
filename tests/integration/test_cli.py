"""The administration command line on a real SQLite database: clear errors, all-or-nothing imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run

pytestmark = pytest.mark.usefixtures("cli_database", "restore_logging")


def test_contracts_and_users_are_added_and_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "contracts", "add", "Acme")[0] == 0
    code, out, _ = run(
        capsys, "users", "add", "--email", "Ann@Example.COM", "--name", "Ann", "--contract", "Acme"
    )
    assert code == 0 and "Ann@example.com" in out
    assert (
        run(
            capsys,
            "users",
            "add",
            "--email",
            "m@example.com",
            "--name",
            "M",
            "--contract",
            "Acme",
            "--manager",
        )[0]
        == 0
    )
    code, out, _ = run(capsys, "users", "list", "--contract", "Acme")
    assert "Ann@example.com\tAnn\tmember\tAcme\tnone" in out
    assert "m@example.com\tM\taccount_manager\tAcme\tnone" in out


def test_duplicate_and_invalid_users_get_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "contracts", "add", "Acme")
    run(capsys, "users", "add", "--email", "ann@example.com", "--name", "Ann", "--contract", "Acme")
    code, _, err = run(
        capsys, "users", "add", "--email", "ANN@example.com", "--name", "A2", "--contract", "Acme"
    )
    assert code == 2 and "exists already" in err
    code, _, err = run(capsys, "users", "add", "--email", "not-an-email", "--name", "X", "--contract", "Acme")
    assert code == 2 and "error:" in err and "@" in err
    code, _, err = run(
        capsys, "users", "add", "--email", "x@example.com", "--name", "X", "--contract", "Nope"
    )
    assert code == 2 and "no contract named 'Nope'" in err
    code, _, err = run(capsys, "contracts", "add", "Acme")
    assert code == 2 and "exists already" in err


def test_an_import_with_a_bad_row_names_the_row_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], cli_database: Path
) -> None:
    run(capsys, "contracts", "add", "Acme")
    bad = cli_database / "bad.csv"
    bad.write_text("email,name,contract,role\nx@example.com,X,Acme,member\ny@example,Y,Acme,member\n")
    code, _, err = run(capsys, "users", "import", str(bad))
    assert code == 2 and "row 3" in err and "y@example" in err
    duplicate = cli_database / "dup.csv"
    duplicate.write_text("email,name,contract\nx@example.com,X,Acme\nX@example.com,X2,Acme\n")
    code, _, err = run(capsys, "users", "import", str(duplicate))
    assert code == 2 and "row 3: duplicate email" in err and "row 2" in err
    _, out, _ = run(capsys, "users", "list")
    assert "x@example.com" not in out
    good = cli_database / "good.csv"
    good.write_text("email,name,contract,role\nx@example.com,X,Acme,member\nz@example.com,Z,Acme,manager\n")
    code, out, _ = run(capsys, "users", "import", str(good))
    assert code == 0 and "imported 2 users" in out


def test_a_deep_link_is_printed_for_a_registered_user(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "contracts", "add", "Acme")
    run(capsys, "users", "add", "--email", "ann@example.com", "--name", "Ann", "--contract", "Acme")
    code, out, _ = run(capsys, "users", "link", "ann@example.com")
    link = out.splitlines()[0]
    assert code == 0 and link.startswith("https://t.me/twofa_assistant_bot?start=")
    token = link.split("start=")[1]
    assert 16 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()
    assert run(capsys, "users", "link", "nobody@example.com")[0] == 2


def test_production_refuses_to_start_without_a_real_secret_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWOFA_ENVIRONMENT", "production")
    monkeypatch.setenv("TWOFA_SECRET_KEY", "changeme")
    code, _, err = run(capsys, "contracts", "list")
    assert code == 2 and "TWOFA_SECRET_KEY" in err


def test_development_keeps_one_generated_key_beside_the_database(
    capsys: pytest.CaptureFixture[str], cli_database: Path
) -> None:
    run(capsys, "contracts", "list")
    key_file = cli_database / ".twofa-secret-key"
    first = key_file.read_text()
    run(capsys, "contracts", "list")
    assert key_file.read_text() == first and len(first.strip()) >= 32
    assert key_file.stat().st_mode & 0o777 == 0o600
