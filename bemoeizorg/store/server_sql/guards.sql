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
