-- The column types that bench/run compares, as template tables with a
-- single column id.  Each measurement creates its tables with
--     CREATE TABLE name (LIKE bench_template_<alternative> INCLUDING ALL)
--
--   bigint          bigint, no validation: the floor
--   citizen_id      civid's type, validated by its input function
--   text_check      text with a CHECK by regular expression
--   varchar_domain  varchar(12) domain whose CHECK calls a PL/pgSQL function
--   char12          char(12), no validation
--
-- The regular expression and the PL/pgSQL function accept the same IDs as
-- citizen_id: 12 ASCII digits whose first three are one of the 63 province
-- codes or a country code from 101 to 295.  The check at the end of this
-- file compares both with civid's code table.

\set QUIET on
SET client_min_messages = warning;

CREATE TABLE bench_template_bigint (
    id bigint NOT NULL
);

CREATE TABLE bench_template_citizen_id (
    id citizen_id NOT NULL
);

-- One regular expression, so each value is matched once.  Its code part
-- alone implies ^[0-9]{12}$.
CREATE TABLE bench_template_text_check (
    id text NOT NULL
        CONSTRAINT id_assigned CHECK (id ~ ('^(?:'
            '001|002|004|006|008|010|011|012|014|015|017|019|020|022|024|025|'
            '026|027|030|031|033|034|035|036|037|038|040|042|044|045|046|048|'
            '049|051|052|054|056|058|060|062|064|066|067|068|070|072|074|075|'
            '077|079|080|082|083|084|086|087|089|091|092|093|094|095|096|'
            '10[1-9]|1[1-9][0-9]|2[0-8][0-9]|29[0-5]'
            ')[0-9]{9}$'))
);

-- A hand-written validator as an application might keep it: length,
-- digits, then the code in the assigned list.
CREATE FUNCTION bench_is_valid_id(value varchar)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
DECLARE
    code integer;
BEGIN
    IF length(value) <> 12 OR value !~ '^[0-9]+$' THEN
        RETURN false;
    END IF;
    code := substr(value, 1, 3)::integer;
    RETURN code BETWEEN 101 AND 295
        OR code = ANY ('{1,2,4,6,8,10,11,12,14,15,17,19,20,22,24,25,26,27,30,'
                        '31,33,34,35,36,37,38,40,42,44,45,46,48,49,51,52,54,'
                        '56,58,60,62,64,66,67,68,70,72,74,75,77,79,80,82,83,'
                        '84,86,87,89,91,92,93,94,95,96}'::integer[]);
END
$$;

CREATE DOMAIN bench_varchar_id AS varchar(12)
    CONSTRAINT bench_varchar_id_valid CHECK (bench_is_valid_id(VALUE));

CREATE TABLE bench_template_varchar_domain (
    id bench_varchar_id NOT NULL
);

CREATE TABLE bench_template_char12 (
    id char(12) NOT NULL
);

-- Check that the regular expression and the validator accept exactly the
-- codes of civid's code table, by trying every code from 000 to 999.
DO $$
DECLARE
    disagreements integer;
BEGIN
    SELECT count(*) INTO disagreements
    FROM generate_series(0, 999) AS n
    CROSS JOIN LATERAL (SELECT lpad(n::text, 3, '0') || '190000123' AS id) AS s
    WHERE is_valid_citizen_id(s.id) IS DISTINCT FROM (s.id ~ (
              SELECT substring(pg_get_constraintdef(oid) FROM '''(.*)''')
              FROM pg_constraint WHERE conname = 'id_assigned'
                  AND conrelid = 'bench_template_text_check'::regclass))
       OR is_valid_citizen_id(s.id) IS DISTINCT FROM bench_is_valid_id(s.id);
    IF disagreements > 0 THEN
        RAISE EXCEPTION 'the text CHECK or the varchar validator disagrees with citizen_id on % of the 1000 codes',
            disagreements;
    END IF;
END
$$;
