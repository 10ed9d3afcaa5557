-- Summarize raw.csv into the tables of results.md, results.csv, growth.csv
-- and the plot data growth.dat.  Run by bench/measure.sh with
--     -v out=DIR -v rows=N -v lookups=L -v issues=I -v province_runs=R
--     -v pgbench_seconds=S
-- where DIR contains raw.csv, settings.csv and machine.txt.

\set QUIET on
\set ON_ERROR_STOP on
SET client_min_messages = warning;
-- \copy and \o take no psql variables in their file names, so the files
-- are named relative to the output folder.
\cd :out

CREATE TEMP TABLE raw (
    rows bigint,
    metric text,
    alternative text,
    repetition integer,
    value float8
);
\copy raw FROM 'raw.csv' WITH (FORMAT csv, HEADER)

CREATE TEMP TABLE setting (
    name text,
    setting text,
    unit text,
    source text
);
\copy setting FROM 'settings.csv' WITH (FORMAT csv)

CREATE TEMP TABLE machine (
    position integer GENERATED ALWAYS AS IDENTITY,
    line text
);
\copy machine (line) FROM 'machine.txt'

-- Every metric in report order.  growth marks the ones measured at every
-- size.
CREATE TEMP TABLE metric (position, metric, label, unit, growth) AS
VALUES
    (1, 'copy_in', 'COPY in from a file', 's', true),
    (2, 'copy_out', 'COPY out to /dev/null', 's', true),
    (3, 'table_size', 'table size', 'MiB', true),
    (4, 'index_build', 'btree index build (unique)', 's', true),
    (5, 'index_size', 'index size', 'MiB', true),
    (6, 'lookups', format('point lookups (%s in a nested loop)', :'lookups'),
        'µs each', false),
    (7, 'hash_join', 'hash join with a table of a tenth of the rows', 's', false),
    (8, 'merge_join', 'merge join with a table of a tenth of the rows', 's', false),
    (9, 'order_by', 'ORDER BY id, all rows sorted', 's', true),
    (10, 'group_year', 'GROUP BY birth year', 's', true),
    (11, 'group_province', 'GROUP BY province code', 's', true),
    (12, 'province_query', 'count of code 040 through the btree index', 'ms each', false),
    (13, 'issue', format('issue_citizen_id, %s calls in one statement', :'issues'),
        'IDs/s', false),
    (14, 'trigger_insert_1', 'INSERT filled by assign_citizen_id, 1 client', 'rows/s', false),
    (15, 'plain_insert_1', 'INSERT of a given ID, 1 client', 'rows/s', false),
    (16, 'trigger_insert_2', 'INSERT filled by assign_citizen_id, 2 clients', 'rows/s', false),
    (17, 'plain_insert_2', 'INSERT of a given ID, 2 clients', 'rows/s', false),
    (18, 'trigger_insert_4', 'INSERT filled by assign_citizen_id, 4 clients', 'rows/s', false),
    (19, 'plain_insert_4', 'INSERT of a given ID, 4 clients', 'rows/s', false),
    (20, 'register', 'register_citizen_ids, a tenth of the rows', 'rows/s', false);

CREATE TEMP TABLE alternative (position, alternative, label) AS
VALUES
    (1, 'bigint', 'bigint'),
    (2, 'citizen_id', 'citizen_id'),
    (3, 'text_check', 'text + regex CHECK'),
    (4, 'varchar_domain', 'varchar(12) domain + PL/pgSQL'),
    (5, 'char12', 'char(12)');

-- Round to three significant digits, and to whole numbers with thousands
-- separators from 1000 on.
CREATE FUNCTION pg_temp.format_number(x float8)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE
        WHEN x IS NULL THEN ''
        WHEN x = 0 THEN '0'
        WHEN abs(x) >= 1000 THEN to_char(round(x), 'FM999,999,999,999')
        ELSE round(x::numeric, greatest(0, 2 - floor(log(abs(x)))::integer))::text
    END
$$;

CREATE FUNCTION pg_temp.format_ratio(x float8)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN x IS NULL THEN '' ELSE round(x::numeric, 2)::text END
$$;

CREATE TEMP TABLE summary AS
SELECT r.rows,
       r.metric,
       r.alternative,
       count(*) AS repetitions,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY r.value) AS median,
       min(r.value) AS min,
       max(r.value) AS max
FROM raw AS r
GROUP BY r.rows, r.metric, r.alternative;

CREATE TEMP TABLE result AS
SELECT s.*,
       m.position AS metric_position,
       m.label AS metric_label,
       m.unit,
       a.position AS alternative_position,
       a.label AS alternative_label,
       s.median / nullif(b.median, 0) AS ratio_bigint,
       s.median / nullif(t.median, 0) AS ratio_text_check
FROM summary AS s
JOIN metric AS m USING (metric)
JOIN alternative AS a USING (alternative)
LEFT JOIN summary AS b
    ON b.rows = s.rows AND b.metric = s.metric AND b.alternative = 'bigint'
LEFT JOIN summary AS t
    ON t.rows = s.rows AND t.metric = s.metric AND t.alternative = 'text_check'
WHERE s.rows = :rows;

COPY (
    SELECT rows, metric, metric_label AS measurement, unit, alternative,
           repetitions, median, min, max, ratio_bigint, ratio_text_check
    FROM result
    ORDER BY metric_position, alternative_position
) TO STDOUT WITH (FORMAT csv, HEADER) \g results.csv

CREATE TEMP TABLE growth AS
SELECT s.metric, s.alternative, s.rows, s.repetitions, s.median, s.min, s.max,
       m.position AS metric_position, m.label AS metric_label, m.unit,
       a.position AS alternative_position, a.label AS alternative_label
FROM summary AS s
JOIN metric AS m USING (metric)
JOIN alternative AS a USING (alternative)
WHERE m.growth;

COPY (
    SELECT metric, metric_label AS measurement, unit, alternative, rows,
           repetitions, median, min, max
    FROM growth
    ORDER BY metric_position, alternative_position, rows
) TO STDOUT WITH (FORMAT csv, HEADER) \g growth.csv

\pset format unaligned
\pset tuples_only on
\o results.md
SELECT format('# civid benchmark: %s rows, %s repetitions', to_char(:rows, 'FM999,999,999,999'),
              max(repetition))
FROM raw;
\qecho
\qecho '```'
SELECT line FROM machine ORDER BY position;
\qecho '```'
\qecho
\qecho 'Server settings in force (name, value, unit, source):'
\qecho
\qecho '| setting | value | unit | source |'
\qecho '|---|---|---|---|'
SELECT format('| %s | %s | %s | %s |', name, setting, unit, source)
FROM setting ORDER BY name;
\qecho
SELECT format('Each figure is the median of the repetitions, with the smallest and '
              'largest in min–max. "vs bigint" and "vs text CHECK" divide the median '
              'by the median of bigint and of text with a regex CHECK. Times and '
              'sizes are better when lower, rates (/s) when higher. pgbench runs '
              'lasted %s s each.', :'pgbench_seconds');
\qecho
\qecho '| measurement | unit | type | median | min–max | vs bigint | vs text CHECK |'
\qecho '|---|---|---|--:|--:|--:|--:|'
SELECT format('| %s | %s | %s | %s | %s–%s | %s | %s |',
              metric_label, unit, alternative_label,
              pg_temp.format_number(median), pg_temp.format_number(min),
              pg_temp.format_number(max), pg_temp.format_ratio(ratio_bigint),
              pg_temp.format_ratio(ratio_text_check))
FROM result
ORDER BY metric_position, alternative_position;
\qecho
\qecho 'INSERT rate with the assign_citizen_id trigger divided by the rate of'
\qecho 'plain INSERTs of a given ID (medians):'
\qecho
\qecho '| clients | trigger / plain |'
\qecho '|--:|--:|'
SELECT format('| %s | %s |', clients,
              pg_temp.format_ratio(t.median / nullif(p.median, 0)))
FROM (VALUES (1), (2), (4)) AS c (clients)
JOIN result AS t ON t.metric = 'trigger_insert_' || c.clients
JOIN result AS p ON p.metric = 'plain_insert_' || c.clients
ORDER BY clients;
\qecho
\qecho 'Growth with the number of rows (medians; the last column divides the'
\qecho 'figure at the largest size by the figure at a tenth of it):'
\qecho
SELECT '| measurement | unit | type | '
       || string_agg(to_char(rows, 'FM999,999,999,999') || ' rows', ' | ' ORDER BY rows)
       || ' | ×10 rows |'
FROM (SELECT DISTINCT rows FROM growth) AS s;
SELECT '|---|---|---|' || repeat('--:|', count(*)::integer) || '--:|'
FROM (SELECT DISTINCT rows FROM growth) AS s;
SELECT format('| %s | %s | %s | %s | %s |', metric_label, unit, alternative_label,
              string_agg(pg_temp.format_number(median), ' | ' ORDER BY rows),
              pg_temp.format_ratio(
                  (array_agg(median ORDER BY rows DESC))[1]
                  / nullif((array_agg(median ORDER BY rows DESC))[2], 0)))
FROM growth
GROUP BY metric_position, metric_label, unit, alternative_position, alternative_label
ORDER BY metric_position, alternative_position;
\o

-- Plot data for growth.gp: one block per growth metric, separated by two
-- blank lines, each line the row count and the median of every alternative
-- in the order of the alternative table.
\o growth.dat
SELECT string_agg(block, E'\n\n\n' ORDER BY metric_position)
FROM (
    SELECT metric_position,
           format('# %s (%s): rows bigint citizen_id text_check varchar_domain char12',
                  metric, unit) || E'\n'
           || string_agg(line, E'\n' ORDER BY rows) AS block
    FROM (
        SELECT metric_position, metric, unit, rows,
               rows || ' ' || string_agg(median::text, ' ' ORDER BY alternative_position) AS line
        FROM growth
        GROUP BY metric_position, metric, unit, rows
    ) AS l
    GROUP BY metric_position, metric, unit
) AS b;
\o
