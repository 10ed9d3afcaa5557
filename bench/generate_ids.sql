-- Generate :rows distinct citizen IDs drawn like a realistic population and
-- write them as text, one per line, to the file :ids_file.
--
-- Run by bench/run in a database where civid is created, with
--     -v rows=N -v ids_file=ABSOLUTE_PATH -v data_dir=PATH_TO_demo/data
--
-- Each ID gets a province drawn by its 2019 census population
-- (population_by_province.csv).  Its sex and five-year age group are drawn
-- by the national age and sex figures (age_sex_pyramid.csv), so sex is
-- about 50/50, and the birth year is uniform within the age group.  The
-- serial is uniform from 000000 to 999999.  As in demo/demo.sql, 0.5% of
-- the draws are births registered abroad, spread evenly over six country
-- codes, and the open age group 85+ is capped at age 99.  The file lists
-- the IDs in the order they were drawn, which is random.

\set QUIET on
SET client_min_messages = warning;
-- \copy takes no psql variables, so the data files are named relative to
-- the folder that contains them.
\cd :data_dir

CREATE TEMP TABLE province_population (
    code text PRIMARY KEY,          -- 2-digit administrative code, '01'
    name text NOT NULL,
    population integer NOT NULL,
    year integer NOT NULL,
    source text NOT NULL
);
\copy province_population FROM 'population_by_province.csv' WITH (FORMAT csv, HEADER)

CREATE TEMP TABLE age_sex_population (
    age_group text PRIMARY KEY,     -- '0-4' ... '80-84', '85+'
    male integer NOT NULL,
    female integer NOT NULL,
    year integer NOT NULL,
    source text NOT NULL
);
\copy age_sex_population FROM 'age_sex_pyramid.csv' WITH (FORMAT csv, HEADER)

-- One row per sex and age group, with the birth years it covers on the
-- census date.
CREATE TEMP TABLE birth_cell AS
SELECT row_number() OVER (ORDER BY s.sex, g.age_low) AS cell,
       s.sex,
       a.year - g.age_high AS first_birth_year,
       g.age_high - g.age_low + 1 AS birth_years,
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

-- Cumulative shares for weighted draws: width_bucket(u, lower_bounds)
-- returns element i when lower_bounds[i] <= u < lower_bounds[i + 1], for a
-- uniform draw u in [0, 1).
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

-- The abroad share and the six countries (Czech Republic, Australia,
-- Germany, South Korea, Japan, United States) are the demo's illustration,
-- not statistics.
CREATE TEMP TABLE abroad_choice AS
SELECT 0.005::float8 AS share,
       ARRAY['175', '232', '174', '155', '284', '252'] AS codes;

-- Unlogged, so the draws write no WAL.  The primary key rejects repeats,
-- and the heap keeps the rows in the order they were drawn.
CREATE UNLOGGED TABLE bench_population (
    id citizen_id PRIMARY KEY
);

-- Draw IDs until the table contains target rows.  A draw that repeats a
-- stored ID is skipped, and the next round draws a replacement.  Returns
-- the number of skipped repeats.
CREATE FUNCTION pg_temp.draw_population(target bigint)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    stored bigint := 0;
    attempts bigint := 0;
    inserted bigint;
    rounds integer := 0;
BEGIN
    WHILE stored < target LOOP
        rounds := rounds + 1;
        -- Each round draws a replacement for every repeat of the last
        -- round.  10 million IDs repeat about one draw in a thousand, so
        -- 100 rounds is far more than any realistic target needs.
        IF rounds > 100 THEN
            RAISE EXCEPTION 'drew only % distinct IDs of % after % rounds',
                stored, target, rounds - 1;
        END IF;

        INSERT INTO bench_population (id)
        SELECT make_citizen_id(
                   CASE
                       WHEN d.u_abroad < a.share THEN
                           a.codes[1 + floor(d.u_place * cardinality(a.codes))::integer]
                       ELSE
                           p.codes[width_bucket(d.u_place, p.lower_bounds)]
                   END,
                   c.sex,
                   c.first_birth_year + floor(d.u_year * c.birth_years)::integer,
                   floor(d.u_serial * 1000000)::integer)
        FROM (
            SELECT random() AS u_abroad,
                   random() AS u_place,
                   random() AS u_cell,
                   random() AS u_year,
                   random() AS u_serial
            FROM generate_series(1, target - stored)
        ) AS d
        CROSS JOIN abroad_choice AS a
        CROSS JOIN province_choice AS p
        CROSS JOIN cell_choice AS cc
        JOIN birth_cell AS c
            ON c.cell = width_bucket(d.u_cell, cc.lower_bounds)
        ON CONFLICT DO NOTHING;

        GET DIAGNOSTICS inserted = ROW_COUNT;
        attempts := attempts + (target - stored);
        stored := stored + inserted;
    END LOOP;
    RETURN attempts - stored;
END
$$;

-- A fixed seed makes every run with the same :rows draw the same IDs.
DO $$ BEGIN PERFORM setseed(0.2019); END $$;
SELECT pg_temp.draw_population(:rows) AS repeats_skipped \gset
\echo 'generated' :rows 'IDs,' :repeats_skipped 'repeated draws skipped'

COPY bench_population (id) TO STDOUT \g :ids_file
DROP TABLE bench_population;
