-- Text input, is_valid_citizen_id, to_citizen_id, the bigint casts, text
-- and binary COPY, binary output, and soft input errors on PostgreSQL 16+.
-- The COPY tests write files under /tmp on the server, which needs a
-- superuser (pg_virtualenv connects as one).

\set ON_ERROR_STOP 1
SET client_encoding = 'UTF8';

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION civid;

SELECT plan(89);

-- Text the type's input function must reject, with a short description
CREATE TEMP TABLE bad_input (position serial, value text, description text);
INSERT INTO bad_input (value, description) VALUES
    (' 001099000123', 'leading space'),
    ('001099000123 ', 'trailing space'),
    (E'\t001099000123', 'leading tab'),
    (E'001099000123\t', 'trailing tab'),
    (E'001099000123\n', 'trailing newline'),
    ('+01099000123', 'plus sign'),
    ('-01099000123', 'minus sign'),
    ('001-099-000-123', 'hyphen groups'),
    ('001 099 000 123', 'space groups'),
    ('001.099.000.123', 'dot groups'),
    ('00109900012', '11 digits'),
    ('0010990001234', '13 digits'),
    ('1099000123', 'missing leading zeros'),
    ('', 'empty string'),
    ('abc', 'letters'),
    ('00109900012a', 'trailing letter'),
    ('001０99000123', 'one full-width digit'),
    ('００１０９９０００１２３', 'full-width digits'),
    ('٠٠١٠٩٩٠٠٠١٢٣', 'Arabic-Indic digits'),
    ('000099000123', 'code 000'),
    ('003099000123', 'code 003'),
    ('043099000123', 'code 043'),
    ('097099000123', 'code 097'),
    ('098099000123', 'code 098'),
    ('099099000123', 'code 099'),
    ('100099000123', 'code 100'),
    ('296099000123', 'code 296'),
    ('999099000123', 'code 999');

-- Valid text with every value of digit 4
CREATE TEMP TABLE good_input AS
SELECT '001' || d || '99000123' AS value
FROM generate_series(0, 9) AS d;

-------------------------------------------------------------------------
-- Text input
-------------------------------------------------------------------------

SELECT throws_ok(
    format('SELECT %L::citizen_id', value),
    '22P02',
    format('invalid input syntax for type citizen_id: "%s"', value),
    format('input rejects %s', description)
)
FROM bad_input
ORDER BY position;

SELECT lives_ok(
    format('SELECT %L::citizen_id', value),
    format('input accepts %s', value)
)
FROM good_input
ORDER BY value;

SELECT is_empty(
    'SELECT value FROM good_input WHERE value::citizen_id::text <> value',
    'output repeats valid input'
);

-------------------------------------------------------------------------
-- is_valid_citizen_id: the same rules, but false in place of an error
-------------------------------------------------------------------------

SELECT results_eq(
    $$SELECT value, is_valid_citizen_id(value) FROM bad_input
      ORDER BY position$$,
    $$SELECT value, false FROM bad_input ORDER BY position$$,
    'is_valid_citizen_id false for bad input'
);

SELECT results_eq(
    $$SELECT value, is_valid_citizen_id(value) FROM good_input
      ORDER BY value$$,
    $$SELECT value, true FROM good_input ORDER BY value$$,
    'is_valid_citizen_id true for good input'
);

SELECT is(is_valid_citizen_id(NULL), NULL,
          'is_valid_citizen_id NULL is NULL');

SELECT is(is_valid_citizen_id(repeat('0', 100000)), false,
          'is_valid_citizen_id long string false');

SELECT is(is_valid_citizen_id(repeat('é', 20)), false,
          'is_valid_citizen_id multibyte false');

SELECT is(is_valid_citizen_id(E'\\x30'), false,
          'is_valid_citizen_id backslash false');

-------------------------------------------------------------------------
-- to_citizen_id: trims whitespace, drops separators between digits
-------------------------------------------------------------------------

SELECT is(to_citizen_id(value), '001099000123'::citizen_id,
          format('to_citizen_id accepts %s', description))
FROM (VALUES
        (1, '  001 099 000 123 ', 'padded space groups'),
        (2, '001-099-000-123', 'hyphen groups'),
        (3, '001.099.000.123', 'dot groups'),
        (4, '001 - 099 - 000 - 123', 'separator runs'),
        (5, '001 099-000.123', 'mixed separators'),
        (6, E'\t001099000123\n', 'tab and newline'),
        (7, '001099000123', 'plain digits')
     ) AS t (position, value, description)
ORDER BY position;

SELECT throws_ok(
    format('SELECT to_citizen_id(%L)', value),
    '22P02',
    format('invalid input syntax for type citizen_id: "%s"', value),
    format('to_citizen_id rejects %s', description)
)
FROM (VALUES
        (1, '-001099000123', 'leading hyphen'),
        (2, '001099000123-', 'trailing hyphen'),
        (3, '.001099000123', 'leading dot'),
        (4, '00109900012', '11 digits'),
        (5, '001 099 000 1234', '13 digits'),
        (6, 'abc', 'letters'),
        (7, '', 'empty string'),
        (8, '   ', 'only spaces'),
        (9, '001_099_000_123', 'underscores'),
        (10, '043 188 012 345', 'unassigned code'),
        (11, '００１０９９０００１２３', 'full-width digits')
     ) AS t (position, value, description)
ORDER BY position;

SELECT is(to_citizen_id(NULL), NULL, 'to_citizen_id NULL is NULL');

-------------------------------------------------------------------------
-- Casts from bigint
-------------------------------------------------------------------------

SELECT is(1099000123::bigint::citizen_id, '001099000123'::citizen_id,
          'bigint 1099000123 casts');

SELECT is(295999999999::bigint::citizen_id, '295999999999'::citizen_id,
          'largest valid bigint casts');

SELECT is(1000000000::bigint::citizen_id, '001000000000'::citizen_id,
          'smallest valid bigint casts');

SELECT throws_ok(
    'SELECT 5::bigint::citizen_id',
    '22P02',
    'invalid bigint value for type citizen_id: 5',
    'bigint 5 has code 000'
);

SELECT throws_ok(
    'SELECT 999999999999::bigint::citizen_id',
    '22P02',
    'invalid bigint value for type citizen_id: 999999999999',
    'bigint with code 999'
);

SELECT throws_ok(
    'SELECT (-1)::bigint::citizen_id',
    '22003',
    'invalid bigint value for type citizen_id: -1',
    'bigint -1 out of range'
);

SELECT throws_ok(
    'SELECT 1000000000000::bigint::citizen_id',
    '22003',
    'invalid bigint value for type citizen_id: 1000000000000',
    'bigint 13 digits out of range'
);

SELECT throws_ok(
    'SELECT (-9223372036854775808)::bigint::citizen_id',
    '22003',
    'invalid bigint value for type citizen_id: -9223372036854775808',
    'bigint minimum out of range'
);

-------------------------------------------------------------------------
-- Binary output
-------------------------------------------------------------------------

SELECT is(encode(citizen_id_send('001099000123'), 'hex'), '000000004181693b',
          'citizen_id_send is big-endian int8');

SELECT is(citizen_id_send('295999999999'), int8send(295999999999),
          'citizen_id_send equals int8send');

-------------------------------------------------------------------------
-- COPY round trips through server-side files
-------------------------------------------------------------------------

-- One file, overwritten by each COPY TO and removed at the end.  The
-- backend's process ID keeps concurrent runs apart.
SELECT format('/tmp/civid_pgtap_%s.copy', pg_backend_pid()) AS copy_file,
       format('rm -f /tmp/civid_pgtap_%s.copy', pg_backend_pid())
           AS remove_copy_file
\gset

CREATE TEMP TABLE copy_source (position integer, id citizen_id);
INSERT INTO copy_source VALUES
    (1, '001099000123'),
    (2, NULL),
    (3, '001000000000'),
    (4, '295999999999'),
    (5, '080205000257'),
    (6, NULL),
    (7, '001099000123');

CREATE TEMP TABLE copy_target (LIKE copy_source);

COPY copy_source TO :'copy_file' (FORMAT binary);
COPY copy_target FROM :'copy_file' (FORMAT binary);

SELECT bag_eq(
    'TABLE copy_target',
    'TABLE copy_source',
    'binary COPY round trip'
);

SELECT is((SELECT count(*)::integer FROM copy_target WHERE id IS NULL), 2,
          'binary COPY keeps NULLs');

TRUNCATE copy_target;

COPY copy_source TO :'copy_file' (FORMAT text);
COPY copy_target FROM :'copy_file' (FORMAT text);

SELECT bag_eq(
    'TABLE copy_target',
    'TABLE copy_source',
    'text COPY round trip'
);

TRUNCATE copy_target;

COPY copy_source TO :'copy_file' (FORMAT csv);
COPY copy_target FROM :'copy_file' (FORMAT csv);

SELECT bag_eq(
    'TABLE copy_target',
    'TABLE copy_source',
    'CSV COPY round trip'
);

-- Binary COPY of int8 values that are not valid citizen IDs.  The target
-- column is citizen_id, so citizen_id_recv reads the int8 bytes.
CREATE TEMP TABLE copy_one (id citizen_id);

COPY (SELECT (-5)::bigint) TO :'copy_file' (FORMAT binary);

SELECT throws_ok(
    format('COPY copy_one FROM %L (FORMAT binary)', :'copy_file'),
    '22P03',
    'invalid binary value for type citizen_id: -5',
    'binary COPY rejects -5'
);

COPY (SELECT 43188012345::bigint) TO :'copy_file' (FORMAT binary);

SELECT throws_ok(
    format('COPY copy_one FROM %L (FORMAT binary)', :'copy_file'),
    '22P03',
    'invalid binary value for type citizen_id: 43188012345',
    'binary COPY rejects code 043'
);

COPY (SELECT 1000000000000::bigint) TO :'copy_file' (FORMAT binary);

SELECT throws_ok(
    format('COPY copy_one FROM %L (FORMAT binary)', :'copy_file'),
    '22P03',
    'invalid binary value for type citizen_id: 1000000000000',
    'binary COPY rejects 13 digits'
);

COPY (SELECT '043188012345') TO :'copy_file' (FORMAT text);

SELECT throws_ok(
    format('COPY copy_one FROM %L (FORMAT text)', :'copy_file'),
    '22P02',
    'invalid input syntax for type citizen_id: "043188012345"',
    'text COPY rejects code 043'
);

SELECT is_empty('TABLE copy_one', 'failed COPY stored no row');

COPY (SELECT 1099000123::bigint) TO :'copy_file' (FORMAT binary);
COPY copy_one FROM :'copy_file' (FORMAT binary);

SELECT results_eq(
    'SELECT id::text FROM copy_one',
    $$VALUES ('001099000123')$$,
    'binary COPY reads int8 bytes'
);

COPY (SELECT WHERE false) TO PROGRAM :'remove_copy_file';

-------------------------------------------------------------------------
-- Soft input errors, which PostgreSQL 16 introduced
-------------------------------------------------------------------------

SELECT current_setting('server_version_num')::integer >= 160000
    AS has_soft_errors
\gset

\if :has_soft_errors
SELECT is(pg_input_is_valid('001099000123', 'citizen_id'), true,
          'pg_input_is_valid accepts good input');

SELECT is(pg_input_is_valid('043188012345', 'citizen_id'), false,
          'pg_input_is_valid rejects code 043');

SELECT is(pg_input_is_valid('００１０９９０００１２３', 'citizen_id'), false,
          'pg_input_is_valid rejects full-width');

SELECT results_eq(
    $$SELECT message, sql_error_code
      FROM pg_input_error_info('043188012345', 'citizen_id')$$,
    $$VALUES ('invalid input syntax for type citizen_id: "043188012345"',
              '22P02')$$,
    'pg_input_error_info for code 043'
);

SELECT results_eq(
    $$SELECT message, sql_error_code
      FROM pg_input_error_info('', 'citizen_id')$$,
    $$VALUES ('invalid input syntax for type citizen_id: ""', '22P02')$$,
    'pg_input_error_info for empty input'
);
\else
SELECT skip('pg_input_is_valid needs PostgreSQL 16', 5);
\endif

SELECT * FROM finish();
ROLLBACK;
