--
-- Text and binary input and output of citizen_id, and its casts.
-- The error messages below are part of civid's interface.
--
CREATE EXTENSION civid;

-- Valid values: every digit 4 is accepted, output keeps the leading zeros
SELECT v::citizen_id AS id
FROM (VALUES ('001099000123'), ('020093001656'), ('037153000257'),
			 ('080205000257'), ('101205000257'), ('035199000123'),
			 ('295999999999'), ('096000000000'),
			 ('001400000000'), ('001599000000'), ('001600000000'),
			 ('001700000000'), ('001800000000'), ('001900000000')) AS t(v);

-- The stored value is the 12 digits read as an integer; this is permanent
SELECT '001099000123'::citizen_id::bigint AS stored;
SELECT 1099000123::bigint::citizen_id AS from_bigint;

-- Empty, whitespace, signs and separators
SELECT ''::citizen_id;
\echo :LAST_ERROR_SQLSTATE
SELECT ' 001099000123'::citizen_id;
SELECT '001099000123 '::citizen_id;
SELECT E'001099000123\t'::citizen_id;
SELECT '+01099000123'::citizen_id;
SELECT '-01099000123'::citizen_id;
SELECT '001-099-000-123'::citizen_id;
SELECT '001.099.000.123'::citizen_id;
SELECT '00109900012x'::citizen_id;
SELECT 'abc'::citizen_id;

-- Wrong length
SELECT '00109900012'::citizen_id;
SELECT '0010990001234'::citizen_id;

-- Digits that are not ASCII: full-width and Arabic-Indic
SELECT '００１０９９０００１２３'::citizen_id;
SELECT '٠٠١٠٩٩٠٠٠١٢٣'::citizen_id;
SELECT '00109900012３'::citizen_id;
SELECT E'001\u00a0099000123'::citizen_id;

-- Unassigned codes
SELECT '000099000123'::citizen_id;
SELECT '003099000123'::citizen_id;
SELECT '043188012345'::citizen_id;
SELECT '097099000123'::citizen_id;
SELECT '100099000123'::citizen_id;
SELECT '296099000123'::citizen_id;
SELECT '999099000123'::citizen_id;

-- Casts from bigint are validated
SELECT 5::bigint::citizen_id;
\echo :LAST_ERROR_SQLSTATE
SELECT (-1)::bigint::citizen_id;
\echo :LAST_ERROR_SQLSTATE
SELECT 1000000000000::bigint::citizen_id;
\echo :LAST_ERROR_SQLSTATE
SELECT 43188012345::bigint::citizen_id;
\echo :LAST_ERROR_SQLSTATE

-- Text conversions in both directions
SELECT '020093001656'::text::citizen_id::text AS round_trip;
SELECT pg_typeof('020093001656'::citizen_id::text);

-- Binary output is int8's: 8 bytes, big-endian
SELECT encode(citizen_id_send('001099000123'), 'hex') AS canary;
SELECT encode(citizen_id_send('295999999999'), 'hex') AS canary;

-- Binary COPY round trip, with a NULL
CREATE TABLE people (id citizen_id);
INSERT INTO people VALUES ('020093001656'), ('101205000257'), (NULL);
SELECT '/tmp/civid_regress_' || pg_backend_pid() || '.bin' AS binfile \gset
COPY people TO :'binfile' (FORMAT binary);
CREATE TABLE people_copy (id citizen_id);
COPY people_copy FROM :'binfile' (FORMAT binary);
SELECT id FROM people_copy ORDER BY id NULLS LAST;

-- Binary COPY of an int8 that is not a valid ID is rejected with 22P03
COPY (SELECT (-5)::bigint) TO :'binfile' (FORMAT binary);
COPY people_copy FROM :'binfile' (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
COPY (SELECT 43188012345::bigint) TO :'binfile' (FORMAT binary);
COPY people_copy FROM :'binfile' (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS rows_after_rejected_copy FROM people_copy;

-- Text COPY rejects bad lines and keeps the table unchanged
COPY people_copy FROM stdin;
001099000123
043188012345
\.
SELECT count(*) AS rows_after_rejected_copy FROM people_copy;
COPY people_copy FROM stdin;
001099000123
\.
COPY people_copy TO stdout;

DROP TABLE people, people_copy;
DROP EXTENSION civid;
