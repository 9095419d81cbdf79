"""`culture-ledger accounts`: the operator creates the first administrator, and no password is
ever printed."""

import io

from culture_ledger.cli import main
from culture_ledger.ledger import Ledger

PASSWORD = "Altay-Bianban-2026"


def run(capsys, monkeypatch, store_url, *args, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--store", store_url, "accounts", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_first_administrator_is_created_from_the_command_line_and_can_sign_in(capsys, monkeypatch, store_url):
    code, output = run(
        capsys,
        monkeypatch,
        store_url,
        "add",
        "chief",
        "--name",
        "主任",
        "--role",
        "admin",
        "--role",
        "leader",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0 and "chief" in output
    code, listing = run(capsys, monkeypatch, store_url, "list")
    assert "chief" in listing and "leader,admin" in listing and "主任" in listing
    led = Ledger(url=store_url)
    try:
        actor = led.accounts.authenticate("chief", PASSWORD)
        assert (actor.account, actor.role) == ("chief", "admin")
        created = led.query("SELECT by_account, by_channel FROM account_history WHERE username='chief'")
        assert {r["by_channel"] for r in created} == {"cli"}  # the log says it came from the command line
    finally:
        led.close()


def test_grant_revoke_disable_enable_and_reset_from_the_command_line(capsys, monkeypatch, store_url):
    run(capsys, monkeypatch, store_url, "add", "chief", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    as_chief = ("--as", "chief")  # once an administrator exists, the command line acts as one
    run(
        capsys,
        monkeypatch,
        store_url,
        "add",
        "clerk",
        "--role",
        "staff",
        "--password-stdin",
        *as_chief,
        stdin=PASSWORD + "\n",
    )
    outputs = []
    for args in (("grant", "clerk", "leader"), ("revoke", "clerk", "staff"), ("disable", "clerk"), ("enable", "clerk")):
        code, output = run(capsys, monkeypatch, store_url, *args, *as_chief)
        assert code == 0, output
        outputs.append(output)
    code, output = run(
        capsys,
        monkeypatch,
        store_url,
        "reset-password",
        "clerk",
        "--password-stdin",
        *as_chief,
        stdin="Nouveau-Mot-2026\n",
    )
    assert code == 0
    outputs.append(output)
    led = Ledger(url=store_url)
    try:
        assert led.accounts.authenticate("clerk", "Nouveau-Mot-2026").role == "leader"
    finally:
        led.close()
    assert not any(PASSWORD in o or "Nouveau-Mot-2026" in o or "$argon2" in o for o in outputs)


def test_a_refused_command_says_why_and_exits_non_zero(capsys, monkeypatch, store_url):
    run(capsys, monkeypatch, store_url, "add", "chief", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    code, output = run(capsys, monkeypatch, store_url, "disable", "chief", "--as", "chief")
    assert code == 1 and "last administrator" in output
    code, output = run(
        capsys,
        monkeypatch,
        store_url,
        "add",
        "short",
        "--role",
        "staff",
        "--password-stdin",
        "--as",
        "chief",
        stdin="tiny\n",
    )
    assert code == 1 and "tiny" not in output


def test_the_password_prompt_is_not_echoed_and_must_match(capsys, monkeypatch, store_url):
    answers = iter([PASSWORD, PASSWORD + "-typo"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, output = run(capsys, monkeypatch, store_url, "add", "chief", "--role", "admin")
    assert code == 1 and PASSWORD not in output
    led = Ledger(url=store_url)
    try:
        assert led.app.head() == 0
    finally:
        led.close()


def test_the_operator_sets_the_address_reminders_go_to(capsys, monkeypatch, store_url):
    run(capsys, monkeypatch, store_url, "add", "clerk", "--role", "staff", "--password-stdin", stdin=PASSWORD + "\n")
    code, output = run(capsys, monkeypatch, store_url, "email", "clerk", "clerk@altay.gov.cn")
    assert code == 0 and "clerk@altay.gov.cn" in output
    code, output = run(capsys, monkeypatch, store_url, "email", "clerk", "clerk-at-altay")
    assert code == 1 and "refused" in output and "email" in output
    led = Ledger(url=store_url)
    try:
        assert led.accounts.email_of("clerk") == "clerk@altay.gov.cn"
    finally:
        led.close()
