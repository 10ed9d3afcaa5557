--
-- in_province(), born_in() and born_in_century(): the planner support
-- function turns a call with constant arguments into range conditions on
-- the ID, which a btree index and range partitioning use.  Each query
-- must return the same rows through the index, through a sequential scan
-- and through the decoders.
--
SET client_encoding = 'UTF8';
CREATE EXTENSION civid;

-- 20,000 IDs: 300 for each of the 63 domestic codes and 110 for each of
-- ten country codes, half of each male and half female, born 1950-2025
CREATE TABLE people (id citizen_id PRIMARY KEY);

INSERT INTO people
SELECT make_citizen_id(c.code, s.sex, 1950 + i % 76,
					   (i * 7919 + c.code::integer * 13) % 1000000)
FROM (SELECT DISTINCT code FROM citizen_id_codes WHERE kind = 'province') AS c,
	 (VALUES ('male'), ('female')) AS s (sex),
	 generate_series(1, 150) AS i;

INSERT INTO people
SELECT make_citizen_id(c.code, s.sex, 1950 + i % 76, i * 7919)
FROM (VALUES ('101'), ('113'), ('114'), ('147'), ('148'), ('175'),
			 ('200'), ('250'), ('281'), ('295')) AS c (code),
	 (VALUES ('male'), ('female')) AS s (sex),
	 generate_series(1, 55) AS i;

-- VACUUM sets the visibility map, so that index-only scans pay off
VACUUM ANALYZE people;

SELECT count(*) AS people,
	   count(DISTINCT province_code(id)) AS codes,
	   count(*) FILTER (WHERE registered_abroad(id)) AS registered_abroad
FROM people;

--------------------------------------------------------------------------
-- Plans: range conditions on the primary key, and no Filter
--------------------------------------------------------------------------

-- A code, the name with diacritics and the folded name give one range
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, '040');
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, 'Nghệ An');
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, 'nghe an');

-- 008 Tuyên Quang absorbed 002 Hà Giang: one range per code, OR-ed
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, '008');
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, 'Tuyên Quang');

-- 037 Ninh Bình absorbed 035 and 036, and 033 Hưng Yên absorbed 034: the
-- codes are adjacent, so their ranges merge into one
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, '037');
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, '033');

-- A retired code covers its own range only
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, '002');

-- A country, by code and by ISO 3166 alpha-2 code
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, '101');
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, 'AF');

-- Digits 1-6 and digits 1-4
EXPLAIN (COSTS OFF)
SELECT id FROM people WHERE born_in(id, '040', 'female', 1990);
EXPLAIN (COSTS OFF)
SELECT id FROM people WHERE born_in_century(id, '040', 'female', 1990);
EXPLAIN (COSTS OFF)
SELECT id FROM people WHERE born_in(id, '008', 'male', 2005);
EXPLAIN (COSTS OFF)
SELECT id FROM people WHERE born_in_century(id, '037', 'female', 2005);

-- The bounds of a code's own range, without the codes it absorbed
SELECT province_lower('040'), province_upper('040');
SELECT province_lower('Nghệ An'), province_upper('nghe an');
SELECT province_lower('008'), province_upper('008');
SELECT province_lower('101'), province_upper('295');

--------------------------------------------------------------------------
-- Results: the index, a sequential scan and the decoders agree
--------------------------------------------------------------------------

-- The rows of every query, run through the plans shown above
CREATE TABLE rows_by_index AS
SELECT 'in_province 040' AS query, id FROM people WHERE in_province(id, '040')
UNION ALL
SELECT 'in_province Nghệ An', id FROM people WHERE in_province(id, 'Nghệ An')
UNION ALL
SELECT 'in_province nghe an', id FROM people WHERE in_province(id, 'nghe an')
UNION ALL
SELECT 'in_province 008', id FROM people WHERE in_province(id, '008')
UNION ALL
SELECT 'in_province 037', id FROM people WHERE in_province(id, '037')
UNION ALL
SELECT 'in_province 033', id FROM people WHERE in_province(id, '033')
UNION ALL
SELECT 'in_province 002', id FROM people WHERE in_province(id, '002')
UNION ALL
SELECT 'in_province AF', id FROM people WHERE in_province(id, 'AF')
UNION ALL
SELECT 'born_in 040 female 1990', id FROM people
WHERE born_in(id, '040', 'female', 1990)
UNION ALL
SELECT 'born_in_century 040 female 1990', id FROM people
WHERE born_in_century(id, '040', 'female', 1990)
UNION ALL
SELECT 'born_in 008 male 2005', id FROM people
WHERE born_in(id, '008', 'male', 2005)
UNION ALL
SELECT 'born_in_century 037 female 2005', id FROM people
WHERE born_in_century(id, '037', 'female', 2005);

-- The same queries with index scans disabled
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
SET enable_bitmapscan = off;

EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, '008');

CREATE TABLE rows_by_seqscan AS
SELECT 'in_province 040' AS query, id FROM people WHERE in_province(id, '040')
UNION ALL
SELECT 'in_province Nghệ An', id FROM people WHERE in_province(id, 'Nghệ An')
UNION ALL
SELECT 'in_province nghe an', id FROM people WHERE in_province(id, 'nghe an')
UNION ALL
SELECT 'in_province 008', id FROM people WHERE in_province(id, '008')
UNION ALL
SELECT 'in_province 037', id FROM people WHERE in_province(id, '037')
UNION ALL
SELECT 'in_province 033', id FROM people WHERE in_province(id, '033')
UNION ALL
SELECT 'in_province 002', id FROM people WHERE in_province(id, '002')
UNION ALL
SELECT 'in_province AF', id FROM people WHERE in_province(id, 'AF')
UNION ALL
SELECT 'born_in 040 female 1990', id FROM people
WHERE born_in(id, '040', 'female', 1990)
UNION ALL
SELECT 'born_in_century 040 female 1990', id FROM people
WHERE born_in_century(id, '040', 'female', 1990)
UNION ALL
SELECT 'born_in 008 male 2005', id FROM people
WHERE born_in(id, '008', 'male', 2005)
UNION ALL
SELECT 'born_in_century 037 female 2005', id FROM people
WHERE born_in_century(id, '037', 'female', 2005);

RESET enable_indexscan;
RESET enable_indexonlyscan;
RESET enable_bitmapscan;

-- The same queries written with the decoders
CREATE TABLE rows_by_decoder AS
SELECT 'in_province 040' AS query, id FROM people
WHERE province_code(id) = '040'
UNION ALL
SELECT 'in_province Nghệ An', id FROM people WHERE province_code(id) = '040'
UNION ALL
SELECT 'in_province nghe an', id FROM people WHERE province_code(id) = '040'
UNION ALL
SELECT 'in_province 008', id FROM people
WHERE current_province_code(id) = '008'
UNION ALL
SELECT 'in_province 037', id FROM people
WHERE current_province_code(id) = '037'
UNION ALL
SELECT 'in_province 033', id FROM people
WHERE current_province_code(id) = '033'
UNION ALL
SELECT 'in_province 002', id FROM people WHERE province_code(id) = '002'
UNION ALL
SELECT 'in_province AF', id FROM people WHERE country_iso(id) = 'AF'
UNION ALL
SELECT 'born_in 040 female 1990', id FROM people
WHERE province_code(id) = '040' AND sex(id) = 'female' AND birth_year(id) = 1990
UNION ALL
SELECT 'born_in_century 040 female 1990', id FROM people
WHERE province_code(id) = '040' AND sex(id) = 'female'
	AND birth_year(id) BETWEEN 1900 AND 1999
UNION ALL
SELECT 'born_in 008 male 2005', id FROM people
WHERE current_province_code(id) = '008' AND sex(id) = 'male'
	AND birth_year(id) = 2005
UNION ALL
SELECT 'born_in_century 037 female 2005', id FROM people
WHERE current_province_code(id) = '037' AND sex(id) = 'female'
	AND birth_year(id) BETWEEN 2000 AND 2099;

-- Rows per query and the codes they carry
SELECT query, count(*) AS rows,
	   string_agg(DISTINCT province_code(id), ',') AS codes
FROM rows_by_index GROUP BY query ORDER BY query;

-- No row differs between the index and the sequential scan (no rows)
SELECT coalesce(i.query, s.query) AS query, coalesce(i.id, s.id) AS id,
	   i.id IS NOT NULL AS by_index
FROM rows_by_index i FULL JOIN rows_by_seqscan s USING (query, id)
WHERE i.id IS NULL OR s.id IS NULL;

-- No row differs between the index and the decoders (no rows)
SELECT coalesce(i.query, d.query) AS query, coalesce(i.id, d.id) AS id,
	   i.id IS NOT NULL AS by_index
FROM rows_by_index i FULL JOIN rows_by_decoder d USING (query, id)
WHERE i.id IS NULL OR d.id IS NULL;

-- The functions return the same counts when called row by row: the place
-- is a column here, so the planner cannot turn the call into ranges
SELECT p.place, count(*) FILTER (WHERE in_province(id, p.place)) AS in_province,
	   count(*) FILTER (WHERE born_in(id, p.place, 'female', 1990)) AS born_in,
	   count(*) FILTER (WHERE born_in_century(id, p.place, 'female', 1990))
		   AS born_in_century
FROM people, (VALUES ('040'), ('Nghệ An'), ('008'), ('037'), ('033'))
	AS p (place)
GROUP BY p.place ORDER BY p.place;

--------------------------------------------------------------------------
-- A name that only an earlier province had does not cover the codes its
-- successor absorbed: 015 was Yên Bái and 010 was Lào Cai until 2025, and
-- both are Lào Cai (015) now.  An ID registered in the old Lào Cai was not
-- registered in Yên Bái.
--------------------------------------------------------------------------

SELECT in_province('010099000001', 'Yên Bái') AS old_lao_cai_in_yen_bai,
	   in_province('015099000001', 'Yên Bái') AS yen_bai_in_yen_bai,
	   in_province('010099000001', 'Lào Cai') AS old_lao_cai_in_lao_cai,
	   in_province('015099000001', 'Lào Cai') AS yen_bai_in_lao_cai;

SELECT count(*) FILTER (WHERE in_province(id, 'Yên Bái')) AS yen_bai,
	   count(*) FILTER (WHERE province_code(id) = '015') AS code_015
FROM people;

--------------------------------------------------------------------------
-- Range partitions: one per code, pruned by the rewritten conditions
--------------------------------------------------------------------------

-- Bounds must be valid IDs: each partition ends where the next assigned
-- code begins ('041000000000' is invalid, so 040 ends at '042000000000'),
-- and the country codes share one partition
CREATE TABLE people_by_code (id citizen_id PRIMARY KEY) PARTITION BY RANGE (id);

DO $$
DECLARE
	partition record;
BEGIN
	FOR partition IN
		SELECT code, lead(code, 1, '101') OVER (ORDER BY code) AS next_code
		FROM (SELECT DISTINCT code FROM citizen_id_codes
			  WHERE kind = 'province') AS codes
	LOOP
		EXECUTE format('CREATE TABLE people_by_code_%s PARTITION OF people_by_code '
					   'FOR VALUES FROM (%L) TO (%L)',
					   partition.code, partition.code || '000000000',
					   partition.next_code || '000000000');
	END LOOP;
END
$$;

CREATE TABLE people_by_code_abroad PARTITION OF people_by_code
	FOR VALUES FROM ('101000000000') TO (MAXVALUE);

SELECT count(*) AS partitions,
	   min(pg_get_expr(relpartbound, oid)) AS first_bound
FROM pg_class
WHERE relispartition AND relkind = 'r' AND relname LIKE 'people_by_code_%';
SELECT pg_get_expr(relpartbound, oid) AS bound
FROM pg_class
WHERE relname IN ('people_by_code_040', 'people_by_code_096',
				  'people_by_code_abroad')
ORDER BY relname;

INSERT INTO people_by_code SELECT id FROM people;
ANALYZE people_by_code;

SELECT tableoid::regclass AS partition, count(*)
FROM people_by_code
WHERE tableoid::regclass::text IN ('people_by_code_002', 'people_by_code_040',
								   'people_by_code_096', 'people_by_code_abroad')
GROUP BY tableoid ORDER BY 1;

EXPLAIN (COSTS OFF)
SELECT count(*) FROM people_by_code WHERE in_province(id, '040');
EXPLAIN (COSTS OFF)
SELECT count(*) FROM people_by_code WHERE in_province(id, 'Tuyên Quang');
EXPLAIN (COSTS OFF)
SELECT count(*) FROM people_by_code WHERE in_province(id, '037');
EXPLAIN (COSTS OFF)
SELECT count(*) FROM people_by_code WHERE in_province(id, 'Afghanistan');
EXPLAIN (COSTS OFF)
SELECT count(*) FROM people_by_code WHERE born_in(id, '008', 'male', 2005);

SELECT count(*) FROM people_by_code WHERE in_province(id, '040');
SELECT count(*) FROM people_by_code WHERE in_province(id, 'Tuyên Quang');
SELECT count(*) FROM people_by_code WHERE in_province(id, '037');
SELECT count(*) FROM people_by_code WHERE in_province(id, 'Afghanistan');
SELECT count(*) FROM people_by_code WHERE born_in(id, '008', 'male', 2005);

--------------------------------------------------------------------------
-- A parameter instead of a constant: no rewrite in a generic plan, and
-- the same results
--------------------------------------------------------------------------

PREPARE people_in(text) AS
SELECT count(*) FROM people WHERE in_province(id, $1);

SET plan_cache_mode = force_custom_plan;
EXECUTE people_in('040');
EXECUTE people_in('Tuyên Quang');
EXECUTE people_in('037');

SET plan_cache_mode = force_generic_plan;
EXECUTE people_in('040');
EXECUTE people_in('Tuyên Quang');
EXECUTE people_in('037');
EXECUTE people_in('nghe an');
RESET plan_cache_mode;

DEALLOCATE people_in;

--------------------------------------------------------------------------
-- An unknown province: planning leaves the call alone, execution raises
-- 22023 (invalid_parameter_value)
--------------------------------------------------------------------------

EXPLAIN (COSTS OFF) SELECT id FROM people WHERE in_province(id, 'Atlantis');
SELECT count(*) FROM people WHERE in_province(id, 'Atlantis');
SELECT count(*) FROM people WHERE born_in(id, '040', 'unknown', 1990);
SELECT count(*) FROM people WHERE born_in_century(id, '040', 'female', 1899);
\set VERBOSITY sqlstate
SELECT count(*) FROM people WHERE in_province(id, 'Atlantis');
SELECT count(*) FROM people WHERE in_province(id, '041');
SELECT count(*) FROM people WHERE born_in(id, '040', 'unknown', 1990);
\set VERBOSITY default

--------------------------------------------------------------------------
-- province_code(id) = '...' cannot use the btree on id, but an index on
-- the expression serves it
--------------------------------------------------------------------------

EXPLAIN (COSTS OFF) SELECT id FROM people WHERE province_code(id) = '040';

CREATE INDEX people_province_code ON people (province_code(id));
ANALYZE people;

EXPLAIN (COSTS OFF) SELECT id FROM people WHERE province_code(id) = '040';
SELECT count(*) FROM people WHERE province_code(id) = '040';

DROP TABLE people, people_by_code, rows_by_index, rows_by_seqscan,
	rows_by_decoder;
DROP EXTENSION civid;
