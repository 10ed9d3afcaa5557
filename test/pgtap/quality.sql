-- Data-quality functions and access control: citizen_id_mismatches and
-- citizen_id_matches, is_plausible, mask_citizen_id, the setting
-- civid.extra_codes, and row-level security with a policy on in_province.

\set ON_ERROR_STOP 1
SET client_encoding = 'UTF8';

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION civid;

SELECT plan(88);

-------------------------------------------------------------------------
-- citizen_id_mismatches: 037153000257 is Ninh Bình, female, born 1953
-------------------------------------------------------------------------

SELECT is(citizen_id_mismatches('037153000257', 'Ninh Bình', 'female', '1953-04-02'),
          '{}'::text[], 'mismatches: all fields agree');
SELECT is(citizen_id_mismatches('037153000257', '037', 'F', '1953-12-31'),
          '{}'::text[], 'mismatches: code and short sex agree');
SELECT is(citizen_id_mismatches('037153000257', 'ninh binh', 'nữ', '1953-01-01'),
          '{}'::text[], 'mismatches: folded name and nữ agree');

SELECT is(citizen_id_mismatches('037153000257', 'Nghệ An', 'female', '1953-04-02'),
          '{province}'::text[], 'mismatches: province only');
SELECT is(citizen_id_mismatches('037153000257', 'Ninh Bình', 'male', '1953-04-02'),
          '{sex}'::text[], 'mismatches: sex only');
SELECT is(citizen_id_mismatches('037153000257', 'Ninh Bình', 'female', '1954-01-01'),
          '{birth_date}'::text[], 'mismatches: birth_date only');
SELECT is(citizen_id_mismatches('037153000257', 'Ninh Bình', 'female', '1952-12-31'),
          '{birth_date}'::text[], 'mismatches: birth_date a day early');
SELECT is(citizen_id_mismatches('037153000257', '040', 'nam', '2053-04-02'),
          '{province,sex,birth_date}'::text[], 'mismatches: all three');

-- A NULL field is not checked
SELECT is(citizen_id_mismatches('037153000257', NULL, NULL, NULL),
          '{}'::text[], 'mismatches: no fields given');
SELECT is(citizen_id_mismatches('037153000257', NULL, 'male', NULL),
          '{sex}'::text[], 'mismatches: only sex given');
SELECT is(citizen_id_mismatches('037153000257', 'Nghệ An', NULL, NULL),
          '{province}'::text[], 'mismatches: only province given');
SELECT is(citizen_id_mismatches('037153000257', NULL, NULL, '1990-01-01'),
          '{birth_date}'::text[], 'mismatches: only birth_date given');
SELECT is(citizen_id_mismatches(NULL, 'Ninh Bình', 'female', '1953-04-02'),
          NULL, 'mismatches: NULL id gives NULL');

-- An unknown province or sex spelling counts as a mismatch
SELECT is(citizen_id_mismatches('037153000257', 'Atlantis', 'female', '1953-04-02'),
          '{province}'::text[], 'mismatches: unknown province');
SELECT is(citizen_id_mismatches('037153000257', 'Ninh Bình', 'unknown', '1953-04-02'),
          '{sex}'::text[], 'mismatches: unknown sex spelling');
SELECT is(citizen_id_mismatches('037153000257', 'Ninh Bình', 'female', 'infinity'),
          '{birth_date}'::text[], 'mismatches: infinite birth_date');

-- Merged provinces: the recorded province may be the one of the
-- registration or the one that has covered it since 2025-07-01
SELECT is(citizen_id_mismatches('002099000123', 'Tuyên Quang', 'male', '1999-05-01'),
          '{}'::text[], 'mismatches: 002 recorded as Tuyên Quang');
SELECT is(citizen_id_mismatches('002099000123', '008', NULL, NULL),
          '{}'::text[], 'mismatches: 002 recorded as 008');
SELECT is(citizen_id_mismatches('002099000123', 'Hà Giang', NULL, NULL),
          '{}'::text[], 'mismatches: 002 recorded as Hà Giang');
SELECT is(citizen_id_mismatches('035199000123', 'Ninh Bình', 'female', '1999-01-01'),
          '{}'::text[], 'mismatches: 035 recorded as Ninh Bình');
SELECT is(citizen_id_mismatches('008099000123', 'Hà Giang', NULL, NULL),
          '{province}'::text[], 'mismatches: 008 recorded as Hà Giang');
SELECT is(citizen_id_mismatches('037153000257', 'Hà Nam', NULL, NULL),
          '{province}'::text[], 'mismatches: 037 recorded as Hà Nam');

-- 010 (Lào Cai until 2025) is part of Lào Cai (015) now, but it was never
-- part of Yên Bái, the name 015 had until 2025
SELECT is(citizen_id_mismatches('010099000123', 'Lào Cai', NULL, NULL),
          '{}'::text[], 'mismatches: 010 recorded as Lào Cai');
SELECT is(citizen_id_mismatches('010099000123', 'Yên Bái', NULL, NULL),
          '{province}'::text[], 'mismatches: 010 recorded as Yên Bái');

-------------------------------------------------------------------------
-- citizen_id_matches in a CHECK constraint
-------------------------------------------------------------------------

CREATE TABLE checked_people (
    id citizen_id PRIMARY KEY,
    province text,
    sex text,
    birth_date date,
    CONSTRAINT checked_people_fields_match
        CHECK (citizen_id_matches(id, province, sex, birth_date))
);

SELECT lives_ok(
    $$INSERT INTO checked_people
      VALUES ('037153000257', 'Ninh Bình', 'female', '1953-04-02')$$,
    'matches CHECK: agreeing row inserted'
);
SELECT lives_ok(
    $$INSERT INTO checked_people
      VALUES ('002099000123', 'Tuyên Quang', 'male', '1999-05-01')$$,
    'matches CHECK: merged province row inserted'
);
SELECT lives_ok(
    $$INSERT INTO checked_people VALUES ('020093001656', NULL, NULL, NULL)$$,
    'matches CHECK: row without fields inserted'
);
SELECT throws_ok(
    $$INSERT INTO checked_people
      VALUES ('080205000257', 'Long An', 'female', '2005-01-01')$$,
    '23514',
    NULL,
    'matches CHECK: wrong sex rejected'
);
SELECT throws_ok(
    $$UPDATE checked_people SET birth_date = '1954-04-02'
      WHERE id = '037153000257'$$,
    '23514',
    NULL,
    'matches CHECK: update to wrong birth_date rejected'
);
SELECT is((SELECT count(*) FROM checked_people), 3::bigint,
          'matches CHECK: rows stored');

SELECT is(citizen_id_matches('037153000257', 'Ninh Bình', 'female', '1953-04-02'),
          true, 'matches: all fields agree');
SELECT is(citizen_id_matches('037153000257', 'Ninh Bình', 'male', NULL),
          false, 'matches: sex disagrees');
SELECT is(citizen_id_matches(NULL, NULL, NULL, NULL),
          NULL, 'matches: NULL id gives NULL');

-------------------------------------------------------------------------
-- is_plausible
-------------------------------------------------------------------------

-- 040226123457: Nghệ An, male, born 2026
SELECT is(is_plausible('040226123457', '2025-12-31'), false,
          'is_plausible: born the year after as_of');
SELECT is(is_plausible('040226123457', '2026-01-01'), true,
          'is_plausible: born in the year of as_of');

-- Digit 4 of 4 to 9 is a birth in 2100-2399
SELECT is(is_plausible('040426000001', '2026-12-31'), false,
          'is_plausible: digit 4 of 4 in 2026');
SELECT is(is_plausible('040926000001', '2026-12-31'), false,
          'is_plausible: digit 4 of 9 in 2026');
SELECT is(is_plausible('040400000001', '2099-12-31'), false,
          'is_plausible: born 2100, as of 2099');
SELECT is(is_plausible('040400000001', '2100-01-01'), true,
          'is_plausible: born 2100, as of 2100');
SELECT is(is_plausible('040926000001', 'infinity'), true,
          'is_plausible: as of infinity');
SELECT is(is_plausible('037153000257', '-infinity'), false,
          'is_plausible: as of -infinity');

-- Codes retired on 2025-07-01 are not on births from 2026 on
SELECT is(is_plausible('002226000001', '2030-01-01'), false,
          'is_plausible: retired 002 born 2026');
SELECT is(is_plausible('002225000001', '2030-01-01'), true,
          'is_plausible: retired 002 born 2025');
SELECT is(is_plausible('008226000001', '2030-01-01'), true,
          'is_plausible: current 008 born 2026');
SELECT is(is_plausible('101226000001', '2030-01-01'), true,
          'is_plausible: country code born 2026');

-- The published examples, as of today and as of a fixed date
SELECT is(is_plausible(id), true, 'is_plausible today: ' || id::text)
FROM (VALUES ('020093001656'::citizen_id), ('037153000257'),
             ('080205000257'), ('101205000257'), ('035199000123')) AS e (id);
SELECT is(is_plausible(id, '2025-07-01'), true,
          'is_plausible 2025-07-01: ' || id::text)
FROM (VALUES ('020093001656'::citizen_id), ('037153000257'),
             ('080205000257'), ('101205000257'), ('035199000123')) AS e (id);

SELECT is((SELECT provolatile FROM pg_proc
           WHERE oid = 'is_plausible(citizen_id, date)'::regprocedure),
          's'::"char", 'is_plausible is STABLE');

-------------------------------------------------------------------------
-- mask_citizen_id
-------------------------------------------------------------------------

SELECT is(mask_citizen_id('040226123457'), '040*******57',
          'mask_citizen_id: code and last two digits');
SELECT is(mask_citizen_id('101205000257'), '101*******57',
          'mask_citizen_id: country code');
SELECT is((SELECT proleakproof FROM pg_proc
           WHERE oid = 'mask_citizen_id(citizen_id)'::regprocedure),
          true, 'mask_citizen_id is LEAKPROOF');

-------------------------------------------------------------------------
-- civid.extra_codes: codes assigned after the compiled table
-------------------------------------------------------------------------

-- Runs as a role without superuser rights and returns the SQLSTATE of the
-- statement's error, or NULL if it succeeded.  The role cannot write
-- pgTAP's own temporary tables, so the assertions run afterwards.
CREATE FUNCTION sqlstate_of(statement text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;

SELECT is(is_valid_citizen_id('041099000123'), false,
          'extra_codes: 041 invalid by default');
SELECT throws_ok(
    $$SELECT '041099000123'::citizen_id$$,
    '22P02',
    NULL,
    'extra_codes: 041 rejected by default'
);

SET civid.extra_codes = '041';

SELECT is('041099000123'::citizen_id::text, '041099000123',
          'extra_codes: 041 accepted once listed');
SELECT is(province_code('041099000123'), '041',
          'extra_codes: province_code of an extra code');
SELECT is(in_province('041099000123', '041'), true,
          'extra_codes: in_province with an extra code');
SELECT is(is_valid_citizen_id('043188012345'), false,
          'extra_codes: unlisted 043 still invalid');

SET civid.extra_codes = '041, 043 297';
SELECT is(is_valid_citizen_id('043188012345'), true,
          'extra_codes: list with commas and spaces');
SELECT is(current_setting('civid.extra_codes'), '041, 043 297',
          'extra_codes: setting value kept');

SELECT throws_ok($$SET civid.extra_codes = 'abc'$$, '22023', NULL,
                 'extra_codes: letters rejected');
SELECT throws_ok($$SET civid.extra_codes = '1000'$$, '22023', NULL,
                 'extra_codes: four digits rejected');
SELECT throws_ok($$SET civid.extra_codes = '041;042'$$, '22023', NULL,
                 'extra_codes: semicolon rejected');
SELECT is(current_setting('civid.extra_codes'), '041, 043 297',
          'extra_codes: rejected value leaves the setting');

RESET civid.extra_codes;
SELECT is(is_valid_citizen_id('041099000123'), false,
          'extra_codes: 041 invalid after RESET');

CREATE ROLE civid_test_clerk NOLOGIN;
SET ROLE civid_test_clerk;
CREATE TEMP TABLE clerk_result AS
SELECT sqlstate_of($$SET civid.extra_codes = '041'$$) AS sqlstate,
       current_setting('civid.extra_codes') AS setting_after;
RESET ROLE;

SELECT is((SELECT sqlstate FROM clerk_result), '42501',
          'extra_codes: non-superuser cannot set it');
SELECT is((SELECT setting_after FROM clerk_result), '',
          'extra_codes: unchanged after the denied SET');

-------------------------------------------------------------------------
-- Row-level security with a policy on in_province
-------------------------------------------------------------------------

-- 100 IDs for each domestic code
CREATE TABLE cases (id citizen_id PRIMARY KEY, note text);
INSERT INTO cases
SELECT make_citizen_id(c.code, CASE WHEN i % 2 = 0 THEN 'male' ELSE 'female' END,
                       1950 + i % 70, i * 7919), 'case ' || i
FROM (SELECT DISTINCT code FROM citizen_id_codes WHERE kind = 'province') AS c,
     generate_series(1, 100) AS i;
ANALYZE cases;

-- Rows the leaky function saw
CREATE TABLE leaked (id citizen_id);

-- Not LEAKPROOF: it reveals every ID it is called with, through a NOTICE
-- and a row in leaked.  The tiny cost invites the planner to run it first.
CREATE FUNCTION leak(id citizen_id) RETURNS boolean
LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
    RAISE NOTICE 'leak: %', id;
    INSERT INTO leaked VALUES (id);
    RETURN true;
END
$$;

-- EXPLAIN (COSTS OFF) of a query, as one text
CREATE FUNCTION plan_of(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END
$$;

CREATE ROLE officer_040 NOLOGIN;
GRANT SELECT ON cases TO officer_040;
GRANT INSERT ON leaked TO officer_040;
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY cases_officer_040 ON cases FOR SELECT TO officer_040
    USING (in_province(id, '040'));

SET client_min_messages = warning;
SET ROLE officer_040;
CREATE TEMP TABLE officer_rows AS SELECT id FROM cases;
CREATE TEMP TABLE officer_plans AS
SELECT plan_of('SELECT id FROM cases') AS plain,
       plan_of('SELECT id FROM cases WHERE leak(id)') AS leaky;
CREATE TEMP TABLE officer_leak_index AS
SELECT count(*) AS rows FROM cases WHERE leak(id);
RESET ROLE;

CREATE TEMP TABLE leaked_index AS SELECT id FROM leaked;
DELETE FROM leaked;

-- The same leaky query with the policy as a filter on a sequential scan,
-- where the order of the two conditions decides which IDs reach leak()
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
SET enable_bitmapscan = off;
SET ROLE officer_040;
CREATE TEMP TABLE officer_plan_seqscan AS
SELECT plan_of('SELECT id FROM cases WHERE leak(id)') AS leaky;
CREATE TEMP TABLE officer_leak_seqscan AS
SELECT count(*) AS rows FROM cases WHERE leak(id);
RESET ROLE;
RESET enable_indexscan;
RESET enable_indexonlyscan;
RESET enable_bitmapscan;
RESET client_min_messages;

SELECT is((SELECT count(*) FROM cases), 6300::bigint,
          'RLS: owner sees every row');
SELECT is((SELECT count(*) FROM officer_rows), 100::bigint,
          'RLS: officer sees 100 rows');
SELECT is((SELECT count(*) FROM officer_rows WHERE province_code(id) <> '040'),
          0::bigint, 'RLS: officer sees only 040 rows');

SELECT matches((SELECT plain FROM officer_plans),
               $re$Index Cond: \(\(id >= '040000000000'::citizen_id\) AND \(id <= '040999999999'::citizen_id\)\)$re$,
               'RLS: policy becomes an Index Cond on the id range');
SELECT doesnt_match((SELECT plain FROM officer_plans), 'in_province',
                    'RLS: no in_province call left in the plan');
SELECT matches((SELECT leaky FROM officer_plans),
               $re$Index Cond: \(\(id >= '040000000000'::citizen_id\) AND \(id <= '040999999999'::citizen_id\)\)$re$,
               'RLS: Index Cond kept with a leaky WHERE');
SELECT matches((SELECT leaky FROM officer_plan_seqscan),
               $re$Seq Scan on cases\s+Filter: \(\(id >= '040000000000'::citizen_id\) AND \(id <= '040999999999'::citizen_id\) AND leak\(id\)\)$re$,
               'RLS: seq scan checks the policy before leak()');

SELECT is((SELECT rows FROM officer_leak_index), 100::bigint,
          'RLS leak, index: query rows');
SELECT is((SELECT count(*) FROM leaked_index), 100::bigint,
          'RLS leak, index: rows leak() saw');
SELECT is((SELECT count(*) FROM leaked_index WHERE province_code(id) <> '040'),
          0::bigint, 'RLS leak, index: no hidden row seen');

SELECT is((SELECT rows FROM officer_leak_seqscan), 100::bigint,
          'RLS leak, seq scan: query rows');
SELECT is((SELECT count(*) FROM leaked), 100::bigint,
          'RLS leak, seq scan: rows leak() saw');
SELECT is((SELECT count(*) FROM leaked WHERE province_code(id) <> '040'),
          0::bigint, 'RLS leak, seq scan: no hidden row seen');

-- The functions the planner may run before the policy are LEAKPROOF
SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL,
          'RLS: decoders and comparisons are LEAKPROOF')
FROM pg_proc p
WHERE p.oid IN ('citizen_id_ge(citizen_id, citizen_id)'::regprocedure,
                'citizen_id_le(citizen_id, citizen_id)'::regprocedure,
                'citizen_id_eq(citizen_id, citizen_id)'::regprocedure,
                'province_code(citizen_id)'::regprocedure,
                'current_province_code(citizen_id)'::regprocedure,
                'sex(citizen_id)'::regprocedure,
                'birth_year(citizen_id)'::regprocedure)
  AND NOT p.proleakproof;

SELECT * FROM finish();
ROLLBACK;
