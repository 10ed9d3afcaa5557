--
-- Decoding: the examples from public sources, the 2025 merger of
-- provinces, births registered abroad, and building IDs from fields.
--
CREATE EXTENSION civid;

-- Examples with their documented fields
SELECT id, (citizen_id_info(id)).*
FROM (VALUES ('020093001656'::citizen_id), ('037153000257'),
			 ('080205000257'), ('101205000257'), ('035199000123')) AS t(id);

-- 015 was Yen Bai until 2025-06-30 and is Lao Cai since 2025-07-01: the
-- name follows the birth year
SELECT province_name('015090000001') AS born_1990,
	   province_name('015225000001') AS born_2025,
	   province_name('015226000001') AS born_2026,
	   current_province_name('015090000001') AS current;

-- 002 Ha Giang has one name for every year and belongs to Tuyen Quang now
SELECT province_name('002090000001') AS born_1990,
	   province_name('002226000001') AS born_2026,
	   current_province_code('002090000001') AS current_code,
	   current_province_name('002090000001') AS current_name;

-- Digit 4 encodes century and sex
SELECT d AS digit_4, sex(id), birth_year(id)
FROM (SELECT d, ('001' || d || '00000007')::citizen_id AS id
	  FROM generate_series(0, 9) AS d) AS t
ORDER BY d;

-- Births registered abroad have a country and no province
SELECT province_code(id), registered_abroad(id), province_name(id),
	   current_province_code(id), country_name(id), country_iso(id)
FROM (VALUES ('101205000257'::citizen_id), ('113090000001'),
			 ('114090000001'), ('295999999999')) AS t(id);

-- Serial numbers span the last six digits
SELECT serial_number('001099000000'), serial_number('001099999999');

-- make_citizen_id builds the same IDs
SELECT make_citizen_id('020', 'male', 1993, 1656) AS lang_son,
	   make_citizen_id('37', 'F', 1953, 257) AS ninh_binh,
	   make_citizen_id('101', 'nam', 2005, 257) AS afghanistan,
	   make_citizen_id('035', 'NỮ', 1999, 123) AS ha_nam,
	   make_citizen_id('001', 'nu', 2399, 999999) AS last_year;

SELECT make_citizen_id('043', 'male', 1990, 1);
SELECT make_citizen_id('0400', 'male', 1990, 1);
SELECT make_citizen_id('', 'male', 1990, 1);
SELECT make_citizen_id('040', 'x', 1990, 1);
SELECT make_citizen_id('040', 'male', 1899, 1);
SELECT make_citizen_id('040', 'male', 2400, 1);
SELECT make_citizen_id('040', 'male', 1990, -1);
SELECT make_citizen_id('040', 'male', 1990, 1000000);
\echo :LAST_ERROR_SQLSTATE

-- is_valid_citizen_id never raises; to_citizen_id tidies typed input
SELECT v, is_valid_citizen_id(v)
FROM (VALUES ('001099000123'), (' 001099000123'), ('043188012345'),
			 ('abc'), (''), ('００１０９９０００１２３')) AS t(v);
SELECT is_valid_citizen_id(NULL) IS NULL AS null_in_null_out;

SELECT to_citizen_id('  001 099 000 123 '), to_citizen_id('001-099-000-123'),
	   to_citizen_id('001.099.000.123'), to_citizen_id('001 - 099.000123');
SELECT to_citizen_id('-001099000123');
SELECT to_citizen_id('001099000123-');
SELECT to_citizen_id('001 099 000 12');
SELECT to_citizen_id('043-188-012-345');
SELECT to_citizen_id('   ');
\echo :LAST_ERROR_SQLSTATE

-- The code table: counts by kind, the eight codes that changed meaning
SELECT kind, count(*) FROM citizen_id_codes GROUP BY kind ORDER BY kind;
SELECT code, name, valid_from, valid_until, code_since_2025_07_01
FROM citizen_id_codes
WHERE code IN (SELECT code FROM citizen_id_codes WHERE valid_from IS NOT NULL)
ORDER BY code, valid_from NULLS FIRST;
SELECT count(DISTINCT code_since_2025_07_01) AS current_provinces
FROM citizen_id_codes WHERE kind = 'province';
SELECT code, name, name_ascii, iso_3166_alpha2
FROM citizen_id_codes WHERE code IN ('101', '102', '113', '114', '147', '148', '295')
ORDER BY code;

DROP EXTENSION civid;
