--
-- Operators, operator classes, hashing, joins and partitioning.
--
CREATE EXTENSION civid;

-- Every operator class of the type passes amvalidate
SELECT opc.opcname, am.amname
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcintype = 'citizen_id'::regtype AND NOT amvalidate(opc.oid);

SELECT opc.opcname, am.amname, opc.opcdefault
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcintype = 'citizen_id'::regtype ORDER BY am.amname;

-- Operators carry commutators, negators and estimators
SELECT oprname, oprcom::regoper, oprnegate::regoper, oprrest, oprjoin,
	   oprcanhash, oprcanmerge
FROM pg_operator
WHERE oprleft = 'citizen_id'::regtype
ORDER BY oprname;

-- Hash values are int8's and are pinned: hash indexes and partitions
-- store them
SELECT id, citizen_id_hash(id), citizen_id_hash_extended(id, 42)
FROM (VALUES ('001099000123'::citizen_id), ('020093001656'),
			 ('037153000257'), ('101205000257'), ('295999999999')) AS t(id);

-- A population to work on
CREATE TABLE people AS
SELECT make_citizen_id(code, CASE WHEN i % 2 = 0 THEN 'male' ELSE 'female' END,
					   (1950 + i % 70)::integer, ((i * 7919) % 1000000)::integer) AS id
FROM (SELECT code, row_number() OVER () AS i
	  FROM citizen_id_codes, generate_series(1, 20)
	  WHERE kind = 'province') AS s(code, i);
SELECT count(*), count(DISTINCT id) FROM people;

-- ORDER BY id equals ORDER BY id::text
SELECT bool_and(a = b) AS same_order
FROM (SELECT id::text AS a, row_number() OVER (ORDER BY id) AS r FROM people) x
JOIN (SELECT id::text AS b, row_number() OVER (ORDER BY id::text) AS r FROM people) y
USING (r);

-- Btree index with deduplication; point lookups use it
CREATE INDEX people_id_idx ON people (id);
ANALYZE people;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM people WHERE id = '001099000123';
EXPLAIN (COSTS OFF) SELECT max(id) FROM people;
RESET enable_seqscan;
SELECT min(id), max(id) FROM people;

-- Hash index
CREATE INDEX people_id_hash_idx ON people USING hash (id);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SET enable_indexscan = on;
DROP INDEX people_id_idx;
EXPLAIN (COSTS OFF) SELECT * FROM people WHERE id = '020093001656';
RESET enable_seqscan;
RESET enable_bitmapscan;

-- A hash join and a merge join give the same rows
CREATE TABLE sample AS SELECT id FROM people WHERE birth_year(id) < 1970;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM people p JOIN sample s USING (id);
CREATE TABLE hash_join_rows AS SELECT p.id FROM people p JOIN sample s USING (id);
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM people p JOIN sample s USING (id);
CREATE TABLE merge_join_rows AS SELECT p.id FROM people p JOIN sample s USING (id);
RESET enable_hashjoin;
RESET enable_nestloop;
SELECT (SELECT count(*) FROM hash_join_rows) AS hash_join,
	   (SELECT count(*) FROM merge_join_rows) AS merge_join,
	   (SELECT count(*) FROM sample) AS expected;
SELECT count(*) AS differing_rows
FROM ((SELECT id FROM hash_join_rows EXCEPT ALL SELECT id FROM merge_join_rows)
	  UNION ALL
	  (SELECT id FROM merge_join_rows EXCEPT ALL SELECT id FROM hash_join_rows)) d;

-- Hashed and sorted DISTINCT agree
CREATE TABLE doubled AS SELECT id FROM people UNION ALL SELECT id FROM sample;
SET enable_sort = off;
CREATE TABLE hashed_distinct AS SELECT DISTINCT id FROM doubled;
RESET enable_sort;
SET enable_hashagg = off;
CREATE TABLE sorted_distinct AS SELECT DISTINCT id FROM doubled;
RESET enable_hashagg;
SELECT (SELECT count(*) FROM hashed_distinct) AS hashed,
	   (SELECT count(*) FROM sorted_distinct) AS sorted,
	   (SELECT count(*) FROM (SELECT id FROM hashed_distinct
							  EXCEPT SELECT id FROM sorted_distinct) d) AS differing;

-- PARTITION BY HASH routes every row to one partition
CREATE TABLE people_by_hash (id citizen_id PRIMARY KEY) PARTITION BY HASH (id);
CREATE TABLE people_by_hash_0 PARTITION OF people_by_hash
	FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE people_by_hash_1 PARTITION OF people_by_hash
	FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE people_by_hash_2 PARTITION OF people_by_hash
	FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO people_by_hash SELECT id FROM people;
SELECT tableoid::regclass AS partition, count(*)
FROM people_by_hash GROUP BY 1 ORDER BY 1;
SELECT count(*) AS found
FROM people p WHERE EXISTS (SELECT 1 FROM people_by_hash h WHERE h.id = p.id);
EXPLAIN (COSTS OFF) SELECT * FROM people_by_hash WHERE id = '020093001656';

-- PARTITION BY RANGE on the ID splits by province code
CREATE TABLE people_by_range (id citizen_id) PARTITION BY RANGE (id);
CREATE TABLE people_north PARTITION OF people_by_range
	FOR VALUES FROM ('001000000000') TO ('040000000000');
CREATE TABLE people_rest PARTITION OF people_by_range
	FOR VALUES FROM ('040000000000') TO (MAXVALUE);
INSERT INTO people_by_range SELECT id FROM people;
SELECT tableoid::regclass AS partition, min(province_code(id)), max(province_code(id))
FROM people_by_range GROUP BY 1 ORDER BY 1;

DROP TABLE people, sample, hash_join_rows, merge_join_rows, doubled,
	hashed_distinct, sorted_distinct, people_by_hash, people_by_range;
DROP EXTENSION civid;
