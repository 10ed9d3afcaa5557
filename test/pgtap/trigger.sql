-- The assign_citizen_id() trigger: numbers for new rows however they are
-- inserted, checks of numbers given with a row, corrections on UPDATE, the
-- column types it accepts and the ways it can be declared wrongly.

\set ON_ERROR_STOP 1

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION civid;

SELECT plan(67);

-- Return the DETAIL of the error that a query raises, or 'no error'
CREATE FUNCTION pg_temp.error_detail(query text)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN detail;
END
$$;

-- Return the HINT of the error that a query raises, or 'no error'
CREATE FUNCTION pg_temp.error_hint(query text)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    hint text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
    RETURN hint;
END
$$;

-- Return the province code, sex and birth year of an ID as 'code sex year'
CREATE FUNCTION pg_temp.decoded(id citizen_id)
RETURNS text
LANGUAGE sql
AS $$
    SELECT format('%s %s %s', province_code(id), sex(id), birth_year(id))
$$;

-- The test table.  The trigger ignores column "expected", which is what the
-- row's number must decode to.
CREATE TABLE births (
    id citizen_id,
    name text,
    province text,
    sex text,
    birth_date date,
    expected text
);

CREATE TRIGGER births_citizen_id
    BEFORE INSERT OR UPDATE ON births
    FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date');

----------------------------------------------------------------------------
-- New rows get numbers
----------------------------------------------------------------------------

WITH inserted AS (
    INSERT INTO births (name, province, sex, birth_date, expected)
    VALUES ('An', 'Nghệ An', 'male', '1990-06-15', '040 male 1990')
    RETURNING id, expected
)
SELECT is(pg_temp.decoded(id), expected, 'insert returning: number decodes to row')
FROM inserted;

SELECT is(
    (SELECT e.origin || ' ' || e.status FROM civid_registry.entries e
     JOIN births b ON b.id = e.id WHERE b.name = 'An'),
    'issued in force',
    'insert: number registered as issued');

INSERT INTO births (name, province, sex, birth_date, expected)
VALUES
    ('Bình', '079', 'female', '2001-02-03', '079 female 2001'),
    ('Chi', 'Hà Nội', 'nữ', '1985-11-20', '001 female 1985'),
    ('Dũng', 'US', 'm', '2010-07-07', '175 male 2010');

SELECT is(
    (SELECT count(*) FROM births
     WHERE name IN ('Bình', 'Chi', 'Dũng') AND pg_temp.decoded(id) = expected),
    3::bigint,
    'multi-row insert: numbers decode to rows');

INSERT INTO births (name, province, sex, birth_date, expected)
SELECT 'select ' || n,
       '40',
       CASE WHEN n % 2 = 0 THEN 'female' ELSE 'male' END,
       make_date(1950 + n % 70, 1 + n % 12, 1 + n % 28),
       format('040 %s %s', CASE WHEN n % 2 = 0 THEN 'female' ELSE 'male' END, 1950 + n % 70)
FROM generate_series(1, 100) AS n;

SELECT is(
    (SELECT count(*) FROM births
     WHERE name LIKE 'select %' AND pg_temp.decoded(id) = expected),
    100::bigint,
    'insert select: numbers decode to rows');

-- COPY FROM a server-side file, written first with COPY TO.
-- NOTE: the file stays in the server's /tmp, because core PostgreSQL has no
-- function that deletes a file.
DO $$
DECLARE
    path text := format('/tmp/civid_trigger_%s.csv', pg_backend_pid());
BEGIN
    EXECUTE format(
        'COPY (SELECT %L || n, %L, CASE WHEN n %% 2 = 0 THEN %L ELSE %L END,'
        ' make_date(1990, 1, n), format(%L, CASE WHEN n %% 2 = 0 THEN %L ELSE %L END)'
        ' FROM generate_series(1, 20) AS n) TO %L (FORMAT csv)',
        'copy ', 'Tỉnh Nghệ An', 'female', 'male', '040 %s 1990', 'female', 'male', path);
    EXECUTE format(
        'COPY births (name, province, sex, birth_date, expected) FROM %L (FORMAT csv)',
        path);
END
$$;

SELECT is(
    (SELECT count(*) FROM births WHERE name LIKE 'copy %'),
    20::bigint,
    'copy: 20 rows loaded');

SELECT is(
    (SELECT count(*) FROM births
     WHERE name LIKE 'copy %' AND pg_temp.decoded(id) = expected),
    20::bigint,
    'copy: numbers decode to rows');

SELECT is(
    (SELECT count(DISTINCT id) FROM births),
    (SELECT count(*) FROM births),
    'inserted numbers all distinct');

SELECT is(
    (SELECT count(*) FROM births b
     JOIN civid_registry.entries e ON e.id = b.id
     WHERE e.origin = 'issued' AND e.status = 'in force'),
    (SELECT count(*) FROM births),
    'inserted numbers all registered');

----------------------------------------------------------------------------
-- Rows with a number
----------------------------------------------------------------------------

WITH inserted AS (
    INSERT INTO births (id, name, province, sex, birth_date)
    VALUES ('040090000123', 'Giang', 'Nghệ An', 'male', '1990-03-04')
    RETURNING id
)
SELECT is(id, '040090000123'::citizen_id, 'given number kept')
FROM inserted;

SELECT is(
    (SELECT origin || ' ' || status || ' ' || registered_by
     FROM civid_registry.entries WHERE id = '040090000123'),
    'registered in force ' || current_user,
    'given number registered');

SELECT throws_ok(
    $$INSERT INTO births (id, name, province, sex, birth_date)
      VALUES ('040090000124', 'Hà', 'Nghệ An', 'female', '1990-03-04')$$,
    '23514',
    'citizen ID 040090000124 disagrees with its row in "births"',
    'given number: sex disagrees');

SELECT is(
    pg_temp.error_detail(
        $$INSERT INTO births (id, name, province, sex, birth_date)
          VALUES ('040090000124', 'Hà', 'Nghệ An', 'female', '1990-03-04')$$),
    'Column "sex" disagrees with digit 4, which encodes male.',
    'given number: sex detail');

SELECT throws_ok(
    $$INSERT INTO births (id, name, province, sex, birth_date)
      VALUES ('040090000124', 'Hà', 'Nghệ An', 'male', '1991-03-04')$$,
    '23514',
    'citizen ID 040090000124 disagrees with its row in "births"',
    'given number: birth year disagrees');

SELECT is(
    pg_temp.error_detail(
        $$INSERT INTO births (id, name, province, sex, birth_date)
          VALUES ('040090000124', 'Hà', 'Nghệ An', 'male', '1991-03-04')$$),
    'Column "birth_date" disagrees with the birth year 1990 that digits 4-6 encode.',
    'given number: birth year detail');

SELECT throws_ok(
    $$INSERT INTO births (id, name, province, sex, birth_date)
      VALUES ('040090000124', 'Hà', 'Hà Nội', 'male', '1990-03-04')$$,
    '23514',
    'citizen ID 040090000124 disagrees with its row in "births"',
    'given number: province disagrees');

SELECT is(
    pg_temp.error_detail(
        $$INSERT INTO births (id, name, province, sex, birth_date)
          VALUES ('040090000124', 'Hà', 'Hà Nội', 'male', '1990-03-04')$$),
    'Column "province" disagrees with the code 040 in digits 1-3.',
    'given number: province detail');

SELECT is(
    pg_temp.error_detail(
        $$INSERT INTO births (id, name, province, sex, birth_date)
          VALUES ('040090000124', 'Hà', '001', 'f', '2000-03-04')$$),
    'Column "province" disagrees with the code 040 in digits 1-3. '
    'Column "sex" disagrees with digit 4, which encodes male. '
    'Column "birth_date" disagrees with the birth year 1990 that digits 4-6 encode.',
    'given number: three columns detail');

SELECT is(
    pg_temp.error_hint(
        $$INSERT INTO births (id, name, province, sex, birth_date)
          VALUES ('040090000124', 'Hà', '001', 'f', '2000-03-04')$$),
    'Correct the row or the ID. To give the row a new number instead, leave column "id" null.',
    'given number: disagreement hint');

SELECT is(
    (SELECT count(*) FROM civid_registry.entries WHERE id = '040090000124'),
    0::bigint,
    'rejected number not registered');

-- An ID of a merged province agrees with the province that covers it now
SELECT lives_ok(
    $$INSERT INTO births (id, name, province, sex, birth_date)
      VALUES ('002090000555', 'Khánh', 'Tuyên Quang', 'male', '1990-01-01')$$,
    'merged 002 agrees with Tuyên Quang');

SELECT lives_ok(
    $$INSERT INTO births (id, name, province, sex, birth_date)
      VALUES ('002090000556', 'Lan', '008', 'male', '1990-01-01')$$,
    'merged 002 agrees with 008');

SELECT lives_ok(
    $$INSERT INTO births (id, name, province, sex, birth_date)
      VALUES ('002090000557', 'Minh', 'Hà Giang', 'male', '1990-01-01')$$,
    'merged 002 agrees with Hà Giang');

SELECT is(
    (SELECT count(*) FROM civid_registry.entries
     WHERE id IN ('002090000555', '002090000556', '002090000557')
       AND origin = 'registered'),
    3::bigint,
    'merged 002 numbers registered');

-- An infinite birth date has no birth year, so it cannot agree with digits 4-6
SELECT throws_ok(
    $$INSERT INTO births (id, name, province, sex, birth_date)
      VALUES ('040090000126', 'Hải', 'Nghệ An', 'male', 'infinity')$$,
    '23514',
    NULL,
    'given number: infinite birth date disagrees');

-- Unknown fields are not checked
SELECT lives_ok(
    $$INSERT INTO births (id, name) VALUES ('040090000777', 'Nam')$$,
    'given number with null fields');

-- A cancelled number
CREATE TEMP TABLE saved (label text PRIMARY KEY, id citizen_id);

INSERT INTO saved
SELECT 'cancelled', issue_citizen_id('040', 'male', 1980);

INSERT INTO saved
SELECT 'replacement', replace_citizen_id(id, '040', 'female', '1980-01-01', 'correction of sex')
FROM saved WHERE label = 'cancelled';

SELECT throws_ok(
    format($$INSERT INTO births (id, name, province, sex, birth_date)
             VALUES (%L, 'Oanh', '040', 'male', '1980-01-01')$$,
           (SELECT id FROM saved WHERE label = 'cancelled')),
    '23514',
    format('citizen ID %s is cancelled', (SELECT id FROM saved WHERE label = 'cancelled')),
    'cancelled number rejected');

SELECT is(
    pg_temp.error_detail(
        format($$INSERT INTO births (id, name, province, sex, birth_date)
                 VALUES (%L, 'Oanh', '040', 'male', '1980-01-01')$$,
               (SELECT id FROM saved WHERE label = 'cancelled'))),
    format('It was replaced by %s.', (SELECT id FROM saved WHERE label = 'replacement')),
    'cancelled number detail');

----------------------------------------------------------------------------
-- UPDATE
----------------------------------------------------------------------------

INSERT INTO saved SELECT 'An before', id FROM births WHERE name = 'An';

UPDATE births SET sex = 'female' WHERE name = 'An';

SELECT is(
    (SELECT pg_temp.decoded(id) FROM births WHERE name = 'An'),
    '040 female 1990',
    'sex correction: new number decodes to female');

SELECT isnt(
    (SELECT id FROM births WHERE name = 'An'),
    (SELECT id FROM saved WHERE label = 'An before'),
    'sex correction: number changed');

SELECT is(
    (SELECT e.status FROM civid_registry.entries e
     JOIN saved s ON s.id = e.id WHERE s.label = 'An before'),
    'cancelled',
    'sex correction: old number cancelled');

SELECT is(
    (SELECT e.reason FROM civid_registry.entries e
     JOIN saved s ON s.id = e.id WHERE s.label = 'An before'),
    'correction of sex',
    'sex correction: reason');

SELECT is(
    (SELECT e.replaced_by FROM civid_registry.entries e
     JOIN saved s ON s.id = e.id WHERE s.label = 'An before'),
    (SELECT id FROM births WHERE name = 'An'),
    'sex correction: old names new');

SELECT is(
    (SELECT e.origin || ' ' || e.status FROM civid_registry.entries e
     JOIN births b ON b.id = e.id WHERE b.name = 'An'),
    'issued in force',
    'sex correction: new number registered');

SELECT is(
    current_citizen_id((SELECT id FROM saved WHERE label = 'An before')),
    (SELECT id FROM births WHERE name = 'An'),
    'sex correction: current_citizen_id follows');

INSERT INTO saved SELECT 'Bình before', id FROM births WHERE name = 'Bình';

UPDATE births SET province = 'Hà Nội', birth_date = '2002-02-03' WHERE name = 'Bình';

SELECT is(
    (SELECT pg_temp.decoded(id) FROM births WHERE name = 'Bình'),
    '001 female 2002',
    'two corrections: new number decodes');

SELECT is(
    (SELECT e.reason FROM civid_registry.entries e
     JOIN saved s ON s.id = e.id WHERE s.label = 'Bình before'),
    'correction of province, birth year',
    'two corrections: reason');

-- Changing only the name touches neither the number nor the registry
CREATE TEMP TABLE registry_before AS
SELECT id, status, cancelled_at, replaced_by, reason FROM civid_registry.entries;

INSERT INTO saved SELECT 'Chi before', id FROM births WHERE name = 'Chi';

UPDATE births SET name = 'Chi Mai' WHERE name = 'Chi';

SELECT is(
    (SELECT id FROM births WHERE name = 'Chi Mai'),
    (SELECT id FROM saved WHERE label = 'Chi before'),
    'name change: number kept');

SELECT bag_eq(
    'SELECT id, status, cancelled_at, replaced_by, reason FROM civid_registry.entries',
    'SELECT * FROM registry_before',
    'name change: registry unchanged');

-- A province written differently but resolving to the same code is no change
UPDATE births SET province = 'nghe an' WHERE name = 'An';

SELECT is(
    (SELECT id FROM births WHERE name = 'An'),
    (SELECT e.replaced_by FROM civid_registry.entries e
     JOIN saved s ON s.id = e.id WHERE s.label = 'An before'),
    'province respelled: number kept');

----------------------------------------------------------------------------
-- Rows that cannot get a number
----------------------------------------------------------------------------

SELECT throws_ok(
    $$INSERT INTO births (name, province, sex, birth_date)
      VALUES ('Phúc', NULL, 'male', '1990-01-01')$$,
    '23502',
    'cannot issue a citizen ID for a row of "births" whose column "province" is null',
    'null province rejected');

SELECT throws_ok(
    $$INSERT INTO births (name, province, sex, birth_date)
      VALUES ('Phúc', '040', NULL, '1990-01-01')$$,
    '23502',
    'cannot issue a citizen ID for a row of "births" whose column "sex" is null',
    'null sex rejected');

SELECT throws_ok(
    $$INSERT INTO births (name, province, sex, birth_date)
      VALUES ('Phúc', '040', 'male', NULL)$$,
    '23502',
    'cannot issue a citizen ID for a row of "births" whose column "birth_date" is null',
    'null birth_date rejected');

-- The column is not null, so the error must not say that it is
SELECT throws_ok(
    $$INSERT INTO births (name, province, sex, birth_date)
      VALUES ('Phúc', '040', 'male', 'infinity')$$,
    '22023',
    'invalid birth date for a new citizen ID: infinity',
    'infinite birth_date rejected');

SELECT throws_ok(
    $$INSERT INTO births (name, province, sex, birth_date)
      VALUES ('Phúc', 'Atlantis', 'male', '1990-01-01')$$,
    '22023',
    'invalid province or country for citizen_id: "Atlantis"',
    'unknown province rejected');

SELECT throws_ok(
    $$INSERT INTO births (name, province, sex, birth_date)
      VALUES ('Phúc', 'Hà Giang', 'male', '1990-01-01')$$,
    '22023',
    'province code 002 is no longer used for new citizen IDs',
    'merged province rejected for new number');

SELECT throws_ok(
    $$INSERT INTO births (name, province, sex, birth_date)
      VALUES ('Phúc', '040', 'male', current_date + 1)$$,
    '22023',
    format('invalid birth date for a new citizen ID: %s', current_date + 1),
    'future birth date rejected');

----------------------------------------------------------------------------
-- Column types
----------------------------------------------------------------------------

CREATE TYPE pg_temp.sex_kind AS ENUM ('male', 'female');
CREATE DOMAIN pg_temp.sex_word AS text CHECK (VALUE IN ('male', 'female'));

-- Create a table with the given column types and the trigger, insert one
-- row with the given values, and return what its number decodes to.
CREATE FUNCTION pg_temp.decoded_with_types(
    label text,
    province_type text, sex_type text, birth_type text,
    province text, sex text, birth text)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    table_name text := 'typed_' || label;
    id citizen_id;
BEGIN
    EXECUTE format(
        'CREATE TABLE %I (id citizen_id, province %s, sex %s, birth %s)',
        table_name, province_type, sex_type, birth_type);
    EXECUTE format(
        'CREATE TRIGGER t BEFORE INSERT OR UPDATE ON %I FOR EACH ROW'
        ' EXECUTE FUNCTION assign_citizen_id(%L, %L, %L, %L)',
        table_name, 'id', 'province', 'sex', 'birth');
    EXECUTE format(
        'INSERT INTO %I (province, sex, birth) VALUES (%L::%s, %L::%s, %L::%s) RETURNING id',
        table_name, province, province_type, sex, sex_type, birth, birth_type)
        INTO id;
    RETURN pg_temp.decoded(id);
END
$$;

SELECT is(
    pg_temp.decoded_with_types('varchar_sex', 'text', 'varchar(10)', 'date',
                               '040', 'female', '1990-05-05'),
    '040 female 1990',
    'sex as varchar');

SELECT is(
    pg_temp.decoded_with_types('char_sex', 'text', 'char(6)', 'date',
                               '040', 'male', '1990-05-05'),
    '040 male 1990',
    'sex as char(6)');

SELECT is(
    pg_temp.decoded_with_types('enum_sex', 'text', 'pg_temp.sex_kind', 'date',
                               '040', 'female', '1990-05-05'),
    '040 female 1990',
    'sex as enum');

SELECT is(
    pg_temp.decoded_with_types('domain_sex', 'text', 'pg_temp.sex_word', 'date',
                               '040', 'male', '1990-05-05'),
    '040 male 1990',
    'sex as domain over text');

SELECT is(
    pg_temp.decoded_with_types('integer_province', 'integer', 'text', 'date',
                               '40', 'male', '1990-05-05'),
    '040 male 1990',
    'province as integer 40');

SELECT is(
    pg_temp.decoded_with_types('smallint_province', 'smallint', 'text', 'date',
                               '1', 'male', '1990-05-05'),
    '001 male 1990',
    'province as smallint 1');

SELECT is(
    pg_temp.decoded_with_types('varchar_province', 'varchar(40)', 'text', 'date',
                               'Nghệ An', 'female', '1990-05-05'),
    '040 female 1990',
    'province as varchar name');

SELECT is(
    pg_temp.decoded_with_types('timestamp_birth', 'text', 'text', 'timestamp',
                               '040', 'male', '1995-12-31 23:59:59'),
    '040 male 1995',
    'birth date as timestamp');

SELECT is(
    pg_temp.decoded_with_types('timestamptz_birth', 'text', 'text', 'timestamptz',
                               '040', 'female', '1995-06-30 12:00:00+00'),
    '040 female 1995',
    'birth date as timestamptz');

----------------------------------------------------------------------------
-- Wrong columns
----------------------------------------------------------------------------

CREATE TABLE missing_column (id citizen_id, province text, sex text, birth_date date);
CREATE TRIGGER t BEFORE INSERT ON missing_column FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'born');

SELECT throws_ok(
    $$INSERT INTO missing_column (province, sex, birth_date) VALUES ('040', 'male', '1990-01-01')$$,
    '42703',
    'column "born" of relation "missing_column" does not exist',
    'missing column rejected');

SELECT is(
    pg_temp.error_detail(
        $$INSERT INTO missing_column (province, sex, birth_date) VALUES ('040', 'male', '1990-01-01')$$),
    'Trigger "t" names it as the birth date column.',
    'missing column detail');

CREATE TABLE dropped_column (id citizen_id, province text, sex text, birth_date date);
ALTER TABLE dropped_column DROP COLUMN sex;
CREATE TRIGGER t BEFORE INSERT ON dropped_column FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date');

SELECT throws_ok(
    $$INSERT INTO dropped_column (province, birth_date) VALUES ('040', '1990-01-01')$$,
    '42703',
    'column "sex" of relation "dropped_column" does not exist',
    'dropped column rejected');

CREATE TABLE text_birth (id citizen_id, province text, sex text, birth_date text);
CREATE TRIGGER t BEFORE INSERT ON text_birth FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date');

SELECT throws_ok(
    $$INSERT INTO text_birth (province, sex, birth_date) VALUES ('040', 'male', '1990-01-01')$$,
    '42804',
    'column "birth_date" of relation "text_birth" has type text, which cannot hold a birth date',
    'birth date of type text rejected');

CREATE TABLE bigint_id (id bigint, province text, sex text, birth_date date);
CREATE TRIGGER t BEFORE INSERT ON bigint_id FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date');

SELECT throws_ok(
    $$INSERT INTO bigint_id (province, sex, birth_date) VALUES ('040', 'male', '1990-01-01')$$,
    '42804',
    'column "id" of relation "bigint_id" has type bigint, which cannot hold a citizen ID',
    'id of type bigint rejected');

CREATE TABLE integer_sex (id citizen_id, province text, sex integer, birth_date date);
CREATE TRIGGER t BEFORE INSERT ON integer_sex FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date');

SELECT throws_ok(
    $$INSERT INTO integer_sex (province, sex, birth_date) VALUES ('040', 1, '1990-01-01')$$,
    '42804',
    'column "sex" of relation "integer_sex" has type integer, which cannot hold a sex',
    'sex of type integer rejected');

----------------------------------------------------------------------------
-- Wrong trigger declarations
----------------------------------------------------------------------------

CREATE TABLE three_arguments (id citizen_id, province text, sex text, birth_date date);
CREATE TRIGGER t BEFORE INSERT ON three_arguments FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex');

SELECT throws_ok(
    $$INSERT INTO three_arguments (province, sex, birth_date) VALUES ('040', 'male', '1990-01-01')$$,
    '39P01',
    'trigger "t" on "three_arguments" has 3 arguments, but assign_citizen_id() takes 4',
    'three arguments rejected');

CREATE TABLE no_arguments (id citizen_id, province text, sex text, birth_date date);
CREATE TRIGGER t BEFORE INSERT ON no_arguments FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id();

SELECT throws_ok(
    $$INSERT INTO no_arguments (province, sex, birth_date) VALUES ('040', 'male', '1990-01-01')$$,
    '39P01',
    'trigger "t" on "no_arguments" has 0 arguments, but assign_citizen_id() takes 4',
    'no arguments rejected');

CREATE TABLE after_trigger (id citizen_id, province text, sex text, birth_date date);
CREATE TRIGGER t AFTER INSERT ON after_trigger FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date');

SELECT throws_ok(
    $$INSERT INTO after_trigger (province, sex, birth_date) VALUES ('040', 'male', '1990-01-01')$$,
    '39P01',
    'assign_citizen_id() must be fired BEFORE INSERT OR UPDATE, FOR EACH ROW',
    'AFTER trigger rejected');

CREATE TABLE statement_trigger (id citizen_id, province text, sex text, birth_date date);
CREATE TRIGGER t BEFORE INSERT ON statement_trigger FOR EACH STATEMENT
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date');

SELECT throws_ok(
    $$INSERT INTO statement_trigger (province, sex, birth_date) VALUES ('040', 'male', '1990-01-01')$$,
    '39P01',
    'assign_citizen_id() must be fired BEFORE INSERT OR UPDATE, FOR EACH ROW',
    'FOR EACH STATEMENT rejected');

CREATE TABLE delete_trigger (id citizen_id, province text, sex text, birth_date date);
INSERT INTO delete_trigger VALUES ('040090000888', '040', 'male', '1990-01-01');
CREATE TRIGGER t BEFORE DELETE ON delete_trigger FOR EACH ROW
    EXECUTE FUNCTION assign_citizen_id('id', 'province', 'sex', 'birth_date');

SELECT throws_ok(
    $$DELETE FROM delete_trigger$$,
    '39P01',
    'assign_citizen_id() must be fired BEFORE INSERT OR UPDATE, FOR EACH ROW',
    'BEFORE DELETE rejected');

SELECT is(
    (SELECT count(*) FROM civid_registry.entries e
     WHERE NOT EXISTS (SELECT FROM births b WHERE b.id = e.id)
       AND NOT EXISTS (SELECT FROM saved s WHERE s.id = e.id)),
    9::bigint,
    'registry: failed inserts leave nothing');

SELECT * FROM finish();
ROLLBACK;
