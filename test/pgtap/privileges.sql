-- Who may issue, register and read citizen IDs.  PUBLIC may do none of it,
-- a granted role may do exactly what it was granted, the trigger works for
-- roles that may only insert, and a hostile search_path changes nothing.
-- The roles are created inside the test transaction, so ROLLBACK removes
-- them.

\set ON_ERROR_STOP 1

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION civid;

SELECT plan(44);

-- Values the roles produce, checked later by the superuser
CREATE TEMP TABLE role_result (label text PRIMARY KEY, id citizen_id);
GRANT ALL ON TABLE role_result TO PUBLIC;

CREATE ROLE civid_test_plain;
CREATE ROLE civid_test_issuer;
CREATE ROLE civid_test_registrar;
CREATE ROLE civid_test_owner;
CREATE ROLE civid_test_inserter;
CREATE ROLE civid_test_hostile;

GRANT EXECUTE ON FUNCTION issue_citizen_id(text, text, integer) TO civid_test_issuer;
GRANT EXECUTE ON FUNCTION register_citizen_ids(regclass, name) TO civid_test_registrar;
GRANT EXECUTE ON FUNCTION assign_citizen_id() TO civid_test_owner;

----------------------------------------------------------------------------
-- PUBLIC rights only
----------------------------------------------------------------------------

CREATE TABLE plain_births (id citizen_id, province text, sex text, birth_date date);
ALTER TABLE plain_births OWNER TO civid_test_plain;

SET ROLE civid_test_plain;

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'male', 1990)$$,
    '42501',
    'permission denied for function issue_citizen_id',
    'plain: issue by year denied');

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'male', '1990-01-01'::date)$$,
    '42501',
    'permission denied for function issue_citizen_id',
    'plain: issue by date denied');

SELECT throws_ok(
    $$SELECT register_citizen_id('040090000123')$$,
    '42501',
    'permission denied for function register_citizen_id',
    'plain: register denied');

SELECT throws_ok(
    $$SELECT register_citizen_ids('plain_births', 'id')$$,
    '42501',
    'permission denied for function register_citizen_ids',
    'plain: register_citizen_ids denied');

SELECT throws_ok(
    $$SELECT replace_citizen_id('040090000123', '040', 'female', '1990-01-01', 'test')$$,
    '42501',
    'permission denied for function replace_citizen_id',
    'plain: replace denied');

SELECT throws_ok(
    $$SELECT current_citizen_id('040090000123')$$,
    '42501',
    'permission denied for function current_citizen_id',
    'plain: current_citizen_id denied');

SELECT throws_ok(
    $$SELECT * FROM civid_registry.entries$$,
    '42501',
    'permission denied for schema civid_registry',
    'plain: registry SELECT denied');

SELECT throws_ok(
    $$INSERT INTO civid_registry.entries (id, origin, registered_by)
      VALUES ('040090000123', 'registered', current_user)$$,
    '42501',
    'permission denied for schema civid_registry',
    'plain: registry INSERT denied');

SELECT throws_ok(
    $$UPDATE civid_registry.entries SET status = 'cancelled'$$,
    '42501',
    'permission denied for schema civid_registry',
    'plain: registry UPDATE denied');

SELECT throws_ok(
    $$DELETE FROM civid_registry.entries$$,
    '42501',
    'permission denied for schema civid_registry',
    'plain: registry DELETE denied');

SELECT throws_ok(
    $$CREATE TRIGGER t BEFORE INSERT OR UPDATE ON plain_births FOR EACH ROW
      EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date')$$,
    '42501',
    'permission denied for function assign_citizen_id',
    'plain: CREATE TRIGGER denied');

-- What PUBLIC may do
SELECT is(
    (SELECT count(*) FROM citizen_id_codes WHERE code = '040'),
    1::bigint,
    'plain: code view readable');

SELECT is(
    province_name('040090000123'),
    'Nghệ An',
    'plain: decoders allowed');

RESET ROLE;

----------------------------------------------------------------------------
-- A role that may issue by year
----------------------------------------------------------------------------

SET ROLE civid_test_issuer;

SELECT lives_ok(
    $$INSERT INTO role_result SELECT 'issuer', issue_citizen_id('040', 'female', 1990)$$,
    'issuer: issue by year allowed');

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'female', '1990-01-01'::date)$$,
    '42501',
    'permission denied for function issue_citizen_id',
    'issuer: issue by date still denied');

SELECT throws_ok(
    $$SELECT * FROM civid_registry.entries$$,
    '42501',
    'permission denied for schema civid_registry',
    'issuer: registry SELECT denied');

SELECT throws_ok(
    $$INSERT INTO civid_registry.entries (id, origin, registered_by)
      VALUES ('040090000123', 'issued', current_user)$$,
    '42501',
    'permission denied for schema civid_registry',
    'issuer: registry INSERT denied');

SELECT throws_ok(
    $$DELETE FROM civid_registry.entries$$,
    '42501',
    'permission denied for schema civid_registry',
    'issuer: registry DELETE denied');

RESET ROLE;

SELECT is(
    (SELECT e.registered_by FROM civid_registry.entries e
     JOIN role_result r ON r.id = e.id WHERE r.label = 'issuer'),
    'civid_test_issuer'::name,
    'issuer: registered_by names the role');

SELECT is(
    (SELECT e.origin || ' ' || e.status FROM civid_registry.entries e
     JOIN role_result r ON r.id = e.id WHERE r.label = 'issuer'),
    'issued in force',
    'issuer: number registered as issued');

----------------------------------------------------------------------------
-- A role that may register the numbers of a table
----------------------------------------------------------------------------

CREATE TABLE secret_ids (id citizen_id);
INSERT INTO secret_ids VALUES ('040090000201'), ('040090000202');

CREATE TABLE readable_ids (id citizen_id);
INSERT INTO readable_ids VALUES ('040090000301'), ('040090000302'), ('040090000303');
GRANT SELECT ON readable_ids TO civid_test_registrar;

CREATE TABLE column_ids (id citizen_id, note text);
INSERT INTO column_ids VALUES ('040090000401', 'a'), ('040090000402', 'b');
GRANT SELECT (id) ON column_ids TO civid_test_registrar;

CREATE TABLE policy_ids (id citizen_id, owner_name name);
INSERT INTO policy_ids VALUES ('040090000501', 'civid_test_registrar'),
                              ('040090000502', 'someone_else');
ALTER TABLE policy_ids ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON policy_ids USING (owner_name = current_user);
GRANT SELECT ON policy_ids TO civid_test_registrar;

CREATE SCHEMA civid_test_registrar_schema AUTHORIZATION civid_test_registrar;

-- The view's function below writes the role it runs as into this table
CREATE TABLE function_caller (who name);
GRANT INSERT ON function_caller TO PUBLIC;

SET ROLE civid_test_registrar;

SELECT throws_ok(
    $$SELECT register_citizen_ids('secret_ids', 'id')$$,
    '42501',
    'permission denied for table secret_ids',
    'registrar: unreadable table denied');

SELECT is(
    register_citizen_ids('readable_ids', 'id'),
    3::bigint,
    'registrar: readable table registered');

SELECT is(
    register_citizen_ids('column_ids', 'id'),
    2::bigint,
    'registrar: readable column registered');

SELECT is(
    register_citizen_ids('policy_ids', 'id'),
    1::bigint,
    'registrar: row security limits rows');

-- A view whose column calls the role's own function.  The registry owner
-- reads the view, so the function must not run with the owner's rights.
CREATE FUNCTION civid_test_registrar_schema.record_caller(id citizen_id)
RETURNS citizen_id
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO public.function_caller VALUES (current_user);
    RETURN id;
END
$$;

CREATE VIEW civid_test_registrar_schema.recorded_ids AS
SELECT civid_test_registrar_schema.record_caller(id) AS id
FROM (VALUES ('040090000601'::citizen_id)) AS t (id);

DO $$
BEGIN
    PERFORM register_citizen_ids('civid_test_registrar_schema.recorded_ids', 'id');
EXCEPTION WHEN insufficient_privilege OR wrong_object_type OR feature_not_supported THEN
    NULL;
END
$$;

RESET ROLE;

SELECT is(
    (SELECT count(*) FROM function_caller WHERE who <> 'civid_test_registrar'),
    0::bigint,
    'registrar: view code not run as registry owner');

SELECT is(
    (SELECT count(*) FROM civid_registry.entries
     WHERE id IN ('040090000201', '040090000202', '040090000502')),
    0::bigint,
    'registrar: hidden rows not registered');

SELECT is(
    (SELECT count(*) FROM civid_registry.entries
     WHERE id IN ('040090000301', '040090000302', '040090000303',
                  '040090000401', '040090000402')
       AND origin = 'registered' AND registered_by = 'civid_test_registrar'),
    5::bigint,
    'registrar: registered_by names the role');

----------------------------------------------------------------------------
-- A table owner with the trigger and a role that may only insert
----------------------------------------------------------------------------

CREATE TABLE owned_births (id citizen_id, name text, province text, sex text, birth_date date);
ALTER TABLE owned_births OWNER TO civid_test_owner;

SET ROLE civid_test_owner;

SELECT lives_ok(
    $$CREATE TRIGGER owned_births_citizen_id BEFORE INSERT OR UPDATE ON owned_births
      FOR EACH ROW EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date')$$,
    'owner: CREATE TRIGGER allowed');

GRANT INSERT ON owned_births TO civid_test_inserter;

RESET ROLE;

SET ROLE civid_test_inserter;

SELECT lives_ok(
    $$INSERT INTO owned_births (name, province, sex, birth_date)
      VALUES ('Quân', 'Nghệ An', 'male', '2001-01-01')$$,
    'inserter: insert gets a number');

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'male', 2001)$$,
    '42501',
    'permission denied for function issue_citizen_id',
    'inserter: issue denied');

SELECT throws_ok(
    $$SELECT * FROM civid_registry.entries$$,
    '42501',
    'permission denied for schema civid_registry',
    'inserter: registry SELECT denied');

RESET ROLE;

SELECT is(
    (SELECT format('%s %s %s', province_code(id), sex(id), birth_year(id))
     FROM owned_births WHERE name = 'Quân'),
    '040 male 2001',
    'inserter: number decodes to row');

SELECT is(
    (SELECT e.origin || ' ' || e.registered_by FROM civid_registry.entries e
     JOIN owned_births b ON b.id = e.id WHERE b.name = 'Quân'),
    'issued civid_test_inserter',
    'inserter: registered_by names the inserter');

----------------------------------------------------------------------------
-- A hostile search_path
----------------------------------------------------------------------------

DO $$
BEGIN
    EXECUTE format('GRANT CREATE ON DATABASE %I TO civid_test_hostile', current_database());
END
$$;

GRANT EXECUTE ON FUNCTION issue_citizen_id(text, text, integer) TO civid_test_hostile;
GRANT EXECUTE ON FUNCTION current_citizen_id(citizen_id) TO civid_test_hostile;
GRANT EXECUTE ON FUNCTION assign_citizen_id() TO civid_test_hostile;

SET ROLE civid_test_hostile;

CREATE SCHEMA evil;

-- Look-alikes of what the registry code uses: now(), = on citizen_id and a
-- table named entries
CREATE FUNCTION evil.now()
RETURNS timestamptz
LANGUAGE sql
AS $$ SELECT timestamptz '2000-01-01 00:00:00+00' $$;

CREATE FUNCTION evil.never_equal(citizen_id, citizen_id)
RETURNS boolean
LANGUAGE sql
AS $$ SELECT false $$;

CREATE OPERATOR evil.= (
    LEFTARG = citizen_id,
    RIGHTARG = citizen_id,
    FUNCTION = evil.never_equal
);

CREATE TABLE evil.entries (
    id citizen_id,
    origin text,
    status text DEFAULT 'in force',
    registered_at timestamptz DEFAULT evil.now(),
    registered_by name,
    cancelled_at timestamptz,
    replaced_by citizen_id,
    reason text
);

CREATE TABLE evil.births (id citizen_id, name text, province text, sex text, birth_date date);

CREATE TRIGGER births_citizen_id BEFORE INSERT OR UPDATE ON evil.births
    FOR EACH ROW EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date');

SET search_path = evil, pg_catalog, public;

INSERT INTO pg_temp.role_result
SELECT 'hostile issue', issue_citizen_id('040', 'male', 1992);

INSERT INTO evil.births (name, province, sex, birth_date)
VALUES ('Sơn', '040', 'male', '1993-03-03');

INSERT INTO pg_temp.role_result
SELECT 'hostile trigger before', id FROM evil.births;

UPDATE evil.births SET sex = 'female';

INSERT INTO pg_temp.role_result
SELECT 'hostile trigger after', id FROM evil.births;

INSERT INTO pg_temp.role_result
SELECT 'hostile current', current_citizen_id(id)
FROM pg_temp.role_result WHERE label = 'hostile trigger before';

RESET search_path;
RESET ROLE;

SELECT is(
    (SELECT count(*) FROM evil.entries),
    0::bigint,
    'hostile: evil.entries untouched');

SELECT is(
    (SELECT e.origin || ' ' || e.status || ' ' || e.registered_by
     FROM civid_registry.entries e
     JOIN role_result r ON r.id = e.id WHERE r.label = 'hostile issue'),
    'issued in force civid_test_hostile',
    'hostile: issued number registered');

SELECT is(
    (SELECT e.registered_at FROM civid_registry.entries e
     JOIN role_result r ON r.id = e.id WHERE r.label = 'hostile issue'),
    now(),
    'hostile: registered_at from pg_catalog.now');

SELECT is(
    (SELECT format('%s %s %s', province_code(id), sex(id), birth_year(id))
     FROM role_result WHERE label = 'hostile issue'),
    '040 male 1992',
    'hostile: issued number decodes');

SELECT is(
    (SELECT format('%s %s %s', province_code(id), sex(id), birth_year(id))
     FROM role_result WHERE label = 'hostile trigger before'),
    '040 male 1993',
    'hostile: trigger number decodes');

SELECT is(
    (SELECT format('%s %s %s', province_code(id), sex(id), birth_year(id))
     FROM role_result WHERE label = 'hostile trigger after'),
    '040 female 1993',
    'hostile: corrected number decodes');

SELECT is(
    (SELECT e.status || ' ' || e.reason FROM civid_registry.entries e
     JOIN role_result r ON r.id = e.id WHERE r.label = 'hostile trigger before'),
    'cancelled correction of sex',
    'hostile: old number cancelled');

SELECT is(
    (SELECT e.replaced_by FROM civid_registry.entries e
     JOIN role_result r ON r.id = e.id WHERE r.label = 'hostile trigger before'),
    (SELECT id FROM role_result WHERE label = 'hostile trigger after'),
    'hostile: old number names new');

SELECT is(
    (SELECT id FROM role_result WHERE label = 'hostile current'),
    (SELECT id FROM role_result WHERE label = 'hostile trigger after'),
    'hostile: current_citizen_id follows');

SELECT is(
    (SELECT e.origin || ' ' || e.status FROM civid_registry.entries e
     JOIN role_result r ON r.id = e.id WHERE r.label = 'hostile trigger after'),
    'issued in force',
    'hostile: new number registered');

SELECT is(
    (SELECT count(DISTINCT e.id) FROM civid_registry.entries e
     JOIN role_result r ON r.id = e.id WHERE r.label LIKE 'hostile %'),
    3::bigint,
    'hostile: three numbers registered');

SELECT * FROM finish();
ROLLBACK;
