-- civid demo, part 2: a district registers a year of births through the
-- assign_citizen_id trigger, then corrects two data-entry errors.
--
-- Included by demo.sql; needs the extension created and \pset settings made
-- there.  Birth dates fall in the 365 days before today, because civid
-- issues numbers only for births that have happened.

\echo
\echo '=== 5. Registering a year of births in Quế Phong district (Nghệ An) ==='
\echo

CREATE TEMPORARY TABLE commune (
    province_code text,
    district_code text,
    commune_code_2020 text,
    commune_code_2025_01 text,
    name text,
    type text,
    status text,
    source text
);
\copy commune FROM 'data/que_phong_communes.csv' WITH (FORMAT csv, HEADER true)
DELETE FROM commune WHERE commune_code_2025_01 IS NULL;

-- The registration office's table: the trigger gives each row its number
CREATE TEMPORARY TABLE birth_record (
    id citizen_id PRIMARY KEY,
    record_no integer NOT NULL,
    commune text NOT NULL,
    province text NOT NULL DEFAULT 'Nghệ An',
    sex text NOT NULL,
    birth_date date NOT NULL
);
CREATE TRIGGER birth_record_citizen_id
    BEFORE INSERT OR UPDATE ON birth_record
    FOR EACH ROW EXECUTE FUNCTION
    assign_citizen_id('id', 'province', 'sex', 'birth_date');

SELECT setseed(0.415) \gset

-- 700 births, spread evenly over the communes and the last 365 days, with
-- 111 boys to 100 girls.  Records 1 and 2 carry the data-entry errors that
-- are corrected below: a girl entered as a boy, and a birth date typed one
-- year too early.
WITH communes AS (
    SELECT array_agg(name ORDER BY commune_code_2025_01) AS names FROM commune
),
births AS (
    SELECT n AS record_no,
           names[1 + floor(random() * cardinality(names))::integer] AS commune,
           CASE WHEN random() < 111.0 / 211.0 THEN 'nam' ELSE 'nữ' END AS sex,
           current_date - 1 - floor(random() * 365)::integer AS birth_date
    FROM generate_series(1, 700) AS n, communes
)
INSERT INTO birth_record (record_no, commune, sex, birth_date)
SELECT record_no,
       commune,
       CASE record_no WHEN 1 THEN 'nam' ELSE sex END,
       CASE record_no WHEN 2 THEN (current_date - 40) - interval '1 year'
                      WHEN 1 THEN current_date - 20
                      ELSE birth_date END
FROM births;

\echo 'Births registered, by commune, with the numbers issued:'
SELECT commune,
       count(*) AS births,
       count(*) FILTER (WHERE sex(id) = 'male') AS boys,
       count(*) FILTER (WHERE sex(id) = 'female') AS girls,
       min(id) AS lowest_id,
       max(id) AS highest_id
FROM birth_record
GROUP BY commune
ORDER BY commune;

\echo 'The first ten records, with the fields decoded from each number:'
SELECT record_no, commune, sex AS entered_sex, birth_date, id,
       province_name(id), sex(id), birth_year(id)
FROM birth_record
ORDER BY record_no
LIMIT 10;

SELECT count(*) AS records,
       count(DISTINCT id) AS distinct_ids,
       count(*) FILTER (WHERE province_code(id) = '040') AS with_code_040,
       count(*) FILTER (WHERE
           sex(id) = CASE sex WHEN 'nam' THEN 'male' ELSE 'female' END
           AND birth_year(id) = extract(year FROM birth_date)) AS agreeing_with_record
FROM birth_record;

\echo
\echo 'Two data-entry errors come to light: record 1 is a girl, and record 2'
\echo 'was born a year later than entered.  Correcting the fields makes the'
\echo 'trigger cancel each old number and issue a new one:'

CREATE TEMPORARY TABLE before_correction AS
SELECT record_no, id FROM birth_record WHERE record_no IN (1, 2);

UPDATE birth_record SET sex = 'nữ' WHERE record_no = 1;
UPDATE birth_record SET birth_date = birth_date + interval '1 year'
WHERE record_no = 2;

SELECT b.record_no,
       b.id AS old_id,
       e.status AS old_status,
       e.reason,
       e.replaced_by AS new_id,
       current_citizen_id(b.id) AS in_force,
       sex(e.replaced_by) AS new_sex,
       birth_year(e.replaced_by) AS new_birth_year
FROM before_correction AS b
JOIN civid_registry.entries AS e ON e.id = b.id
ORDER BY b.record_no;

\echo 'Trying to store a cancelled number again is rejected:'
\set ON_ERROR_STOP off
INSERT INTO birth_record (id, record_no, commune, sex, birth_date)
SELECT id, 9999, 'Thị trấn Kim Sơn', 'nam', current_date - 20
FROM before_correction WHERE record_no = 1;
\set ON_ERROR_STOP on
