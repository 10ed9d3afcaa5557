-- Issuing, registering and replacing citizen IDs: what the issued numbers
-- decode to, the registry rows they leave, the rejected inputs, the
-- randomness, a full bucket, and chains of replacements.

\set ON_ERROR_STOP 1

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION civid;

SELECT plan(96);

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

----------------------------------------------------------------------------
-- Issued numbers decode to the requested province, sex and birth year
----------------------------------------------------------------------------

CREATE TEMP TABLE issue_case (
    position integer,
    label text,
    province text,
    sex text,
    birth_year integer,
    birth_date date,
    expected text,
    id citizen_id
);

INSERT INTO issue_case (position, label, province, sex, birth_year, birth_date, expected)
VALUES
    (1, 'by year: 040', '040', 'male', 1990, NULL, '040 male 1990'),
    (2, 'by year: 40', '40', 'female', 2000, NULL, '040 female 2000'),
    (3, 'by year: Nghệ An', 'Nghệ An', 'm', 1900, NULL, '040 male 1900'),
    (4, 'by year: nghe an', 'nghe an', 'F', 1999, NULL, '040 female 1999'),
    (5, 'by year: NGHỆ AN', 'NGHỆ AN', 'nam',
     extract(year FROM current_date)::integer, NULL,
     format('040 male %s', extract(year FROM current_date))),
    (6, 'by year: Tỉnh Nghệ An', 'Tỉnh Nghệ An', 'nữ', 1975, NULL, '040 female 1975'),
    (7, 'by year: TP. Hồ Chí Minh', 'TP. Hồ Chí Minh', 'MALE', 1988, NULL, '079 male 1988'),
    (8, 'by year: Lào Cai', 'Lào Cai', 'male', 2001, NULL, '015 male 2001'),
    (9, 'by year: country 175', '175', 'female', 2001, NULL, '175 female 2001'),
    (10, 'by year: Hoa Kỳ', 'Hoa Kỳ', 'male', 1960, NULL, '175 male 1960'),
    (11, 'by year: US', 'US', 'NU', 2010, NULL, '175 female 2010'),
    (12, 'by date: 040', '040', 'male', NULL, '1990-06-15', '040 male 1990'),
    (13, 'by date: 40', '40', 'female', NULL, '2000-01-01', '040 female 2000'),
    (14, 'by date: Nghệ An', 'Nghệ An', 'm', NULL, '1900-01-01', '040 male 1900'),
    (15, 'by date: nghe an', 'nghe an', 'F', NULL, '1999-12-31', '040 female 1999'),
    (16, 'by date: NGHỆ AN', 'NGHỆ AN', 'nam', NULL, current_date,
     format('040 male %s', extract(year FROM current_date))),
    (17, 'by date: Tỉnh Nghệ An', 'Tỉnh Nghệ An', 'nữ', NULL, '1975-04-30', '040 female 1975'),
    (18, 'by date: TP. Hồ Chí Minh', 'TP. Hồ Chí Minh', 'male', NULL, '1988-07-02', '079 male 1988'),
    (19, 'by date: country 175', '175', 'female', NULL, '2001-09-11', '175 female 2001'),
    (20, 'by date: Hoa Kỳ', 'Hoa Kỳ', 'male', NULL, '1960-02-29', '175 male 1960'),
    (21, 'by date: US', 'US', 'NU', NULL, '2010-10-10', '175 female 2010');

UPDATE issue_case
SET id = CASE
        WHEN birth_date IS NULL THEN issue_citizen_id(province, sex, birth_year)
        ELSE issue_citizen_id(province, sex, birth_date)
    END;

SELECT is(pg_temp.decoded(id), expected, label)
FROM issue_case
ORDER BY position;

----------------------------------------------------------------------------
-- Every issued number is in the registry, issued, in force
----------------------------------------------------------------------------

SELECT is(
    (SELECT count(*) FROM issue_case c
     JOIN civid_registry.entries e ON e.id = c.id),
    21::bigint,
    'issued numbers all registered');

SELECT is(
    (SELECT count(*) FROM issue_case c
     JOIN civid_registry.entries e ON e.id = c.id
     WHERE e.origin = 'issued'),
    21::bigint,
    'issued numbers have origin issued');

SELECT is(
    (SELECT count(*) FROM issue_case c
     JOIN civid_registry.entries e ON e.id = c.id
     WHERE e.status = 'in force' AND e.cancelled_at IS NULL
       AND e.replaced_by IS NULL AND e.reason IS NULL),
    21::bigint,
    'issued numbers in force');

SELECT is(
    (SELECT count(*) FROM issue_case c
     JOIN civid_registry.entries e ON e.id = c.id
     WHERE e.registered_by = current_user),
    21::bigint,
    'issued numbers name the caller');

SELECT is(
    (SELECT count(*) FROM civid_registry.entries),
    21::bigint,
    'registry holds only issued numbers');

SELECT is(
    issue_citizen_id(NULL, 'male', 1990),
    NULL,
    'issue with null province is null');

----------------------------------------------------------------------------
-- Rejected provinces
----------------------------------------------------------------------------

SELECT throws_ok(
    $$SELECT issue_citizen_id('002', 'male', 2000)$$,
    '22023',
    'province code 002 is no longer used for new citizen IDs',
    'merged code 002 rejected');

SELECT is(
    pg_temp.error_detail($$SELECT issue_citizen_id('002', 'male', 2000)$$),
    'Hà Giang (002) became part of Tuyên Quang (008) on 2025-07-01.',
    'merged code 002 detail');

SELECT is(
    pg_temp.error_hint($$SELECT issue_citizen_id('002', 'male', 2000)$$),
    'Issue the number with code 008.',
    'merged code 002 hint');

SELECT throws_ok(
    $$SELECT issue_citizen_id('Hà Giang', 'female', '2001-03-04'::date)$$,
    '22023',
    'province code 002 is no longer used for new citizen IDs',
    'merged Hà Giang rejected');

SELECT is(
    pg_temp.error_detail($$SELECT issue_citizen_id('Hà Giang', 'female', '2001-03-04'::date)$$),
    'Hà Giang (002) became part of Tuyên Quang (008) on 2025-07-01.',
    'merged Hà Giang detail');

SELECT throws_ok(
    $$SELECT issue_citizen_id('010', 'male', 2000)$$,
    '22023',
    'province code 010 is no longer used for new citizen IDs',
    'merged code 010 rejected');

SELECT throws_ok(
    $$SELECT issue_citizen_id('AZ', 'male', 2000)$$,
    '22023',
    'ambiguous province or country for citizen_id: "AZ"',
    'ambiguous AZ rejected');

SELECT is(
    pg_temp.error_detail($$SELECT issue_citizen_id('AZ', 'male', 2000)$$),
    'Field "province" matches codes 113 and 114.',
    'ambiguous AZ detail');

SELECT throws_ok(
    $$SELECT issue_citizen_id('Atlantis', 'male', 2000)$$,
    '22023',
    'invalid province or country for citizen_id: "Atlantis"',
    'unknown Atlantis rejected');

SELECT throws_ok(
    $$SELECT issue_citizen_id('043', 'male', 2000)$$,
    '22023',
    'invalid province or country for citizen_id: "043"',
    'unassigned code 043 rejected');

----------------------------------------------------------------------------
-- Rejected birth dates, birth years and sexes
----------------------------------------------------------------------------

SELECT throws_ok(
    format('SELECT issue_citizen_id(%L, %L, %L::date)', '040', 'male', current_date + 1),
    '22023',
    format('invalid birth date for a new citizen ID: %s', current_date + 1),
    'birth date tomorrow rejected');

SELECT is(
    pg_temp.error_detail(
        format('SELECT issue_citizen_id(%L, %L, %L::date)', '040', 'male', current_date + 1)),
    format('The birth date is later than today, %s.', current_date),
    'birth date tomorrow detail');

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'male', 'infinity'::date)$$,
    '22023',
    'invalid birth date for a new citizen ID: infinity',
    'birth date infinity rejected');

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'male', '-infinity'::date)$$,
    '22023',
    'invalid birth date for a new citizen ID: -infinity',
    'birth date -infinity rejected');

-- -infinity is not later than today, so the detail must not say it is
SELECT unalike(
    pg_temp.error_detail($$SELECT issue_citizen_id('040', 'male', '-infinity'::date)$$),
    '%later than today%',
    'birth date -infinity detail');

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'male', '1899-12-31'::date)$$,
    '22023',
    'invalid birth year for a new citizen ID: 1899',
    'birth date in 1899 rejected');

SELECT throws_ok(
    format('SELECT issue_citizen_id(%L, %L, %s)', '040', 'female',
           extract(year FROM current_date)::integer + 1),
    '22023',
    format('invalid birth year for a new citizen ID: %s',
           extract(year FROM current_date)::integer + 1),
    'birth year next year rejected');

SELECT is(
    pg_temp.error_detail(
        format('SELECT issue_citizen_id(%L, %L, %s)', '040', 'female',
               extract(year FROM current_date)::integer + 1)),
    format('A new number needs a birth year from 1900 to the current year, %s.',
           extract(year FROM current_date)),
    'birth year next year detail');

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'female', 1899)$$,
    '22023',
    'invalid birth year for a new citizen ID: 1899',
    'birth year 1899 rejected');

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'x', 2000)$$,
    '22023',
    'invalid sex for citizen_id: "x"',
    'sex x rejected');

SELECT throws_ok(
    $$SELECT issue_citizen_id('040', 'unknown', '2000-01-01'::date)$$,
    '22023',
    'invalid sex for citizen_id: "unknown"',
    'sex unknown rejected by date');

SELECT is(
    (SELECT count(*) FROM civid_registry.entries),
    21::bigint,
    'rejected calls register nothing');

----------------------------------------------------------------------------
-- Function properties
----------------------------------------------------------------------------

SELECT is(
    (SELECT provolatile FROM pg_proc
     WHERE oid = 'issue_citizen_id(text, text, integer)'::regprocedure),
    'v'::"char",
    'issue by year is volatile');

SELECT is(
    (SELECT proparallel FROM pg_proc
     WHERE oid = 'issue_citizen_id(text, text, integer)'::regprocedure),
    'u'::"char",
    'issue by year is parallel unsafe');

SELECT is(
    (SELECT provolatile FROM pg_proc
     WHERE oid = 'issue_citizen_id(text, text, date)'::regprocedure),
    'v'::"char",
    'issue by date is volatile');

SELECT is(
    (SELECT proparallel FROM pg_proc
     WHERE oid = 'issue_citizen_id(text, text, date)'::regprocedure),
    'u'::"char",
    'issue by date is parallel unsafe');

----------------------------------------------------------------------------
-- setseed() does not make issuing repeat itself
----------------------------------------------------------------------------

CREATE TEMP TABLE seeded (position integer, id citizen_id, draw double precision);

SELECT setseed(0.5);
INSERT INTO seeded SELECT 1, issue_citizen_id('040', 'male', 1991), random();
SELECT setseed(0.5);
INSERT INTO seeded SELECT 2, issue_citizen_id('040', 'male', 1991), random();

-- The control: setseed() does repeat random()
SELECT is(
    (SELECT count(DISTINCT draw) FROM seeded),
    1::bigint,
    'setseed repeats random()');

SELECT is(
    (SELECT count(DISTINCT id) FROM seeded),
    2::bigint,
    'setseed does not repeat issue');

----------------------------------------------------------------------------
-- 2,000 numbers in one bucket
----------------------------------------------------------------------------

CREATE TEMP TABLE many AS
SELECT issue_citizen_id('001', 'female', 1995) AS id
FROM generate_series(1, 2000);

SELECT is((SELECT count(*) FROM many), 2000::bigint, 'bucket: 2000 issued');

SELECT is(
    (SELECT count(DISTINCT id) FROM many),
    2000::bigint,
    'bucket: all distinct');

SELECT is(
    (SELECT count(*) FROM many m
     JOIN civid_registry.entries e ON e.id = m.id
     WHERE e.origin = 'issued' AND e.status = 'in force'),
    2000::bigint,
    'bucket: all registered');

SELECT is(
    (SELECT count(*) FROM many WHERE pg_temp.decoded(id) <> '001 female 1995'),
    0::bigint,
    'bucket: all in the bucket');

----------------------------------------------------------------------------
-- register_citizen_id
----------------------------------------------------------------------------

SELECT is(register_citizen_id('001085004242'), true, 'register new number');
SELECT is(register_citizen_id('001085004242'), false, 'register it again');

SELECT is(
    (SELECT origin FROM civid_registry.entries WHERE id = '001085004242'),
    'registered',
    'registered number has origin registered');

SELECT is(
    (SELECT status FROM civid_registry.entries WHERE id = '001085004242'),
    'in force',
    'registered number in force');

SELECT is(
    register_citizen_id((SELECT id FROM issue_case WHERE position = 1)),
    false,
    'register issued number');

SELECT is(
    (SELECT e.origin FROM civid_registry.entries e
     JOIN issue_case c ON c.id = e.id
     WHERE c.position = 1),
    'issued',
    'issued number keeps origin issued');

----------------------------------------------------------------------------
-- register_citizen_ids
----------------------------------------------------------------------------

-- 1,000 rows: serials 1-900 of one bucket, 50 of them twice, 50 NULLs
CREATE TEMP TABLE people (name text, id citizen_id, number bigint);

INSERT INTO people (name, id)
SELECT 'person ' || serial, make_citizen_id('001', 'male', 1986, serial)
FROM generate_series(1, 900) AS serial;

INSERT INTO people (name, id)
SELECT 'duplicate ' || serial, make_citizen_id('001', 'male', 1986, serial)
FROM generate_series(1, 50) AS serial;

INSERT INTO people (name, id)
SELECT 'unknown ' || n, NULL
FROM generate_series(1, 50) AS n;

UPDATE people SET number = id::bigint;

-- Ten of them are known already
SELECT is(
    (SELECT count(*) FILTER (WHERE register_citizen_id(make_citizen_id('001', 'male', 1986, serial)))
     FROM generate_series(1, 10) AS serial),
    10::bigint,
    'people: ten registered first');

SELECT is((SELECT count(*) FROM people), 1000::bigint, 'people: 1000 rows');

SELECT is(
    register_citizen_ids('people', 'id'),
    890::bigint,
    'register_citizen_ids counts new numbers');

SELECT is(
    register_citizen_ids('people', 'id'),
    0::bigint,
    'register_citizen_ids again counts none');

SELECT is(
    (SELECT count(*) FROM civid_registry.entries
     WHERE id BETWEEN '001086000000' AND '001086999999'
       AND origin = 'registered' AND status = 'in force'),
    900::bigint,
    'register_citizen_ids registers each once');

SELECT throws_ok(
    $$SELECT register_citizen_ids('people', 'name')$$,
    '42804',
    'column "name" of relation "people" is not of type citizen_id',
    'register_citizen_ids text column');

SELECT throws_ok(
    $$SELECT register_citizen_ids('people', 'number')$$,
    '42804',
    'column "number" of relation "people" is not of type citizen_id',
    'register_citizen_ids bigint column');

SELECT throws_ok(
    $$SELECT register_citizen_ids('people', 'nope')$$,
    '42703',
    'column "nope" of relation "people" does not exist',
    'register_citizen_ids missing column');

----------------------------------------------------------------------------
-- A full bucket.  Registered numbers stay taken after their rows are
-- deleted, issuing finds the last free serials, and then it fails.
----------------------------------------------------------------------------

CREATE TEMP TABLE bucket_fill AS
SELECT make_citizen_id('096', 'female', 1990, serial) AS id
FROM generate_series(0, 999999) AS serial
WHERE serial NOT IN (0, 500000, 999999);

SELECT is(
    register_citizen_ids('bucket_fill', 'id'),
    999997::bigint,
    'full bucket: 999997 registered');

DROP TABLE bucket_fill;

CREATE TEMP TABLE last_free AS
SELECT issue_citizen_id('096', 'female', 1990) AS id
FROM generate_series(1, 3);

SELECT is(
    (SELECT string_agg(id::text, ' ' ORDER BY id) FROM last_free),
    '096190000000 096190500000 096190999999',
    'full bucket: last three serials issued');

SELECT throws_ok(
    $$SELECT issue_citizen_id('096', 'female', 1990)$$,
    '54000',
    'no free citizen ID for code 096, digit 4 = 1, birth year 1990',
    'full bucket: fourth issue fails');

SELECT is(
    pg_temp.error_detail($$SELECT issue_citizen_id('096', 'female', 1990)$$),
    'All 1000000 serial numbers from 096190000000 to 096190999999 are issued, '
    'registered or held by open transactions.',
    'full bucket: detail');

SELECT is(
    (SELECT count(*) FROM civid_registry.entries
     WHERE id BETWEEN '096190000000' AND '096190999999'),
    1000000::bigint,
    'full bucket: 1000000 registry rows');

-- Another bucket of the same code is not affected
SELECT is(
    pg_temp.decoded(issue_citizen_id('096', 'male', 1990)),
    '096 male 1990',
    'full bucket: next bucket issues');

----------------------------------------------------------------------------
-- replace_citizen_id and current_citizen_id
----------------------------------------------------------------------------

CREATE TEMP TABLE chain (position integer, id citizen_id);

INSERT INTO chain
SELECT 1, issue_citizen_id('040', 'male', '1990-05-01'::date);

INSERT INTO chain
SELECT 2, replace_citizen_id(id, '040', 'female', '1990-05-01', 'correction of sex')
FROM chain WHERE position = 1;

INSERT INTO chain
SELECT 3, replace_citizen_id(id, '040', 'female', '1991-05-01', 'correction of birth year')
FROM chain WHERE position = 2;

SELECT is(
    (SELECT pg_temp.decoded(id) FROM chain WHERE position = 2),
    '040 female 1990',
    'replacement decodes to new sex');

SELECT is(
    (SELECT pg_temp.decoded(id) FROM chain WHERE position = 3),
    '040 female 1991',
    'second replacement decodes to new year');

SELECT is(
    (SELECT e.status FROM civid_registry.entries e
     JOIN chain c ON c.id = e.id WHERE c.position = 1),
    'cancelled',
    'replaced number cancelled');

SELECT isnt(
    (SELECT e.cancelled_at FROM civid_registry.entries e
     JOIN chain c ON c.id = e.id WHERE c.position = 1),
    NULL,
    'replaced number has cancelled_at');

SELECT is(
    (SELECT e.replaced_by FROM civid_registry.entries e
     JOIN chain c ON c.id = e.id WHERE c.position = 1),
    (SELECT id FROM chain WHERE position = 2),
    'replaced number names replacement');

SELECT is(
    (SELECT e.reason FROM civid_registry.entries e
     JOIN chain c ON c.id = e.id WHERE c.position = 1),
    'correction of sex',
    'replaced number keeps reason');

SELECT is(
    (SELECT e.origin FROM civid_registry.entries e
     JOIN chain c ON c.id = e.id WHERE c.position = 1),
    'issued',
    'replaced number keeps origin');

SELECT is(
    (SELECT e.status || ' ' || e.origin FROM civid_registry.entries e
     JOIN chain c ON c.id = e.id WHERE c.position = 3),
    'in force issued',
    'last replacement in force');

SELECT is(
    (SELECT e.replaced_by FROM civid_registry.entries e
     JOIN chain c ON c.id = e.id WHERE c.position = 2),
    (SELECT id FROM chain WHERE position = 3),
    'first replacement names second');

SELECT is(
    current_citizen_id((SELECT id FROM chain WHERE position = 1)),
    (SELECT id FROM chain WHERE position = 3),
    'current_citizen_id follows two replacements');

SELECT is(
    current_citizen_id((SELECT id FROM chain WHERE position = 2)),
    (SELECT id FROM chain WHERE position = 3),
    'current_citizen_id follows one replacement');

SELECT is(
    current_citizen_id((SELECT id FROM chain WHERE position = 3)),
    (SELECT id FROM chain WHERE position = 3),
    'current_citizen_id of number in force');

SELECT is(
    current_citizen_id('001099000123'),
    '001099000123'::citizen_id,
    'current_citizen_id of unknown number');

SELECT throws_ok(
    format('SELECT replace_citizen_id(%L, %L, %L, %L, %L)',
           (SELECT id FROM chain WHERE position = 1),
           '040', 'female', '1990-05-01', 'second correction'),
    '22023',
    format('citizen ID %s is already cancelled',
           (SELECT id FROM chain WHERE position = 1)),
    'replacing cancelled number fails');

SELECT is(
    (SELECT e.replaced_by FROM civid_registry.entries e
     JOIN chain c ON c.id = e.id WHERE c.position = 1),
    (SELECT id FROM chain WHERE position = 2),
    'failed replacement keeps replaced_by');

-- A number the registry does not have is recorded as cancelled
INSERT INTO chain
SELECT 4, replace_citizen_id('040080000777', '040', 'male', '1980-01-01', 'correction of province');

SELECT is(
    (SELECT status || ' ' || origin || ' ' || reason
     FROM civid_registry.entries WHERE id = '040080000777'),
    'cancelled registered correction of province',
    'replacing unknown number records it');

SELECT is(
    current_citizen_id('040080000777'),
    (SELECT id FROM chain WHERE position = 4),
    'current_citizen_id of replaced unknown');

SELECT * FROM finish();
ROLLBACK;
