-- civid demo: decode the published example IDs, generate a population from
-- the 2019 census, clean a file of messy inputs and report on the result.
--
-- Run from this folder, in a database where civid is installed but not yet
-- created:
--     psql -X -v ON_ERROR_STOP=1 -f demo.sql
-- Add -v population_size=N to generate N citizens instead of 100000.
-- Every table the demo makes is temporary, so the database keeps only the
-- extension afterwards.

\set QUIET on
\pset null '(null)'
SET client_min_messages = warning;

\if :{?population_size}
\else
\set population_size 100000
\endif

CREATE EXTENSION civid;

-- Parse one input with to_citizen_id and return the error instead of
-- raising it, so that a rejected input is reported and the next one runs.
-- Only invalid_text_representation (22P02) is caught, so any other error
-- still stops the demo.
CREATE FUNCTION pg_temp.try_to_citizen_id(
    input text,
    OUT id citizen_id,
    OUT error_message text,
    OUT error_detail text)
LANGUAGE plpgsql
AS $$
BEGIN
    id := to_citizen_id(input);
EXCEPTION
    WHEN invalid_text_representation THEN
        GET STACKED DIAGNOSTICS
            error_message = MESSAGE_TEXT,
            error_detail = PG_EXCEPTION_DETAIL;
END
$$;


\echo
\echo '=== 1. Example numbers from public sources ==='
\echo
\echo 'valid is is_valid_citizen_id(input).  A rejected input shows the DETAIL'
\echo 'of the error (22P02, invalid input syntax) that to_citizen_id raised.'

CREATE TEMP TABLE example (
    id_text text PRIMARY KEY,
    published_decoding text NOT NULL
);

INSERT INTO example VALUES
    ('020093001656', 'Lạng Sơn, male, born 1993'),
    ('037153000257', 'Ninh Bình, female, born 1953'),
    ('080205000257', 'Long An (Tây Ninh since 2025), male, born 2005'),
    ('101205000257', 'registered in Afghanistan, male, born 2005'),
    ('035199000123', 'Hà Nam (Ninh Bình since 2025), female, born 1999'),
    ('043188012345', 'invalid: 043 is not assigned');

SELECT e.id_text AS input,
       is_valid_citizen_id(e.id_text) AS valid,
       CASE
           WHEN t.error_message IS NULL THEN 'accepted'
           ELSE 'rejected: ' || coalesce(t.error_detail, t.error_message)
       END AS result
FROM example AS e
CROSS JOIN LATERAL pg_temp.try_to_citizen_id(e.id_text) AS t
ORDER BY e.id_text;

\echo 'The accepted numbers, decoded by citizen_id_info:'
\x on
SELECT id,
       published_decoding,
       (citizen_id_info(id)).*
FROM (
    SELECT id_text::citizen_id AS id, published_decoding
    FROM example
    WHERE is_valid_citizen_id(id_text)
) AS valid_example
ORDER BY id;
\x off


\echo
\echo '=== 2. A population generated from the 2019 census ==='
\echo

CREATE TEMP TABLE province_population (
    code text PRIMARY KEY,          -- 2-digit administrative code, '01'
    name text NOT NULL,
    population integer NOT NULL,
    year integer NOT NULL,
    source text NOT NULL
);
\copy province_population FROM 'data/population_by_province.csv' WITH (FORMAT csv, HEADER)

CREATE TEMP TABLE age_sex_population (
    age_group text PRIMARY KEY,     -- '0-4' ... '80-84', '85+'
    male integer NOT NULL,
    female integer NOT NULL,
    year integer NOT NULL,
    source text NOT NULL
);
\copy age_sex_population FROM 'data/age_sex_pyramid.csv' WITH (FORMAT csv, HEADER)

-- One cell per sex and 5-year age group on the census date.  A person in a
-- cell gets a birth year drawn uniformly from census year - age_high to
-- census year - age_low.
-- NOTE: the open group 85+ is capped at age 99, an assumption of this demo.
CREATE TEMP TABLE birth_cell AS
SELECT row_number() OVER (ORDER BY s.sex, g.age_low) AS cell,
       s.sex,
       g.age_low,
       g.age_high,
       a.year AS census_year,
       s.population
FROM age_sex_population AS a
CROSS JOIN LATERAL (
    VALUES ('male', a.male), ('female', a.female)
) AS s (sex, population)
CROSS JOIN LATERAL (
    SELECT split_part(rtrim(a.age_group, '+'), '-', 1)::integer AS age_low,
           CASE
               WHEN a.age_group LIKE '%+' THEN 99
               ELSE split_part(a.age_group, '-', 2)::integer
           END AS age_high
) AS g;

-- Weighted choice: element i (codes[i], or birth cell i) is picked when a
-- uniform draw u in [0, 1) satisfies lower_bounds[i] <= u < lower_bounds[i + 1],
-- and width_bucket(u, lower_bounds) returns that i.  Each lower bound is the
-- cumulative share of the elements before it.
CREATE TEMP TABLE province_choice AS
SELECT array_agg('0' || code ORDER BY code) AS codes,
       array_agg((running_total - population)::float8 / grand_total
                 ORDER BY code) AS lower_bounds
FROM (
    SELECT code,
           population,
           sum(population) OVER (ORDER BY code) AS running_total,
           sum(population) OVER () AS grand_total
    FROM province_population
) AS p;

CREATE TEMP TABLE cell_choice AS
SELECT array_agg((running_total - population)::float8 / grand_total
                 ORDER BY cell) AS lower_bounds
FROM (
    SELECT cell,
           population,
           sum(population) OVER (ORDER BY cell) AS running_total,
           sum(population) OVER () AS grand_total
    FROM birth_cell
) AS c;

-- Births registered abroad: a 0.5% share spread evenly over six countries
-- with large Vietnamese communities.  The share and the even spread are
-- illustrative, not statistics.
CREATE TEMP TABLE abroad_choice AS
SELECT 0.005::float8 AS share,
       ARRAY['175', '232', '174', '155', '284', '252'] AS codes;

CREATE TEMP TABLE citizen (
    id citizen_id PRIMARY KEY
);

-- Insert random citizens until the table contains target rows.  An attempt
-- that repeats a stored ID is skipped, and the next round replaces it.
CREATE FUNCTION pg_temp.generate_citizens(
    target integer,
    OUT attempts integer,
    OUT duplicates_skipped integer,
    OUT stored integer)
LANGUAGE plpgsql
AS $$
DECLARE
    missing integer;
    inserted integer;
BEGIN
    attempts := 0;
    SELECT count(*) INTO stored FROM citizen;

    WHILE stored < target LOOP
        missing := target - stored;

        WITH draw AS MATERIALIZED (
            SELECT random() AS u_abroad,
                   random() AS u_place,
                   random() AS u_cell,
                   random() AS u_year,
                   random() AS u_serial
            FROM generate_series(1, missing)
        )
        INSERT INTO citizen (id)
        SELECT make_citizen_id(
                   CASE
                       WHEN d.u_abroad < a.share THEN
                           a.codes[1 + floor(d.u_place * cardinality(a.codes))::integer]
                       ELSE
                           p.codes[width_bucket(d.u_place, p.lower_bounds)]
                   END,
                   c.sex,
                   c.census_year - c.age_high
                       + floor(d.u_year * (c.age_high - c.age_low + 1))::integer,
                   floor(d.u_serial * 1000000)::integer)
        FROM draw AS d
        CROSS JOIN abroad_choice AS a
        CROSS JOIN province_choice AS p
        CROSS JOIN cell_choice AS cc
        JOIN birth_cell AS c
            ON c.cell = width_bucket(d.u_cell, cc.lower_bounds)
        ON CONFLICT DO NOTHING;

        GET DIAGNOSTICS inserted = ROW_COUNT;
        attempts := attempts + missing;
        stored := stored + inserted;
    END LOOP;

    duplicates_skipped := attempts - stored;
END
$$;

-- setseed makes random() repeat the same sequence, so every run stores the
-- same citizens.
DO $$ BEGIN PERFORM setseed(0.2019); END $$;

\echo 'Random IDs that repeat a stored one are skipped (ON CONFLICT DO NOTHING)'
\echo 'and replaced by new attempts:'
SELECT * FROM pg_temp.generate_citizens(:population_size);
ANALYZE citizen;

\echo 'The five generated citizens with the lowest serial numbers:'
SELECT id,
       province_name(id),
       current_province_name(id),
       country_name(id),
       sex(id),
       birth_year(id)
FROM citizen
ORDER BY serial_number(id), id
LIMIT 5;


\echo
\echo '=== 3. Cleaning messy inputs (messy_inputs.txt) ==='
\echo
\echo 'strict_valid is is_valid_citizen_id(input).  lenient_result is'
\echo 'to_citizen_id(input), or the DETAIL of the error it raised.'

-- COPY inserts the rows in file order, so the identity column is the line
-- number.
-- Text format with the unit separator (0x1F) as delimiter puts each whole
-- line, tabs included, into raw.  A backslash in the file would still be
-- read as an escape.
CREATE TEMP TABLE messy_input (
    line_number integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    raw text
);
\copy messy_input (raw) FROM 'messy_inputs.txt' WITH (FORMAT text, DELIMITER E'\x1f')

CREATE TEMP TABLE messy_result AS
SELECT m.line_number,
       m.raw,
       is_valid_citizen_id(m.raw) AS strict_valid,
       t.id,
       t.error_message,
       t.error_detail
FROM messy_input AS m
CROSS JOIN LATERAL pg_temp.try_to_citizen_id(m.raw) AS t;

-- Quotes show surrounding whitespace, and \t is a tab.
SELECT line_number AS line,
       '"' || replace(raw, E'\t', '\t') || '"' AS input,
       strict_valid,
       CASE
           WHEN error_message IS NULL THEN id::text
           ELSE 'rejected: ' || coalesce(error_detail, error_message)
       END AS lenient_result
FROM messy_result
ORDER BY line_number;

-- Accepted and rejected are counted separately, so a row that is neither
-- or both would break the sum.
SELECT count(*) AS input_lines,
       count(*) FILTER (WHERE id IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE error_message IS NOT NULL) AS rejected,
       count(*) = count(*) FILTER (WHERE id IS NOT NULL)
                  + count(*) FILTER (WHERE error_message IS NOT NULL)
           AS lines_equal_accepted_plus_rejected,
       count(*) FILTER (WHERE strict_valid) AS strictly_valid
FROM messy_result;


\echo
\echo '=== 4. The generated population ==='
\echo

-- Census population of each current (post-2025) province, summed over the
-- pre-2025 provinces it covers.
CREATE TEMP TABLE current_province_census AS
SELECT k.code_since_2025_07_01 AS code,
       sum(p.population) AS population
FROM province_population AS p
JOIN citizen_id_codes AS k
    ON k.code = '0' || p.code
   AND k.kind = 'province'
   AND k.valid_from IS NULL
GROUP BY k.code_since_2025_07_01;

\echo 'Births registered in Viet Nam by current province (34 since 2025-07-01),'
\echo 'with the share of the 2019 census population living in the same area:'
WITH by_province AS (
    SELECT current_province_code(id) AS code,
           current_province_name(id) AS name,
           count(*) AS people
    FROM citizen
    WHERE NOT registered_abroad(id)
    GROUP BY 1, 2
)
SELECT b.code,
       b.name AS current_province,
       b.people,
       round(100.0 * b.people / sum(b.people) OVER (), 2) AS "share %",
       round(100.0 * c.population / sum(c.population) OVER (), 2) AS "census %"
FROM by_province AS b
LEFT JOIN current_province_census AS c USING (code)
ORDER BY b.people DESC, b.code;

\echo 'Births registered in Viet Nam by province of registration (top 10 of 63):'
WITH by_province AS (
    SELECT province_code(id) AS code,
           province_name(id) AS name,
           count(*) AS people
    FROM citizen
    WHERE NOT registered_abroad(id)
    GROUP BY 1, 2
)
SELECT b.code,
       b.name AS birth_province,
       b.people,
       round(100.0 * b.people / sum(b.people) OVER (), 2) AS "share %",
       round(100.0 * p.population / sum(p.population) OVER (), 2) AS "census %"
FROM by_province AS b
LEFT JOIN province_population AS p ON '0' || p.code = b.code
ORDER BY b.people DESC, b.code
LIMIT 10;

\echo 'Boys per 100 girls by decade of birth, with the ratio the age and sex'
\echo 'figures give when each age group is spread evenly over its birth years.'
\echo 'Decades with few people differ from the expected ratio most by chance.'
WITH expected AS (
    SELECT y.birth_year / 10 * 10 AS decade,
           sum(c.population::float8 / (c.age_high - c.age_low + 1))
               FILTER (WHERE c.sex = 'male') AS males,
           sum(c.population::float8 / (c.age_high - c.age_low + 1))
               FILTER (WHERE c.sex = 'female') AS females
    FROM birth_cell AS c
    CROSS JOIN LATERAL generate_series(c.census_year - c.age_high,
                                       c.census_year - c.age_low) AS y (birth_year)
    GROUP BY 1
),
observed AS (
    SELECT birth_year(id) / 10 * 10 AS decade,
           count(*) FILTER (WHERE sex(id) = 'male') AS boys,
           count(*) FILTER (WHERE sex(id) = 'female') AS girls
    FROM citizen
    GROUP BY 1
)
SELECT o.decade::text || 's' AS birth_decade,
       o.boys,
       o.girls,
       round(100.0 * o.boys / nullif(o.girls, 0), 1) AS boys_per_100_girls,
       round((100.0 * e.males / e.females)::numeric, 1) AS expected
FROM observed AS o
LEFT JOIN expected AS e USING (decade)
ORDER BY o.decade;

\echo 'Births registered abroad, by country:'
SELECT province_code(id) AS code,
       country_name(id),
       country_iso(id),
       count(*) AS people
FROM citizen
WHERE registered_abroad(id)
GROUP BY 1, 2, 3
ORDER BY people DESC, code;

SELECT count(*) AS citizens,
       count(DISTINCT province_code(id)) FILTER (WHERE NOT registered_abroad(id))
           AS birth_provinces,
       count(*) FILTER (WHERE registered_abroad(id)) AS registered_abroad,
       round(100.0 * count(*) FILTER (WHERE registered_abroad(id)) / count(*), 2)
           AS "abroad %"
FROM citizen;

\ir births.sql
