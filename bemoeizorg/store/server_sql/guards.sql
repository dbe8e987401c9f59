-- What the server enforces on a team register (issue 17), run by `team init` after the
-- migrations, as the team lead's role (the owner of every table). Idempotent.

-- The group roles are this database's own (bz_<database>_bemoeizorger / _teamleider, named
-- by server_setup.group_roles; the names below are filled in there): roles are server-wide, so a login role of another team's
-- register on the same server is in neither and cannot even connect here.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {worker_name}) THEN
    CREATE ROLE {worker} NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {lead_name}) THEN
    CREATE ROLE {lead} NOLOGIN;
  END IF;
END $$;
GRANT {worker} TO {lead};  -- a team lead can do what a worker can, and more

REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM PUBLIC;
GRANT CONNECT ON DATABASE {database} TO {worker};

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {worker};
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {worker};
-- UPDATE: a bulk write with its own ids moves the sequence past them (setval).
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {worker};

-- Users, roles and team policy: readable for all, changed by team leads only.
REVOKE INSERT, UPDATE, DELETE ON "user", register_setting, meta, alembic_version
  FROM {worker};
GRANT SELECT ON "user", register_setting, meta, alembic_version TO {worker};
GRANT INSERT, UPDATE, DELETE ON "user", register_setting TO {lead};

-- The access log: read by all, written only through bz_log(), changed by nobody.
REVOKE ALL ON access_log, access_log_head FROM {worker}, {lead};
GRANT SELECT ON access_log, access_log_head TO {worker};

CREATE OR REPLACE FUNCTION bz_log_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Het toegangslog kan alleen worden aangevuld, niet gewijzigd of gewist.'
    USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS bz_log_append_only ON access_log;
CREATE TRIGGER bz_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION bz_log_refuse();
DROP TRIGGER IF EXISTS bz_log_no_truncate ON access_log;
CREATE TRIGGER bz_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION bz_log_refuse();

-- Which connection (backend and role) wrote a log entry, in which transaction, when: a
-- row rolls back with its entry. Only bz_log writes it and only bz_read_logged reads it:
-- no login role has any right on it.
DROP TABLE IF EXISTS bz_reading;
CREATE UNLOGGED TABLE bz_reading (pid integer NOT NULL, role name NOT NULL,
                                  xact xid8 NOT NULL, at timestamptz NOT NULL);
CREATE INDEX bz_reading_pid ON bz_reading (pid, at);
CREATE INDEX bz_reading_at ON bz_reading (at);
REVOKE ALL ON bz_reading FROM PUBLIC, {worker}, {lead};

-- One writer: the server's time, the database role (session_user, which a SECURITY DEFINER
-- function cannot change), and a SHA-256 chain over the previous entry, all under one
-- transaction-level advisory lock so two writers never take the same previous entry.
CREATE OR REPLACE FUNCTION bz_log(p_action text, p_case_id integer, p_program text,
                                  p_machine text, p_detail text DEFAULT '')
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  v_prev text;
  v_id integer;
  v_at text;
  v_mac text;
BEGIN
  PERFORM pg_advisory_xact_lock(7513, 1);
  SELECT id, mac INTO v_id, v_prev FROM access_log ORDER BY id DESC LIMIT 1;
  IF v_id IS NULL THEN
    v_id := 1;
    v_prev := encode(sha256(convert_to('genesis:' || coalesce(
      (SELECT value FROM meta WHERE key = 'register_id'), ''), 'UTF8')), 'hex');
  ELSE
    v_id := v_id + 1;
  END IF;
  v_at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"');
  v_mac := bz_log_hash(v_prev, v_id, v_at, session_user::text, p_action, p_case_id,
                       p_program, p_machine, coalesce(p_detail, ''));
  INSERT INTO access_log (id, at, user_name, action, case_id, program, machine, mac, detail)
    VALUES (v_id, v_at, session_user, p_action, p_case_id, p_program, p_machine, v_mac,
            coalesce(p_detail, ''));
  INSERT INTO access_log_head (id, first_id, first_prev_mac, last_id, last_mac, mac)
    VALUES (1, v_id, v_prev, v_id, v_mac, NULL)
    ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_mac = excluded.last_mac;
  -- Other workers' windows reload when a change commits (LISTEN bz_changes): the case's
  -- number in the register, nothing more.
  IF p_action IN ('aanmaken', 'wijzigen', 'verwijderen') THEN
    PERFORM pg_notify('bz_changes', coalesce(p_case_id::text, ''));
  END IF;
  -- Once this transaction commits, this connection may read case data for a while.
  -- Old rows go, but not within a day: a long transaction still reads on its own grant.
  DELETE FROM bz_reading WHERE at < clock_timestamp() - interval '1 day';
  INSERT INTO bz_reading (pid, role, xact, at)
    VALUES (pg_backend_pid(), session_user, pg_current_xact_id(), clock_timestamp());
  RETURN v_id;
END $$;

CREATE OR REPLACE FUNCTION bz_log_hash(p_prev text, p_id integer, p_at text, p_user text,
  p_action text, p_case_id integer, p_program text, p_machine text, p_detail text)
RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT encode(sha256(convert_to(concat_ws(chr(31), p_prev, p_id::text, p_at, p_user,
    p_action, coalesce(p_case_id::text, ''), p_program, p_machine, p_detail), 'UTF8')), 'hex')
$$;
REVOKE ALL ON FUNCTION bz_log(text, integer, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bz_log(text, integer, text, text, text) TO {worker};

-- The reporter: only the case owner (team_member.name = login role), whoever wrote the
-- melding while it has no case yet, and team leads. The owner of the tables (the role that
-- ran team init) is a team lead as well; FORCE keeps even it under the policy.
CREATE OR REPLACE FUNCTION bz_is_teamleider() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
  SELECT pg_has_role(current_user, {lead_name}, 'MEMBER')
$$;
ALTER TABLE reporter ENABLE ROW LEVEL SECURITY;
ALTER TABLE reporter FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS reporter_read ON reporter;
CREATE POLICY reporter_read ON reporter FOR SELECT USING (
  bz_is_teamleider() OR EXISTS (
    SELECT 1 FROM report r
      LEFT JOIN case_file c ON c.id = r.case_id
      LEFT JOIN team_member t ON t.id = c.owner_id
     WHERE r.id = reporter.report_id
       AND (t.name = current_user OR (r.case_id IS NULL AND r.created_by = current_user))));
DROP POLICY IF EXISTS reporter_insert ON reporter;
CREATE POLICY reporter_insert ON reporter FOR INSERT WITH CHECK (true);
DROP POLICY IF EXISTS reporter_change ON reporter;
CREATE POLICY reporter_change ON reporter FOR UPDATE USING (bz_is_teamleider() OR EXISTS (
    SELECT 1 FROM report r JOIN case_file c ON c.id = r.case_id
      JOIN team_member t ON t.id = c.owner_id
     WHERE r.id = reporter.report_id AND t.name = current_user));
DROP POLICY IF EXISTS reporter_delete ON reporter;
CREATE POLICY reporter_delete ON reporter FOR DELETE USING (bz_is_teamleider());

-- Reading case data needs a committed log entry first (issue 17). Every table that holds
-- a case, a person, a melding or a meeting answers a transaction only when it began within
-- {read_window} seconds after its connection committed an entry through bz_log (a long
-- transaction, an import or a year's counts, reads on to its end), which
-- records the database role and the server's time. An entry in the reading transaction
-- itself does not count: PostgreSQL has no autonomous transactions, so a ROLLBACK would take
-- the entry back and leave the read unlogged. A worker with psql and their own password
-- thus reads nothing without first leaving a permanent trace in the log; the program
-- commits such an entry before it reads when its last one is older than half the window
-- (store/team_register.py). Restrictive, so it holds beside the reporter's own policies;
-- FORCE, so it holds for the owner of the tables (the team lead who ran team init) too.
-- Why rows and not views or functions: the program reads these tables through the same
-- queries on both engines; a row policy keeps them, and leaves no path around it.
CREATE OR REPLACE FUNCTION bz_read_logged() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM bz_reading WHERE pid = pg_backend_pid()
                   AND role = session_user
                   AND xact IS DISTINCT FROM pg_current_xact_id_if_assigned()
                   AND at > transaction_timestamp() - interval '{read_window} seconds')
$$;
REVOKE ALL ON FUNCTION bz_read_logged() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bz_read_logged() TO {worker};

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['person', 'case_file', 'report', 'report_concern', 'reporter',
      'case_event', 'zrm_score', 'case_action', 'meeting', 'meeting_case', 'disclosure',
      'person_history', 'person_merge', 'person_contact'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS bz_logged_read ON %I', t);
    -- (SELECT ...): evaluated once per statement, not per row.
    EXECUTE format('CREATE POLICY bz_logged_read ON %I AS RESTRICTIVE FOR ALL '
                   'USING ((SELECT bz_read_logged())) WITH CHECK ((SELECT bz_read_logged()))', t);
    IF t <> 'reporter' THEN  -- the reporter keeps its own permissive policies (above)
      EXECUTE format('DROP POLICY IF EXISTS bz_rows ON %I', t);
      EXECUTE format('CREATE POLICY bz_rows ON %I FOR ALL USING (true) WITH CHECK (true)', t);
    END IF;
  END LOOP;
END $$;

-- Drafts hold what a worker typed and has not saved: their own, no one else's.
ALTER TABLE draft ENABLE ROW LEVEL SECURITY;
ALTER TABLE draft FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS draft_own ON draft;
CREATE POLICY draft_own ON draft FOR ALL USING (user_name = current_user)
  WITH CHECK (user_name = current_user);

-- Users are login roles, managed by every team lead, not only by the role that ran team
-- init: these functions run as the register's owner (who may create roles), so a team lead
-- needs no CREATEROLE of their own (which on this server would let them make themselves
-- anything, the owner included). Who calls is session_user, which they cannot change.
CREATE OR REPLACE FUNCTION bz_require_lead() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
BEGIN
  IF NOT pg_has_role(session_user, {lead_name}, 'MEMBER') THEN
    RAISE EXCEPTION 'Alleen een teamleider beheert de gebruikers.'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
END $$;

CREATE OR REPLACE FUNCTION bz_add_login(p_name text, p_verifier text, p_lead boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM bz_require_lead();
  IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN  -- never a password in the clear
    RAISE EXCEPTION 'Geen SCRAM-controlewaarde.' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
    RAISE EXCEPTION 'Er is al een databasegebruiker met deze naam.'
      USING ERRCODE = 'duplicate_object';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', p_name, p_verifier,
                 CASE WHEN p_lead THEN {lead_name} ELSE {worker_name} END);
  INSERT INTO "user" (name, role, created_at)
    VALUES (p_name, CASE WHEN p_lead THEN 'teamleider' ELSE 'bemoeizorger' END,
            to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'));
END $$;

CREATE OR REPLACE FUNCTION bz_disable_login(p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM bz_require_lead();
  IF p_name = session_user THEN
    RAISE EXCEPTION 'U kunt uzelf niet verwijderen.' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- Roles are server-wide: only a user of this register, never another team's.
  IF NOT EXISTS (SELECT 1 FROM "user" WHERE name = p_name)
     OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
    RAISE EXCEPTION 'Deze gebruiker bestaat niet in het teamregister.'
      USING ERRCODE = 'undefined_object';
  END IF;
  EXECUTE format('ALTER ROLE %I NOLOGIN', p_name);
END $$;

CREATE OR REPLACE FUNCTION bz_move_login(p_name text, p_lead boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM bz_require_lead();
  IF NOT EXISTS (SELECT 1 FROM "user" WHERE name = p_name) THEN
    RAISE EXCEPTION 'Deze gebruiker bestaat niet in het teamregister.'
      USING ERRCODE = 'undefined_object';
  END IF;
  IF p_lead THEN
    EXECUTE format('GRANT %I TO %I', {lead_name}, p_name);
    EXECUTE format('REVOKE %I FROM %I', {worker_name}, p_name);
  ELSE
    EXECUTE format('GRANT %I TO %I', {worker_name}, p_name);
    EXECUTE format('REVOKE %I FROM %I', {lead_name}, p_name);
  END IF;
END $$;

REVOKE ALL ON FUNCTION bz_require_lead(), bz_add_login(text, text, boolean),
  bz_disable_login(text), bz_move_login(text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bz_require_lead(), bz_add_login(text, text, boolean),
  bz_disable_login(text), bz_move_login(text, boolean) TO {lead};

-- The search box finds a name by any fragment (LIKE '%..%'): a trigram index does on the
-- server what FTS5 does in the file. pg_trgm is a trusted extension: the database's owner
-- may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE INDEX IF NOT EXISTS person_search_trgm ON person USING gin (search_text gin_trgm_ops);

-- Who may read a reporter follows from rows a worker may write (report, team_member): the
-- columns the reporter's policy trusts are kept from being rewritten to claim one. Who
-- wrote a melding never changes, a melding does not leave its case, and a team member's
-- name (the login it is matched to) changes only by a team lead.
CREATE OR REPLACE FUNCTION bz_report_keeps_its_trail() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF NEW.created_by IS DISTINCT FROM OLD.created_by
     OR (OLD.case_id IS NOT NULL AND NEW.case_id IS DISTINCT FROM OLD.case_id
         AND NOT pg_has_role(session_user, {lead_name}, 'MEMBER')) THEN
    RAISE EXCEPTION 'Wie een melding vastlegde en bij welke casus hij hoort, blijft staan.'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS bz_report_trail ON report;
CREATE TRIGGER bz_report_trail BEFORE UPDATE ON report
  FOR EACH ROW EXECUTE FUNCTION bz_report_keeps_its_trail();

CREATE OR REPLACE FUNCTION bz_member_name_by_lead() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF NEW.name IS DISTINCT FROM OLD.name
     AND NOT pg_has_role(session_user, {lead_name}, 'MEMBER') THEN
    RAISE EXCEPTION 'Alleen een teamleider wijzigt de naam van een teamlid.'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS bz_member_name ON team_member;
CREATE TRIGGER bz_member_name BEFORE UPDATE ON team_member
  FOR EACH ROW EXECUTE FUNCTION bz_member_name_by_lead();
