-- Digits 1-3 of a citizen ID against the code tables in data/provinces.csv
-- and data/countries.csv: which codes are accepted, the names and ISO codes
-- the decoders return, and the contents of the view citizen_id_codes.
-- Run from the repository root so that \copy finds the CSV files.

\set ON_ERROR_STOP 1

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION civid;

SELECT plan(563);

CREATE TEMP TABLE province_csv (
    code text,
    name text,
    name_ascii text,
    valid_from date,
    valid_until date,
    province_code_since_2025_07_01 text
);
\copy province_csv FROM 'data/provinces.csv' WITH (FORMAT csv, HEADER true)

CREATE TEMP TABLE country_csv (
    code text,
    name text,
    iso_3166_alpha2 text
);
\copy country_csv FROM 'data/countries.csv' WITH (FORMAT csv, HEADER true)

-- The row of each province code that was in force before the 2025 merger:
-- the one valid until 2025-06-30, or the code's only row.
CREATE TEMP VIEW province_before_merger AS
SELECT code, name, province_code_since_2025_07_01
FROM (SELECT p.*, count(*) OVER (PARTITION BY code) AS row_count
      FROM province_csv AS p) AS counted
WHERE valid_until = '2025-06-30' OR row_count = 1;

-- The name of each province code for a birth registered after the merger:
-- the row valid from 2025-07-01 where one exists, else the row above.
CREATE TEMP VIEW province_after_merger AS
SELECT b.code, coalesce(a.name, b.name) AS name
FROM province_before_merger AS b
LEFT JOIN province_csv AS a
  ON a.code = b.code AND a.valid_from = '2025-07-01';

-- Every code of the two tables
CREATE TEMP VIEW assigned_code AS
SELECT code FROM province_csv
UNION
SELECT code FROM country_csv;

-- Every three-digit value of digits 1-3
CREATE TEMP VIEW three_digit_code AS
SELECT lpad(n::text, 3, '0') AS code
FROM generate_series(0, 999) AS n;

-- SQLSTATE raised by a statement, or NULL when it succeeds
CREATE FUNCTION pg_temp.error_state(statement text)
RETURNS text
LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE statement;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;

-------------------------------------------------------------------------
-- The CSV files as loaded
-------------------------------------------------------------------------

SELECT is((SELECT count(*)::integer FROM province_csv), 71,
          'provinces.csv has 71 rows');

SELECT is((SELECT count(DISTINCT code)::integer FROM province_csv), 63,
          'provinces.csv has 63 codes');

SELECT is((SELECT count(*)::integer FROM country_csv), 195,
          'countries.csv has 195 rows');

SELECT set_eq(
    'SELECT code FROM country_csv',
    $$SELECT lpad(n::text, 3, '0') FROM generate_series(101, 295) AS n$$,
    'countries.csv covers 101 to 295'
);

-------------------------------------------------------------------------
-- Domestic codes
-------------------------------------------------------------------------

SELECT lives_ok(
    format($$SELECT make_citizen_id(%L, 'male', 1990, 1)$$, code),
    format('make_citizen_id accepts %s', code)
)
FROM (SELECT DISTINCT code FROM province_csv ORDER BY code) AS c;

SELECT lives_ok(
    format('SELECT %L::citizen_id', code || '090000001'),
    format('input accepts %s090000001', code)
)
FROM (SELECT DISTINCT code FROM province_csv ORDER BY code) AS c;

SELECT set_eq(
    $$SELECT code, make_citizen_id(code, 'male', 1990, 1)::text
      FROM province_csv$$,
    $$SELECT code, code || '090000001' FROM province_csv$$,
    'make_citizen_id builds the text form'
);

SELECT set_eq(
    $$SELECT code, province_code((code || '090000001')::citizen_id)
      FROM province_csv$$,
    'SELECT code, code AS province_code FROM province_csv',
    'province_code returns domestic code'
);

SELECT results_eq(
    $$SELECT code, province_name(make_citizen_id(code, 'male', 1990, 1))
      FROM province_before_merger ORDER BY code$$,
    'SELECT code, name FROM province_before_merger ORDER BY code',
    'province_name for births in 1990'
);

SELECT results_eq(
    $$SELECT code, province_name(make_citizen_id(code, 'female', 2026, 1))
      FROM province_before_merger ORDER BY code$$,
    'SELECT code, name FROM province_after_merger ORDER BY code',
    'province_name for births in 2026'
);

SELECT results_eq(
    $$SELECT code, current_province_code(make_citizen_id(code, 'male', 1990, 1))
      FROM province_before_merger ORDER BY code$$,
    $$SELECT code, province_code_since_2025_07_01
      FROM province_before_merger ORDER BY code$$,
    'current_province_code for 1990 births'
);

SELECT results_eq(
    $$SELECT code, current_province_code(make_citizen_id(code, 'male', 2026, 1))
      FROM province_before_merger ORDER BY code$$,
    $$SELECT code, province_code_since_2025_07_01
      FROM province_before_merger ORDER BY code$$,
    'current_province_code for 2026 births'
);

-- The current name is the one in force after 2025-07-01 for the code
-- that now covers the area, whatever the birth year.
SELECT results_eq(
    $$SELECT code, current_province_name(make_citizen_id(code, 'male', 1990, 1))
      FROM province_before_merger ORDER BY code$$,
    $$SELECT b.code, c.name
      FROM province_before_merger AS b
      JOIN province_csv AS c
        ON c.code = b.province_code_since_2025_07_01
       AND (c.valid_until IS NULL OR c.valid_until > '2025-07-01')
      ORDER BY b.code$$,
    'current_province_name for 1990 births'
);

SELECT results_eq(
    $$SELECT code, current_province_name(make_citizen_id(code, 'female', 2026, 1))
      FROM province_before_merger ORDER BY code$$,
    $$SELECT b.code, c.name
      FROM province_before_merger AS b
      JOIN province_csv AS c
        ON c.code = b.province_code_since_2025_07_01
       AND (c.valid_until IS NULL OR c.valid_until > '2025-07-01')
      ORDER BY b.code$$,
    'current_province_name for 2026 births'
);

SELECT is_empty(
    $$SELECT code FROM province_csv
      WHERE registered_abroad(make_citizen_id(code, 'male', 1990, 1))
            IS NOT FALSE$$,
    'domestic codes are not abroad'
);

SELECT is_empty(
    $$SELECT code FROM province_csv
      WHERE country_name(make_citizen_id(code, 'male', 1990, 1)) IS NOT NULL$$,
    'domestic codes have no country_name'
);

SELECT is_empty(
    $$SELECT code FROM province_csv
      WHERE country_iso(make_citizen_id(code, 'male', 1990, 1)) IS NOT NULL$$,
    'domestic codes have no country_iso'
);

-------------------------------------------------------------------------
-- Country codes
-------------------------------------------------------------------------

SELECT lives_ok(
    format($$SELECT make_citizen_id(%L, 'female', 2005, 257)$$, code),
    format('make_citizen_id accepts %s', code)
)
FROM (SELECT code FROM country_csv ORDER BY code) AS c;

SELECT lives_ok(
    format('SELECT %L::citizen_id', code || '305000257'),
    format('input accepts %s305000257', code)
)
FROM (SELECT code FROM country_csv ORDER BY code) AS c;

SELECT results_eq(
    $$SELECT code, country_name(make_citizen_id(code, 'female', 2005, 257))
      FROM country_csv ORDER BY code$$,
    'SELECT code, name FROM country_csv ORDER BY code',
    'country_name matches countries.csv'
);

SELECT results_eq(
    $$SELECT code, country_iso(make_citizen_id(code, 'female', 2005, 257))
      FROM country_csv ORDER BY code$$,
    'SELECT code, iso_3166_alpha2 FROM country_csv ORDER BY code',
    'country_iso matches countries.csv'
);

SELECT set_eq(
    $$SELECT code, province_code((code || '305000257')::citizen_id)
      FROM country_csv$$,
    'SELECT code, code AS province_code FROM country_csv',
    'province_code returns country code'
);

SELECT is_empty(
    $$SELECT code FROM country_csv
      WHERE province_name(make_citizen_id(code, 'female', 2005, 257))
            IS NOT NULL$$,
    'country codes have no province_name'
);

SELECT is_empty(
    $$SELECT code FROM country_csv
      WHERE registered_abroad(make_citizen_id(code, 'female', 2005, 257))
            IS NOT TRUE$$,
    'country codes are registered abroad'
);

SELECT is_empty(
    $$SELECT code FROM country_csv
      WHERE current_province_code(make_citizen_id(code, 'female', 2005, 257))
            IS NOT NULL$$,
    'country codes have no current province'
);

SELECT is_empty(
    $$SELECT code FROM country_csv
      WHERE current_province_name(make_citizen_id(code, 'female', 2005, 257))
            IS NOT NULL$$,
    'country codes have no current name'
);

-------------------------------------------------------------------------
-- Codes in neither table are rejected
-------------------------------------------------------------------------

SELECT set_eq(
    $$SELECT code FROM three_digit_code
      WHERE is_valid_citizen_id(code || '090000001')$$,
    'SELECT code FROM assigned_code',
    'is_valid_citizen_id accepts assigned codes'
);

SELECT set_eq(
    $$SELECT code FROM three_digit_code
      WHERE pg_temp.error_state(
                format('SELECT %L::citizen_id', code || '090000001')) IS NULL$$,
    'SELECT code FROM assigned_code',
    'input accepts only assigned codes'
);

SELECT is_empty(
    $$SELECT code, state
      FROM (SELECT code,
                   pg_temp.error_state(
                       format('SELECT %L::citizen_id', code || '090000001'))
                       AS state
            FROM three_digit_code
            WHERE code NOT IN (SELECT code FROM assigned_code)) AS t
      WHERE state IS DISTINCT FROM '22P02'$$,
    'input rejects other codes with 22P02'
);

SELECT set_eq(
    $$SELECT code FROM three_digit_code
      WHERE pg_temp.error_state(
                format('SELECT citizen_id(%s::bigint)',
                       code || '090000001')) IS NULL$$,
    'SELECT code FROM assigned_code',
    'bigint cast accepts only assigned codes'
);

SELECT is_empty(
    $$SELECT code, state
      FROM (SELECT code,
                   pg_temp.error_state(
                       format('SELECT citizen_id(%s::bigint)',
                              code || '090000001'))
                       AS state
            FROM three_digit_code
            WHERE code NOT IN (SELECT code FROM assigned_code)) AS t
      WHERE state IS DISTINCT FROM '22P02'$$,
    'bigint cast rejects other codes with 22P02'
);

SELECT set_eq(
    $$SELECT code FROM three_digit_code
      WHERE pg_temp.error_state(
                format($f$SELECT make_citizen_id(%L, 'male', 1990, 1)$f$,
                       code)) IS NULL$$,
    'SELECT code FROM assigned_code',
    'make_citizen_id accepts only assigned codes'
);

SELECT is_empty(
    $$SELECT code, state
      FROM (SELECT code,
                   pg_temp.error_state(
                       format($f$SELECT make_citizen_id(%L, 'male', 1990, 1)$f$,
                              code))
                       AS state
            FROM three_digit_code
            WHERE code NOT IN (SELECT code FROM assigned_code)) AS t
      WHERE state IS DISTINCT FROM '22023'$$,
    'make_citizen_id rejects others with 22023'
);

SELECT throws_ok(
    $$SELECT '000090000001'::citizen_id$$,
    '22P02',
    'invalid input syntax for type citizen_id: "000090000001"',
    'input rejects code 000'
);

SELECT throws_ok(
    $$SELECT '003090000001'::citizen_id$$,
    '22P02',
    'invalid input syntax for type citizen_id: "003090000001"',
    'input rejects code 003'
);

SELECT throws_ok(
    $$SELECT '097090000001'::citizen_id$$,
    '22P02',
    'invalid input syntax for type citizen_id: "097090000001"',
    'input rejects code 097'
);

SELECT throws_ok(
    $$SELECT '100090000001'::citizen_id$$,
    '22P02',
    'invalid input syntax for type citizen_id: "100090000001"',
    'input rejects code 100'
);

SELECT throws_ok(
    $$SELECT '296090000001'::citizen_id$$,
    '22P02',
    'invalid input syntax for type citizen_id: "296090000001"',
    'input rejects code 296'
);

SELECT throws_ok(
    $$SELECT '999090000001'::citizen_id$$,
    '22P02',
    'invalid input syntax for type citizen_id: "999090000001"',
    'input rejects code 999'
);

SELECT throws_ok(
    $$SELECT 97090000001::bigint::citizen_id$$,
    '22P02',
    'invalid bigint value for type citizen_id: 97090000001',
    'bigint cast rejects code 097'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('097', 'male', 1990, 1)$$,
    '22023',
    'invalid province code for citizen_id: "097"',
    'make_citizen_id rejects code 097'
);

-------------------------------------------------------------------------
-- The view citizen_id_codes
-------------------------------------------------------------------------

SELECT is((SELECT count(*)::integer FROM citizen_id_codes), 71 + 195,
          'view has 266 rows');

SELECT set_eq(
    'SELECT kind, count(*)::integer FROM citizen_id_codes GROUP BY kind',
    $$VALUES ('province', 71), ('country', 195)$$,
    'view row count per kind'
);

SELECT bag_eq(
    $$SELECT code, valid_from, valid_until, name FROM citizen_id_codes
      WHERE kind = 'province'$$,
    'SELECT code, valid_from, valid_until, name FROM province_csv',
    'view province names and periods'
);

SELECT bag_eq(
    $$SELECT code, valid_from, name_ascii FROM citizen_id_codes
      WHERE kind = 'province'$$,
    'SELECT code, valid_from, name_ascii FROM province_csv',
    'view province name_ascii'
);

SELECT bag_eq(
    $$SELECT code, valid_from, code_since_2025_07_01 FROM citizen_id_codes
      WHERE kind = 'province'$$,
    'SELECT code, valid_from, province_code_since_2025_07_01 FROM province_csv',
    'view province code_since_2025_07_01'
);

SELECT is_empty(
    $$SELECT code FROM citizen_id_codes
      WHERE kind = 'province' AND iso_3166_alpha2 IS NOT NULL$$,
    'view provinces have no ISO code'
);

SELECT bag_eq(
    $$SELECT code, name FROM citizen_id_codes WHERE kind = 'country'$$,
    'SELECT code, name FROM country_csv',
    'view country names'
);

SELECT bag_eq(
    $$SELECT code, iso_3166_alpha2 FROM citizen_id_codes
      WHERE kind = 'country'$$,
    'SELECT code, iso_3166_alpha2 FROM country_csv',
    'view country ISO codes'
);

SELECT is_empty(
    $$SELECT code FROM citizen_id_codes
      WHERE kind = 'country'
        AND (valid_from IS NOT NULL OR valid_until IS NOT NULL
             OR code_since_2025_07_01 IS NOT NULL)$$,
    'view countries have no periods'
);

SELECT is_empty(
    $$SELECT code, name_ascii FROM citizen_id_codes
      WHERE name_ascii IS NULL OR name_ascii !~ '^[ -~]+$'$$,
    'view name_ascii is printable ASCII'
);

SELECT * FROM finish();
ROLLBACK;
