"""What the server itself enforces on a team register, tried with plain psycopg (issue 17)."""

from __future__ import annotations

import multiprocessing
import secrets
from datetime import date
from urllib.parse import urlsplit

import psycopg
import pytest

from bemoeizorg.domain.people import Role
from bemoeizorg.store import server_setup
from bemoeizorg.store.errors import NotAllowed, RegisterError
from bemoeizorg.store.server import (
    ServerPasswordWrong,
    ServerRefused,
    ServerUserDisabled,
    TlsRequired,
    connect,
    conninfo,
    tls_in_use,
)
from tests.server.conftest import with_database, with_user


def _team(lead_url: str) -> tuple[str, str, str]:
    """Init, two workers; returns (lead_url, anna_url, bert_url). Names carry the lead's tag."""
    tag = lead_url.split("lead_")[1][:8]
    server_setup.init_team_register(lead_url, "Team Test")
    urls = []
    for who in ("anna", "bert"):
        password = secrets.token_hex(10)
        server_setup.add_user(lead_url, f"{who}_{tag}", Role.BEMOEIZORGER, password)
        urls.append(with_user(lead_url, f"{who}_{tag}", password))
    return lead_url, urls[0], urls[1]


def _log_first(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """What the program does on a team register before it reads case data: an entry,
    committed."""
    conn.execute("SELECT bz_log('inzien', NULL, 'test', 'pc', 'lezen')")
    conn.commit()


def _case_with_reporter(lead_url: str, owner: str) -> int:
    """A case owned by `owner` with one melding and its reporter; returns the report's id."""
    with connect(lead_url) as conn:
        _log_first(conn)
        tm = conn.execute(
            "INSERT INTO team_member (name, specialism, active) VALUES (%s, 'spv', true) "
            "RETURNING id",
            (owner,),
        ).fetchone()
        person = conn.execute(
            "INSERT INTO person (family_name, prefix, given_names, alias, bsn, address, postcode,"
            " city, municipality_code, search_text, created_at) VALUES ('B', '', 'A', '', '',"
            " '', '', '', 'GM0363', '', 'x') RETURNING id"
        ).fetchone()
        assert tm and person
        case = conn.execute(
            "INSERT INTO case_file (number, person_id, municipality_code, owner_id, specialism,"
            " phase, phase_since, opened_on) VALUES (%s, %s, 'GM0363', %s, 'spv', 'intake',"
            " %s, %s) RETURNING id",
            (secrets.token_hex(4), person[0], tm[0], date.today(), date.today()),
        ).fetchone()
        assert case
        report = conn.execute(
            "INSERT INTO report (received_on, municipality_code, person_id, case_id,"
            " reporter_kind, description, urgency, triage, triage_note, triaged_by,"
            " created_by, created_at) VALUES (%s, 'GM0363', %s, %s, 'buren', '', 'normaal',"
            " 'aangenomen', '', '', 'x', 'x') RETURNING id",
            (date.today(), person[0], case[0]),
        ).fetchone()
        assert report
        conn.execute(
            "INSERT INTO reporter (report_id, organisation, name, contact, anonymous)"
            " VALUES (%s, '', 'Melder', '', false)",
            (report[0],),
        )
        return int(report[0])


def test_a_worker_cannot_change_the_log_read_anothers_reporter_or_add_a_user(
    lead_url: str,
) -> None:
    lead, anna, bert = _team(lead_url)
    anna_name = anna.split("//")[1].split(":")[0]
    report_id = _case_with_reporter(lead, anna_name)
    with psycopg.connect(conninfo(bert), autocommit=True) as conn:
        assert tls_in_use(conn)
        entry = conn.execute("SELECT bz_log('VIEW', NULL, 'test', 'pc', '')").fetchone()
        assert entry is not None and entry[0] > 1  # after the lead's entry
        for statement in (
            "UPDATE access_log SET action = 'X'",
            "DELETE FROM access_log",
            "TRUNCATE access_log",
            "INSERT INTO access_log (id, at, user_name, action, program, machine, mac) "
            "VALUES (99, 'x', 'x', 'x', 'x', 'x', 'x')",
            "INSERT INTO \"user\" (name, role, created_at) VALUES ('x', 'teamleider', 'x')",
            "UPDATE register_setting SET value = '1'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement).fetchall()
    # Reading another's reporter gives no row (row-level security), the owner and lead do.
    for url, expected in ((bert, []), (anna, [("Melder",)]), (lead, [("Melder",)])):
        with psycopg.connect(conninfo(url)) as conn:
            _log_first(conn)
            rows = conn.execute(
                "SELECT name FROM reporter WHERE report_id = %s", (report_id,)
            ).fetchall()
            assert rows == expected
    with pytest.raises(NotAllowed):
        server_setup.add_user(bert, "nieuw_" + secrets.token_hex(3), Role.TEAMLEIDER, "x" * 12)
    # Even the owner of the tables cannot rewrite the log: the trigger refuses.
    with psycopg.connect(conninfo(lead), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE access_log SET action = 'X'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("TRUNCATE access_log")
        row = conn.execute("SELECT user_name FROM access_log WHERE action = 'VIEW'").fetchone()
    assert row is not None and row[0].startswith("bert_")


def test_a_removed_user_can_no_longer_log_in(lead_url: str) -> None:
    lead, anna, _ = _team(lead_url)
    server_setup.remove_user(lead, anna.split("//")[1].split(":")[0])
    with pytest.raises(ServerUserDisabled, match="uitgezet"):
        connect(anna).close()


def _write(url: str, count: int) -> None:
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        for _ in range(count):
            conn.execute("SELECT bz_log('VIEW', 7, 'test', 'pc', '')")


def test_two_writers_at_once_keep_one_unbroken_chain(lead_url: str) -> None:
    lead, anna, bert = _team(lead_url)
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_write, args=(url, 500)) for url in (anna, bert)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [w.exitcode for w in workers] == [0, 0]
    with connect(lead) as conn:
        rows = conn.execute(
            "SELECT id, at, user_name, action, case_id, program, machine, detail, mac "
            "FROM access_log ORDER BY id"
        ).fetchall()
        head = conn.execute(
            "SELECT first_prev_mac, last_id, last_mac FROM access_log_head"
        ).fetchone()
        assert head is not None
        prev = head[0]
        for row in rows:
            expected = conn.execute(
                "SELECT bz_log_hash(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (prev, *row[:8]),
            ).fetchone()
            assert expected == (row[8],), f"chain broken at {row[0]}"
            prev = row[8]
    assert [row[0] for row in rows] == list(range(1, 1001))
    assert {row[2] for row in rows} == {
        anna.split("//")[1].split(":")[0],
        bert.split("//")[1].split(":")[0],
    }
    assert head[1:] == (1000, prev)


def test_a_remote_host_without_tls_is_refused_before_connecting() -> None:
    with pytest.raises(TlsRequired) as caught:
        conninfo("postgresql://anna:geheim@db.example.org/team?sslmode=disable")
    assert "TLS" in str(caught.value) and "geheim" not in str(caught.value)
    assert "sslmode=verify-full" in conninfo("postgresql://anna@db.example.org/team")


def test_a_wrong_password_gives_the_dutch_message(lead_url: str) -> None:
    wrong = with_user(lead_url, lead_url.split("//")[1].split(":")[0], "fout-wachtwoord-123")
    with pytest.raises(ServerPasswordWrong) as caught:
        connect(wrong)
    assert "wachtwoord" in str(caught.value) and "fout-wachtwoord" not in str(caught.value)


def test_a_user_of_one_team_register_cannot_connect_to_another_on_the_same_server(
    lead_url: str, other_lead_url: str
) -> None:
    _, anna, _ = _team(lead_url)
    server_setup.init_team_register(other_lead_url, "Team West")
    database_a, database_b = (urlsplit(u).path.lstrip("/") for u in (lead_url, other_lead_url))
    with pytest.raises(ServerRefused, match="weigert de verbinding"):
        connect(with_database(anna, database_b)).close()
    # Each register has its own group roles; anna's own register still opens.
    groups_a = server_setup.group_roles(database_a)
    groups_b = server_setup.group_roles(database_b)
    assert set(groups_a.values()).isdisjoint(groups_b.values())
    with connect(anna) as conn:
        assert conn.execute(
            "SELECT pg_has_role(session_user, %s, 'MEMBER')", (groups_a[Role.BEMOEIZORGER],)
        ).fetchone() == (True,)
    # Nor can B's lead switch anna off: she is not a user of B.
    with pytest.raises(RegisterError, match="bestaat niet"):
        server_setup.remove_user(other_lead_url, anna.split("//")[1].split(":")[0])
    connect(anna).close()


def test_case_data_is_read_only_after_a_committed_log_entry(lead_url: str) -> None:
    """A worker with psql and their own password: no row of a case, a person, a melding or
    its timeline without first leaving an entry in the log that a ROLLBACK cannot take back;
    and no one else's drafts at all."""
    lead, anna, bert = _team(lead_url)
    anna_name = anna.split("//")[1].split(":")[0]
    bert_name = bert.split("//")[1].split(":")[0]
    _case_with_reporter(lead, anna_name)
    draft = (
        "INSERT INTO draft (kind, user_name, case_id, payload, updated_at) "
        "VALUES ('contact', %s, NULL, 'Wielewaalhorst belde', 'x')"
    )
    with connect(lead) as conn:  # not even a team lead writes a draft in someone's name
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(draft, (anna_name,))
    with connect(anna) as conn:
        conn.execute(draft, (anna_name,))
    tables = ("person", "case_file", "report")
    with psycopg.connect(conninfo(bert)) as conn:
        for table in tables:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        conn.rollback()
        # An entry in the reading transaction itself does not open it: a ROLLBACK would
        # take the entry back and leave the read without a trace.
        conn.execute("SELECT bz_log('inzien', NULL, 'psql', 'pc', '')")
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (0,)
        conn.rollback()
        before = conn.execute("SELECT count(*) FROM access_log").fetchone()
        conn.commit()
        _log_first(conn)
        for table in tables:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (1,), table
        # The entry that opened the reading is there for good: Bert's role, the server's time.
        who, action, at = conn.execute(
            "SELECT user_name, action, at FROM access_log ORDER BY id DESC LIMIT 1"
        ).fetchone() or ("", "", "")
        assert (who, action) == (bert_name, "inzien") and at.startswith("20")
        after = conn.execute("SELECT count(*) FROM access_log").fetchone()
        assert before is not None and after is not None and after[0] == before[0] + 1
        assert conn.execute("SELECT count(*) FROM draft").fetchone() == (0,)
    with psycopg.connect(conninfo(anna)) as conn:
        _log_first(conn)
        assert conn.execute("SELECT payload FROM draft").fetchall() == [("Wielewaalhorst belde",)]


def test_any_team_lead_manages_users_through_the_server_and_a_worker_cannot(
    lead_url: str,
) -> None:
    """Not only the role that ran team init: a team lead added later (no CREATEROLE of
    their own) adds, promotes and removes users; a worker calling the server's functions
    directly is refused, and no plain password is ever accepted."""
    from bemoeizorg.store.team_register import open_team_register

    lead, anna, _bert = _team(lead_url)
    tag = lead_url.split("lead_")[1][:8]
    second_lead = f"carla_{tag}"
    server_setup.add_user(lead, second_lead, Role.TEAMLEIDER, "Carla-wachtwoord-1")
    carla_url = with_user(lead_url, second_lead, "Carla-wachtwoord-1")
    carla = open_team_register(carla_url)
    try:
        newcomer = f"dirk_{tag}"
        carla.add_user(newcomer, Role.BEMOEIZORGER, "Dirk-wachtwoord-1")
        assert newcomer in [u.name for u in carla.users()]
        open_team_register(with_user(lead_url, newcomer, "Dirk-wachtwoord-1")).lock()
        carla.set_role(newcomer, Role.TEAMLEIDER)
        carla.remove_user(newcomer)
        assert newcomer not in [u.name for u in carla.users()]
        with pytest.raises(ServerUserDisabled):
            connect(with_user(lead_url, newcomer, "Dirk-wachtwoord-1")).close()
    finally:
        carla.lock()
    with psycopg.connect(conninfo(anna), autocommit=True) as conn:
        for statement, args in (
            ("SELECT bz_add_login(%s, %s, true)", ("eve", "SCRAM-SHA-256$x")),
            ("SELECT bz_move_login(%s, true)", (anna.split("//")[1].split(":")[0],)),
            ("SELECT bz_disable_login(%s)", (second_lead,)),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement, args)
    with psycopg.connect(conninfo(lead), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute("SELECT bz_add_login('eve', 'plain-password', false)")


def test_a_transaction_begun_in_the_window_reads_to_its_end_the_next_does_not(
    lead_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window (120 s; here 2 s) counts from the committed entry to the start of the
    reading transaction: an import or a year's counts reads on to its end; a transaction
    begun after the window reads nothing."""
    import time

    monkeypatch.setattr(server_setup, "READ_WINDOW_SECONDS", 2)
    lead, anna, _bert = _team(lead_url)
    _case_with_reporter(lead, anna.split("//")[1].split(":")[0])
    with psycopg.connect(conninfo(anna)) as conn:
        _log_first(conn)
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (1,)
        time.sleep(2.5)
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (1,)  # same one
        conn.commit()
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (0,)  # a new one
