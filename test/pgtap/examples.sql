-- Decoding of published example IDs, the digit layout, sort order, round
-- trips through text and make_citizen_id, and make_citizen_id's errors.

\set ON_ERROR_STOP 1
SET client_encoding = 'UTF8';

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION civid;

SELECT plan(63);

-------------------------------------------------------------------------
-- Examples from public sources
-------------------------------------------------------------------------

-- 020093001656: Lạng Sơn, male, born 1993
SELECT is(province_name('020093001656'), 'Lạng Sơn',
          '020093001656 province_name');
SELECT is(current_province_name('020093001656'), 'Lạng Sơn',
          '020093001656 current_province_name');
SELECT is(sex('020093001656'), 'male', '020093001656 sex');
SELECT is(birth_year('020093001656'), 1993, '020093001656 birth_year');
SELECT is(serial_number('020093001656'), 1656, '020093001656 serial_number');

-- 037153000257: Ninh Bình, female, born 1953
SELECT is(province_name('037153000257'), 'Ninh Bình',
          '037153000257 province_name');
SELECT is(sex('037153000257'), 'female', '037153000257 sex');
SELECT is(birth_year('037153000257'), 1953, '037153000257 birth_year');

-- 080205000257: Long An (Tây Ninh since 2025), male, born 2005
SELECT is(province_name('080205000257'), 'Long An',
          '080205000257 province_name');
SELECT is(current_province_code('080205000257'), '080',
          '080205000257 current_province_code');
SELECT is(current_province_name('080205000257'), 'Tây Ninh',
          '080205000257 current_province_name');
SELECT is(sex('080205000257'), 'male', '080205000257 sex');
SELECT is(birth_year('080205000257'), 2005, '080205000257 birth_year');

SELECT results_eq(
    $$SELECT * FROM citizen_id_info('080205000257')$$,
    $$VALUES ('080', false, 'Long An', '080', 'Tây Ninh',
              NULL::text, NULL::text, 'male', 2005, 257)$$,
    '080205000257 citizen_id_info'
);

-- 101205000257: registered in Afghanistan, male, born 2005
SELECT is(country_name('101205000257'), 'Afghanistan',
          '101205000257 country_name');
SELECT is(country_iso('101205000257'), 'AF', '101205000257 country_iso');
SELECT is(registered_abroad('101205000257'), true,
          '101205000257 registered_abroad');
SELECT is(province_name('101205000257'), NULL,
          '101205000257 has no province_name');
SELECT is(sex('101205000257'), 'male', '101205000257 sex');
SELECT is(birth_year('101205000257'), 2005, '101205000257 birth_year');

SELECT results_eq(
    $$SELECT * FROM citizen_id_info('101205000257')$$,
    $$VALUES ('101', true, NULL::text, NULL::text, NULL::text,
              'Afghanistan', 'AF', 'male', 2005, 257)$$,
    '101205000257 citizen_id_info'
);

-- 035199000123: Hà Nam (Ninh Bình since 2025), female, born 1999
SELECT is(province_name('035199000123'), 'Hà Nam',
          '035199000123 province_name');
SELECT is(current_province_code('035199000123'), '037',
          '035199000123 current_province_code');
SELECT is(current_province_name('035199000123'), 'Ninh Bình',
          '035199000123 current_province_name');
SELECT is(sex('035199000123'), 'female', '035199000123 sex');
SELECT is(birth_year('035199000123'), 1999, '035199000123 birth_year');

-- 043188012345: invalid, 043 is not assigned
SELECT throws_ok(
    $$SELECT '043188012345'::citizen_id$$,
    '22P02',
    'invalid input syntax for type citizen_id: "043188012345"',
    '043188012345 is rejected'
);
SELECT is(is_valid_citizen_id('043188012345'), false,
          '043188012345 is not valid');

-------------------------------------------------------------------------
-- Layout: the stored integer is the value of the 12 digits
-------------------------------------------------------------------------

SELECT is('001099000123'::citizen_id::bigint, 1099000123::bigint,
          'stored value is the 12 digits');

SELECT is(1099000123::bigint::citizen_id::text, '001099000123',
          'text form keeps leading zeros');

-- Digit 4 gives the century, 1900 + 100 * (digit / 2), and an odd digit
-- means female.
SELECT results_eq(
    $$SELECT d, birth_year(('001' || d || '05000123')::citizen_id)
      FROM generate_series(0, 9) AS d ORDER BY d$$,
    $$VALUES (0, 1905), (1, 1905), (2, 2005), (3, 2005), (4, 2105),
             (5, 2105), (6, 2205), (7, 2205), (8, 2305), (9, 2305)$$,
    'digit 4 century with year 05'
);

SELECT results_eq(
    $$SELECT d, birth_year(('001' || d || '99000123')::citizen_id)
      FROM generate_series(0, 9) AS d ORDER BY d$$,
    $$VALUES (0, 1999), (1, 1999), (2, 2099), (3, 2099), (4, 2199),
             (5, 2199), (6, 2299), (7, 2299), (8, 2399), (9, 2399)$$,
    'digit 4 century with year 99'
);

SELECT results_eq(
    $$SELECT d, sex(('001' || d || '05000123')::citizen_id)
      FROM generate_series(0, 9) AS d ORDER BY d$$,
    $$VALUES (0, 'male'), (1, 'female'), (2, 'male'), (3, 'female'),
             (4, 'male'), (5, 'female'), (6, 'male'), (7, 'female'),
             (8, 'male'), (9, 'female')$$,
    'digit 4 parity gives sex'
);

-------------------------------------------------------------------------
-- A random sample of valid IDs, the same on every run
-------------------------------------------------------------------------

SELECT setseed(0.2025);

CREATE TEMP TABLE sample_id AS
WITH code_list AS (
    SELECT array_agg(DISTINCT code ORDER BY code) AS codes
    FROM citizen_id_codes
), draw AS (
    SELECT random() AS code_draw,
           random() AS century_draw,
           random() AS year_draw,
           random() AS serial_draw
    FROM generate_series(1, 10000)
)
SELECT (codes[1 + floor(code_draw * cardinality(codes))::integer]
        || floor(century_draw * 10)::integer
        || lpad(floor(year_draw * 100)::integer::text, 2, '0')
        || lpad(floor(serial_draw * 1000000)::integer::text, 6, '0')
       )::citizen_id AS id
FROM draw, code_list;

-- The smallest and largest valid IDs and the ends of both code ranges
INSERT INTO sample_id VALUES
    ('001000000000'), ('096999999999'), ('101000000000'), ('295999999999');

SELECT is((SELECT count(*)::integer FROM sample_id), 10004,
          'sample has 10004 IDs');

SELECT cmp_ok((SELECT count(DISTINCT province_code(id))::integer FROM sample_id),
              '>', 200,
              'sample spreads over codes');

SELECT results_eq(
    'SELECT id::text FROM sample_id ORDER BY id',
    'SELECT id::text FROM sample_id ORDER BY id::text COLLATE "C"',
    'ORDER BY id equals text order'
);

SELECT results_eq(
    'SELECT id::text FROM sample_id ORDER BY id DESC',
    'SELECT id::text FROM sample_id ORDER BY id::bigint DESC',
    'ORDER BY id DESC equals bigint order'
);

SELECT is_empty(
    'SELECT id FROM sample_id WHERE id::text::citizen_id <> id',
    'text round trip keeps every ID'
);

SELECT is_empty(
    $$SELECT id FROM sample_id
      WHERE id::text <> lpad(id::bigint::text, 12, '0')$$,
    'text form is zero-padded value'
);

SELECT is_empty(
    $$SELECT id FROM sample_id
      WHERE province_code(id) <> substr(id::text, 1, 3)$$,
    'province_code is digits 1-3'
);

SELECT is_empty(
    $$SELECT id FROM sample_id
      WHERE birth_year(id) <> 1900 + 100 * (substr(id::text, 4, 1)::integer / 2)
                                   + substr(id::text, 5, 2)::integer$$,
    'birth_year follows digits 4-6'
);

SELECT is_empty(
    $$SELECT id FROM sample_id
      WHERE sex(id) <> CASE substr(id::text, 4, 1)::integer % 2
                           WHEN 0 THEN 'male' ELSE 'female' END$$,
    'sex follows parity of digit 4'
);

SELECT is_empty(
    $$SELECT id FROM sample_id
      WHERE serial_number(id) <> substr(id::text, 7, 6)::integer$$,
    'serial_number is digits 7-12'
);

SELECT is_empty(
    $$SELECT id FROM sample_id
      WHERE make_citizen_id(province_code(id), sex(id), birth_year(id),
                            serial_number(id)) <> id$$,
    'make_citizen_id rebuilds every ID'
);

SELECT is_empty(
    $$SELECT s.id FROM sample_id AS s, citizen_id_info(s.id) AS i
      WHERE (i.province_code, i.registered_abroad, i.province_name,
             i.current_province_code, i.current_province_name,
             i.country_name, i.country_iso, i.sex, i.birth_year,
             i.serial_number)
            IS DISTINCT FROM
            (province_code(s.id), registered_abroad(s.id),
             province_name(s.id), current_province_code(s.id),
             current_province_name(s.id), country_name(s.id),
             country_iso(s.id), sex(s.id), birth_year(s.id),
             serial_number(s.id))$$,
    'citizen_id_info matches the decoders'
);

-------------------------------------------------------------------------
-- make_citizen_id
-------------------------------------------------------------------------

SELECT is(make_citizen_id('001', 'male', 1900, 0)::text, '001000000000',
          'make_citizen_id first year serial 0');

SELECT is(make_citizen_id('295', 'female', 2399, 999999)::text,
          '295999999999',
          'make_citizen_id last year max serial');

SELECT is(make_citizen_id('079', 'female', 2026, 42)::text, '079326000042',
          'make_citizen_id female 2026');

SELECT throws_ok(
    $$SELECT make_citizen_id('001', 'x', 1990, 1)$$,
    '22023',
    'invalid sex for citizen_id: "x"',
    'make_citizen_id rejects sex x'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('001', 'male', 1899, 1)$$,
    '22023',
    'invalid birth year for citizen_id: 1899',
    'make_citizen_id rejects year 1899'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('001', 'male', 2400, 1)$$,
    '22023',
    'invalid birth year for citizen_id: 2400',
    'make_citizen_id rejects year 2400'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('001', 'male', 1990, -1)$$,
    '22023',
    'invalid serial number for citizen_id: -1',
    'make_citizen_id rejects serial -1'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('001', 'male', 1990, 1000000)$$,
    '22023',
    'invalid serial number for citizen_id: 1000000',
    'make_citizen_id rejects serial 1000000'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('043', 'male', 1990, 1)$$,
    '22023',
    'invalid province code for citizen_id: "043"',
    'make_citizen_id rejects code 043'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('abc', 'male', 1990, 1)$$,
    '22023',
    'invalid province code for citizen_id: "abc"',
    'make_citizen_id rejects code abc'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('', 'male', 1990, 1)$$,
    '22023',
    'invalid province code for citizen_id: ""',
    'make_citizen_id rejects empty code'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('0001', 'male', 1990, 1)$$,
    '22023',
    'invalid province code for citizen_id: "0001"',
    'make_citizen_id rejects four digits'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('001', '', 1990, 1)$$,
    '22023',
    'invalid sex for citizen_id: ""',
    'make_citizen_id rejects empty sex'
);

SELECT is(make_citizen_id('001', NULL, 1990, 1), NULL,
          'make_citizen_id is strict');

-- Accepted spellings of the sex, with the sex the result decodes to
SELECT results_eq(
    $$SELECT spelling, sex(make_citizen_id('001', spelling, 1990, 1))
      FROM unnest(ARRAY['male', 'female', 'm', 'f', 'nam', 'nữ', 'NỮ',
                        'nu', 'Nu', 'FEMALE', 'MALE', 'M', 'F', 'Nam'])
           WITH ORDINALITY AS s (spelling, position)
      ORDER BY position$$,
    $$VALUES ('male', 'male'), ('female', 'female'), ('m', 'male'),
             ('f', 'female'), ('nam', 'male'), ('nữ', 'female'),
             ('NỮ', 'female'), ('nu', 'female'), ('Nu', 'female'),
             ('FEMALE', 'female'), ('MALE', 'male'), ('M', 'male'),
             ('F', 'female'), ('Nam', 'male')$$,
    'sex spellings decode correctly'
);

-- "nữ" typed as U+01B0 (ư) followed by U+0303 (combining tilde)
SELECT is(sex(make_citizen_id('001', U&'n\01B0\0303', 1990, 1)), 'female',
          'sex nữ with combining tilde');

SELECT throws_ok(
    $$SELECT make_citizen_id('001', 'males', 1990, 1)$$,
    '22023',
    'invalid sex for citizen_id: "males"',
    'make_citizen_id rejects sex males'
);

SELECT throws_ok(
    $$SELECT make_citizen_id('001', ' male', 1990, 1)$$,
    '22023',
    'invalid sex for citizen_id: " male"',
    'make_citizen_id rejects padded sex'
);

SELECT * FROM finish();
ROLLBACK;
