-- Comparison operators, hashing, hash partitioning, join and grouping
-- strategies, min and max, and btree and hash indexes on citizen_id.
-- citizen_id shares int8's bits and hash functions, so int8 is the oracle.

\set ON_ERROR_STOP 1

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE EXTENSION civid;

SELECT plan(47);

-- EXPLAIN (COSTS OFF) output of a query as one text
CREATE FUNCTION pg_temp.plan_of(query text)
RETURNS text
LANGUAGE plpgsql
AS $$
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

-- 5,000 random valid IDs, the same on every run, numbered from 1
SELECT setseed(0.0701);

CREATE TEMP TABLE sample_id AS
WITH code_list AS (
    SELECT array_agg(DISTINCT code ORDER BY code) AS codes
    FROM citizen_id_codes
), draw AS (
    SELECT n,
           random() AS code_draw,
           random() AS century_draw,
           random() AS year_draw,
           random() AS serial_draw
    FROM generate_series(1, 5000) AS n
)
SELECT n AS position,
       (codes[1 + floor(code_draw * cardinality(codes))::integer]
        || floor(century_draw * 10)::integer
        || lpad(floor(year_draw * 100)::integer::text, 2, '0')
        || lpad(floor(serial_draw * 1000000)::integer::text, 6, '0')
       )::citizen_id AS id
FROM draw, code_list;

-- Pairs of sample IDs: scattered pairs, equal pairs, and pairs whose
-- values differ by one
CREATE TEMP TABLE id_pair AS
SELECT a.id AS a, b.id AS b
FROM sample_id AS a
JOIN sample_id AS b ON b.position = 1 + (a.position * 7919) % 5000
UNION ALL
SELECT id, id FROM sample_id
UNION ALL
SELECT id, citizen_id(id::bigint + 1) FROM sample_id
WHERE serial_number(id) < 999999;

-------------------------------------------------------------------------
-- Comparison operators agree with bigint comparison
-------------------------------------------------------------------------

SELECT cmp_ok((SELECT count(*)::integer FROM id_pair), '>', 14000,
              'pair table is filled');

SELECT is_empty(
    'SELECT a, b FROM id_pair WHERE (a = b) <> (a::bigint = b::bigint)',
    'operator = agrees with bigint'
);

SELECT is_empty(
    'SELECT a, b FROM id_pair WHERE (a <> b) <> (a::bigint <> b::bigint)',
    'operator <> agrees with bigint'
);

SELECT is_empty(
    'SELECT a, b FROM id_pair WHERE (a < b) <> (a::bigint < b::bigint)',
    'operator < agrees with bigint'
);

SELECT is_empty(
    'SELECT a, b FROM id_pair WHERE (a <= b) <> (a::bigint <= b::bigint)',
    'operator <= agrees with bigint'
);

SELECT is_empty(
    'SELECT a, b FROM id_pair WHERE (a > b) <> (a::bigint > b::bigint)',
    'operator > agrees with bigint'
);

SELECT is_empty(
    'SELECT a, b FROM id_pair WHERE (a >= b) <> (a::bigint >= b::bigint)',
    'operator >= agrees with bigint'
);

SELECT is_empty(
    $$SELECT a, b FROM id_pair
      WHERE sign(citizen_id_cmp(a, b)) <> sign(btint8cmp(a::bigint, b::bigint))$$,
    'citizen_id_cmp agrees with bigint'
);

SELECT is_empty(
    $$SELECT a, b FROM id_pair
      WHERE citizen_id_smaller(a, b)::bigint <> least(a::bigint, b::bigint)
         OR citizen_id_larger(a, b)::bigint <> greatest(a::bigint, b::bigint)$$,
    'smaller and larger agree with bigint'
);

-------------------------------------------------------------------------
-- Hash functions: int8's, so the values must never change
-------------------------------------------------------------------------

-- One ID built by text input, to_citizen_id, the bigint cast and
-- make_citizen_id
SELECT is(
    (SELECT count(DISTINCT citizen_id_hash(v))::integer
     FROM (VALUES ('001099000123'::citizen_id),
                  (to_citizen_id(' 001-099-000-123 ')),
                  (1099000123::bigint::citizen_id),
                  (make_citizen_id('001', 'nam', 1999, 123))) AS t (v)),
    1,
    'equal values have one hash'
);

SELECT is(
    (SELECT count(DISTINCT citizen_id_hash_extended(v, 42))::integer
     FROM (VALUES ('001099000123'::citizen_id),
                  (to_citizen_id(' 001-099-000-123 ')),
                  (1099000123::bigint::citizen_id),
                  (make_citizen_id('001', 'male', 1999, 123))) AS t (v)),
    1,
    'equal values have one extended hash'
);

SELECT is_empty(
    $$SELECT id FROM sample_id
      WHERE citizen_id_hash_extended(id, 0) & 4294967295
            <> citizen_id_hash(id)::bigint & 4294967295$$,
    'extended hash seed 0 low bits'
);

SELECT is_empty(
    'SELECT id FROM sample_id WHERE citizen_id_hash(id) <> hashint8(id::bigint)',
    'hash equals hashint8'
);

SELECT is_empty(
    $$SELECT id FROM sample_id
      WHERE citizen_id_hash_extended(id, 0) <> hashint8extended(id::bigint, 0)
         OR citizen_id_hash_extended(id, 1) <> hashint8extended(id::bigint, 1)$$,
    'extended hash equals hashint8extended'
);

-- Golden values: hashint8 and hashint8extended of the same bigint values
-- on PostgreSQL 15, pinned so a change of hash function is caught.
SELECT results_eq(
    $$SELECT citizen_id_hash(v::citizen_id)
      FROM unnest(ARRAY['001099000123', '020093001656', '080205000257',
                        '101205000257', '295999999999'])
           WITH ORDINALITY AS t (v, position)
      ORDER BY position$$,
    $$VALUES (-1838100138), (-1819863951), (1440792337), (506327334),
             (-1137280672)$$,
    'golden citizen_id_hash values'
);

SELECT results_eq(
    $$SELECT citizen_id_hash_extended(v::citizen_id, 0)
      FROM unnest(ARRAY['001099000123', '020093001656', '080205000257',
                        '101205000257', '295999999999'])
           WITH ORDINALITY AS t (v, position)
      ORDER BY position$$,
    $$VALUES (8513568469616218454::bigint), (-188369240128547727::bigint),
             (-1818693162632167663::bigint), (5983925956881805606::bigint),
             (6008829781938174304::bigint)$$,
    'golden extended hash seed 0'
);

SELECT results_eq(
    $$SELECT citizen_id_hash_extended(v::citizen_id, 1)
      FROM unnest(ARRAY['001099000123', '020093001656', '080205000257',
                        '101205000257', '295999999999'])
           WITH ORDINALITY AS t (v, position)
      ORDER BY position$$,
    $$VALUES (-806577495637855259::bigint), (-1403450210363973432::bigint),
             (-5434058638216464548::bigint), (-2352615381229659078::bigint),
             (1342498078802538816::bigint)$$,
    'golden extended hash seed 1'
);

-------------------------------------------------------------------------
-- Hash partitioning routes like int8
-------------------------------------------------------------------------

CREATE TABLE partitioned_id (id citizen_id) PARTITION BY HASH (id);
CREATE TABLE partitioned_id_0 PARTITION OF partitioned_id
    FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE partitioned_id_1 PARTITION OF partitioned_id
    FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE partitioned_id_2 PARTITION OF partitioned_id
    FOR VALUES WITH (MODULUS 3, REMAINDER 2);

CREATE TABLE partitioned_bigint (id bigint) PARTITION BY HASH (id);
CREATE TABLE partitioned_bigint_0 PARTITION OF partitioned_bigint
    FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE partitioned_bigint_1 PARTITION OF partitioned_bigint
    FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE partitioned_bigint_2 PARTITION OF partitioned_bigint
    FOR VALUES WITH (MODULUS 3, REMAINDER 2);

INSERT INTO partitioned_id SELECT id FROM sample_id;
INSERT INTO partitioned_bigint SELECT id::bigint FROM sample_id;

SELECT is((SELECT count(*)::integer FROM partitioned_id), 5000,
          'partitioned table has every row');

SELECT is_empty(
    $$SELECT p FROM unnest(ARRAY['partitioned_id_0', 'partitioned_id_1',
                                 'partitioned_id_2']) AS p
      WHERE NOT EXISTS (SELECT FROM partitioned_id
                        WHERE tableoid = p::regclass)$$,
    'every partition gets rows'
);

SELECT set_eq(
    'SELECT right(tableoid::regclass::text, 1), id::bigint FROM partitioned_id',
    'SELECT right(tableoid::regclass::text, 1), id FROM partitioned_bigint',
    'partition routing equals bigint'
);

SELECT is_empty(
    $$SELECT s.id FROM sample_id AS s
      WHERE NOT EXISTS (SELECT FROM partitioned_id AS p WHERE p.id = s.id)$$,
    'every row found by equality'
);

SELECT is(
    (SELECT count(*)::integer FROM partitioned_id
     WHERE id = (SELECT id FROM sample_id WHERE position = 1)),
    (SELECT count(*)::integer FROM sample_id
     WHERE id::bigint = (SELECT id::bigint FROM sample_id WHERE position = 1)),
    'lookup of one ID finds it'
);

SELECT is(
    (SELECT count(*)::integer
     FROM regexp_matches(
              pg_temp.plan_of($$SELECT * FROM partitioned_id
                                WHERE id = '001099000123'$$),
              'partitioned_id_\d', 'g')),
    1,
    'equality prunes to one partition'
);

-------------------------------------------------------------------------
-- Hash join and merge join return the same rows
-------------------------------------------------------------------------

CREATE TEMP TABLE left_side AS
SELECT id FROM sample_id WHERE position <= 3000;

CREATE TEMP TABLE right_side AS
SELECT id FROM sample_id WHERE position > 2000
UNION ALL
SELECT id FROM sample_id WHERE position BETWEEN 2500 AND 2600;

ANALYZE left_side;
ANALYZE right_side;

SET LOCAL enable_nestloop = off;
SET LOCAL enable_mergejoin = off;
SET LOCAL enable_hashjoin = on;

SELECT matches(
    pg_temp.plan_of('SELECT * FROM left_side JOIN right_side USING (id)'),
    'Hash Join',
    'planner picks hash join'
);

CREATE TEMP TABLE hash_join_result AS
SELECT l.id AS left_id, r.id AS right_id
FROM left_side AS l JOIN right_side AS r ON l.id = r.id;

SET LOCAL enable_hashjoin = off;
SET LOCAL enable_mergejoin = on;

SELECT matches(
    pg_temp.plan_of('SELECT * FROM left_side JOIN right_side USING (id)'),
    'Merge Join',
    'planner picks merge join'
);

CREATE TEMP TABLE merge_join_result AS
SELECT l.id AS left_id, r.id AS right_id
FROM left_side AS l JOIN right_side AS r ON l.id = r.id;

RESET enable_nestloop;
RESET enable_mergejoin;
RESET enable_hashjoin;

SELECT bag_eq(
    'TABLE hash_join_result',
    'TABLE merge_join_result',
    'hash join equals merge join'
);

SELECT bag_eq(
    'SELECT left_id::bigint, right_id::bigint FROM hash_join_result',
    $$SELECT l.id::bigint AS left_id, r.id::bigint AS right_id
      FROM left_side AS l JOIN right_side AS r ON l.id::bigint = r.id::bigint$$,
    'hash join equals bigint join'
);

SELECT is((SELECT count(*)::integer FROM hash_join_result), 1101,
          'join has 1000 plus 101 rows');

-------------------------------------------------------------------------
-- DISTINCT by hashing and by sorting
-------------------------------------------------------------------------

CREATE TEMP TABLE repeated_id AS
SELECT id FROM sample_id, generate_series(1, 3);

ANALYZE repeated_id;

SET LOCAL enable_hashagg = on;
SET LOCAL enable_sort = off;

SELECT matches(
    pg_temp.plan_of('SELECT DISTINCT id FROM repeated_id'),
    'HashAggregate',
    'planner picks hash DISTINCT'
);

CREATE TEMP TABLE hash_distinct AS SELECT DISTINCT id FROM repeated_id;

SET LOCAL enable_hashagg = off;
SET LOCAL enable_sort = on;

SELECT matches(
    pg_temp.plan_of('SELECT DISTINCT id FROM repeated_id'),
    'Unique',
    'planner picks sorted DISTINCT'
);

CREATE TEMP TABLE sort_distinct AS SELECT DISTINCT id FROM repeated_id;

RESET enable_hashagg;
RESET enable_sort;

SELECT bag_eq(
    'TABLE hash_distinct',
    'TABLE sort_distinct',
    'hash DISTINCT equals sorted DISTINCT'
);

SELECT is((SELECT count(*)::integer FROM hash_distinct),
          (SELECT count(DISTINCT id::bigint)::integer FROM sample_id),
          'DISTINCT count equals bigint count');

-------------------------------------------------------------------------
-- min and max
-------------------------------------------------------------------------

SELECT is((SELECT min(id)::bigint FROM sample_id),
          (SELECT min(id::bigint) FROM sample_id),
          'min equals bigint min');

SELECT is((SELECT max(id)::bigint FROM sample_id),
          (SELECT max(id::bigint) FROM sample_id),
          'max equals bigint max');

SELECT results_eq(
    $$SELECT min(id)::text AS min_id, max(id)::text AS max_id
      FROM (VALUES ('080205000257'::citizen_id), (NULL),
                   ('001099000123'), ('295999999999')) AS t (id)$$,
    $$VALUES ('001099000123', '295999999999')$$,
    'min and max skip NULLs'
);

SELECT results_eq(
    'SELECT min(id) AS min_id, max(id) AS max_id FROM sample_id WHERE false',
    'SELECT NULL::citizen_id AS min_id, NULL::citizen_id AS max_id',
    'min and max of no rows'
);

-- A parallel plan combines partial results with citizen_id_smaller and
-- citizen_id_larger.  Parallel workers cannot read temporary tables.
CREATE TABLE parallel_id AS SELECT id FROM sample_id;
ANALYZE parallel_id;

SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;

SELECT matches(
    pg_temp.plan_of('SELECT min(id), max(id) FROM parallel_id'),
    'Partial Aggregate',
    'planner picks partial aggregation'
);

SELECT results_eq(
    'SELECT min(id)::bigint AS min_id, max(id)::bigint AS max_id FROM parallel_id',
    'SELECT min(id::bigint) AS min_id, max(id::bigint) AS max_id FROM sample_id',
    'parallel min and max'
);

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-------------------------------------------------------------------------
-- Indexes
-------------------------------------------------------------------------

-- Each ID three times, so btree deduplication has posting lists to build
CREATE TABLE indexed_id AS
SELECT id FROM sample_id, generate_series(1, 3);
CREATE INDEX indexed_id_btree ON indexed_id (id);
ANALYZE indexed_id;

SET LOCAL enable_seqscan = off;

SELECT matches(
    pg_temp.plan_of($$SELECT id FROM indexed_id WHERE id = '001099000123'$$),
    'indexed_id_btree',
    'btree index used for equality'
);

SELECT is(
    (SELECT count(*)::integer FROM indexed_id
     WHERE id = (SELECT id FROM sample_id WHERE position = 17)),
    3,
    'btree lookup finds all copies'
);

SELECT results_eq(
    $$SELECT id FROM indexed_id
      WHERE id >= '020000000000' AND id < '022000000000' ORDER BY id$$,
    $$SELECT id FROM sample_id, generate_series(1, 3)
      WHERE id::bigint >= 20000000000 AND id::bigint < 22000000000
      ORDER BY id::bigint$$,
    'btree range scan equals bigint'
);

SELECT matches(
    pg_temp.plan_of('SELECT min(id) FROM indexed_id'),
    'Index Only Scan using indexed_id_btree',
    'min reads the btree index'
);

SELECT is((SELECT min(id)::bigint FROM indexed_id),
          (SELECT min(id::bigint) FROM sample_id),
          'min from index equals bigint min');

SELECT is(
    (SELECT allequalimage FROM bt_metap('indexed_id_btree')),
    true,
    'btree allows deduplication'
);

SELECT cmp_ok(
    (SELECT max(cardinality(tids)) FROM bt_page_items('indexed_id_btree', 1)),
    '>=', 3,
    'btree leaf holds posting lists'
);

CREATE INDEX indexed_id_hash ON indexed_id USING hash (id);

DROP INDEX indexed_id_btree;

SELECT matches(
    pg_temp.plan_of($$SELECT id FROM indexed_id WHERE id = '001099000123'$$),
    'indexed_id_hash',
    'hash index used for equality'
);

SELECT is(
    (SELECT count(*)::integer FROM indexed_id
     WHERE id = (SELECT id FROM sample_id WHERE position = 4242)),
    3,
    'hash index lookup finds all copies'
);

RESET enable_seqscan;

SELECT * FROM finish();
ROLLBACK;
