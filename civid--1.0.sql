\echo Use "CREATE EXTENSION civid" to load this file. \quit

-- civid 1.0: the citizen_id type, its decoders, operators and index support,
-- the registry of issued numbers, and the functions that issue them.
--
-- The public objects go into the schema CREATE EXTENSION was given
-- (@extschema@); the registry table lives in the schema civid_registry.
-- Function bodies are C or internal, except current_citizen_id(), whose SQL
-- qualifies every name and runs with a pinned search_path.

--------------------------------------------------------------------------
-- The type
--------------------------------------------------------------------------

CREATE TYPE @extschema@.citizen_id;

CREATE FUNCTION @extschema@.citizen_id_in(cstring)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'citizen_id_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.citizen_id_out(@extschema@.citizen_id)
RETURNS cstring
AS 'MODULE_PATHNAME', 'citizen_id_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.citizen_id_recv(internal)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'citizen_id_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.citizen_id_send(@extschema@.citizen_id)
RETURNS bytea
AS 'MODULE_PATHNAME', 'citizen_id_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The storage is an int8 by value and will never change: pg_upgrade copies
-- data files as they are.
CREATE TYPE @extschema@.citizen_id (
	INPUT = @extschema@.citizen_id_in,
	OUTPUT = @extschema@.citizen_id_out,
	RECEIVE = @extschema@.citizen_id_recv,
	SEND = @extschema@.citizen_id_send,
	LIKE = pg_catalog.int8
);

COMMENT ON TYPE @extschema@.citizen_id IS
'Vietnamese 12-digit personal identification number, stored as an 8-byte integer';

--------------------------------------------------------------------------
-- Casts
--------------------------------------------------------------------------

CREATE FUNCTION @extschema@.citizen_id(bigint)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'citizen_id_from_bigint'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.citizen_id(bigint) IS
'validated conversion of a bigint to citizen_id';

CREATE CAST (@extschema@.citizen_id AS bigint) WITHOUT FUNCTION;

CREATE CAST (bigint AS @extschema@.citizen_id)
	WITH FUNCTION @extschema@.citizen_id(bigint);

--------------------------------------------------------------------------
-- Comparison and hashing: core's int8 functions, since the bits are int8's
--------------------------------------------------------------------------

CREATE FUNCTION @extschema@.citizen_id_eq(@extschema@.citizen_id, @extschema@.citizen_id)
RETURNS boolean AS 'int8eq'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.citizen_id_ne(@extschema@.citizen_id, @extschema@.citizen_id)
RETURNS boolean AS 'int8ne'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.citizen_id_lt(@extschema@.citizen_id, @extschema@.citizen_id)
RETURNS boolean AS 'int8lt'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.citizen_id_le(@extschema@.citizen_id, @extschema@.citizen_id)
RETURNS boolean AS 'int8le'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.citizen_id_gt(@extschema@.citizen_id, @extschema@.citizen_id)
RETURNS boolean AS 'int8gt'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.citizen_id_ge(@extschema@.citizen_id, @extschema@.citizen_id)
RETURNS boolean AS 'int8ge'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.citizen_id_cmp(@extschema@.citizen_id, @extschema@.citizen_id)
RETURNS integer AS 'btint8cmp'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

-- The hash values are int8's and must never change: hash indexes and
-- PARTITION BY HASH store them.
CREATE FUNCTION @extschema@.citizen_id_hash(@extschema@.citizen_id)
RETURNS integer AS 'hashint8'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.citizen_id_hash_extended(@extschema@.citizen_id, bigint)
RETURNS bigint AS 'hashint8extended'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.citizen_id_smaller(@extschema@.citizen_id, @extschema@.citizen_id)
RETURNS @extschema@.citizen_id AS 'int8smaller'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.citizen_id_larger(@extschema@.citizen_id, @extschema@.citizen_id)
RETURNS @extschema@.citizen_id AS 'int8larger'
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.citizen_id,
	RIGHTARG = @extschema@.citizen_id,
	FUNCTION = @extschema@.citizen_id_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES,
	MERGES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.citizen_id,
	RIGHTARG = @extschema@.citizen_id,
	FUNCTION = @extschema@.citizen_id_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.citizen_id,
	RIGHTARG = @extschema@.citizen_id,
	FUNCTION = @extschema@.citizen_id_lt,
	COMMUTATOR = OPERATOR(@extschema@.>),
	NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel,
	JOIN = pg_catalog.scalarltjoinsel
);

CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.citizen_id,
	RIGHTARG = @extschema@.citizen_id,
	FUNCTION = @extschema@.citizen_id_le,
	COMMUTATOR = OPERATOR(@extschema@.>=),
	NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel,
	JOIN = pg_catalog.scalarlejoinsel
);

CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.citizen_id,
	RIGHTARG = @extschema@.citizen_id,
	FUNCTION = @extschema@.citizen_id_gt,
	COMMUTATOR = OPERATOR(@extschema@.<),
	NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel,
	JOIN = pg_catalog.scalargtjoinsel
);

CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.citizen_id,
	RIGHTARG = @extschema@.citizen_id,
	FUNCTION = @extschema@.citizen_id_ge,
	COMMUTATOR = OPERATOR(@extschema@.<=),
	NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel,
	JOIN = pg_catalog.scalargejoinsel
);

-- Sort support and equal-image support come from int8's own functions:
-- equal values are bitwise equal, so btree deduplication is safe.
CREATE OPERATOR CLASS @extschema@.citizen_id_ops
DEFAULT FOR TYPE @extschema@.citizen_id USING btree AS
	OPERATOR 1 @extschema@.<,
	OPERATOR 2 @extschema@.<=,
	OPERATOR 3 @extschema@.=,
	OPERATOR 4 @extschema@.>=,
	OPERATOR 5 @extschema@.>,
	FUNCTION 1 @extschema@.citizen_id_cmp(@extschema@.citizen_id, @extschema@.citizen_id),
	FUNCTION 2 pg_catalog.btint8sortsupport(internal),
	FUNCTION 4 pg_catalog.btequalimage(oid);

CREATE OPERATOR CLASS @extschema@.citizen_id_hash_ops
DEFAULT FOR TYPE @extschema@.citizen_id USING hash AS
	OPERATOR 1 @extschema@.=,
	FUNCTION 1 @extschema@.citizen_id_hash(@extschema@.citizen_id),
	FUNCTION 2 @extschema@.citizen_id_hash_extended(@extschema@.citizen_id, bigint);

CREATE AGGREGATE @extschema@.min(@extschema@.citizen_id) (
	SFUNC = @extschema@.citizen_id_smaller,
	STYPE = @extschema@.citizen_id,
	COMBINEFUNC = @extschema@.citizen_id_smaller,
	SORTOP = OPERATOR(@extschema@.<),
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.max(@extschema@.citizen_id) (
	SFUNC = @extschema@.citizen_id_larger,
	STYPE = @extschema@.citizen_id,
	COMBINEFUNC = @extschema@.citizen_id_larger,
	SORTOP = OPERATOR(@extschema@.>),
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.min(@extschema@.citizen_id) IS
'smallest citizen ID';
COMMENT ON AGGREGATE @extschema@.max(@extschema@.citizen_id) IS
'largest citizen ID';

--------------------------------------------------------------------------
-- Decoders: cannot raise on a stored value, hence LEAKPROOF
--------------------------------------------------------------------------

CREATE FUNCTION @extschema@.province_code(@extschema@.citizen_id)
RETURNS text
AS 'MODULE_PATHNAME', 'citizen_id_province_code'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.province_code(@extschema@.citizen_id) IS
'digits 1-3: the province code, or the country code for births registered abroad';

CREATE FUNCTION @extschema@.registered_abroad(@extschema@.citizen_id)
RETURNS boolean
AS 'MODULE_PATHNAME', 'citizen_id_registered_abroad'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.registered_abroad(@extschema@.citizen_id) IS
'true when digits 1-3 are a country code (101-295)';

CREATE FUNCTION @extschema@.province_name(@extschema@.citizen_id)
RETURNS text
AS 'MODULE_PATHNAME', 'citizen_id_province_name'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.province_name(@extschema@.citizen_id) IS
'name of the province of birth registration as it was in the birth year; NULL for births abroad';

CREATE FUNCTION @extschema@.current_province_code(@extschema@.citizen_id)
RETURNS text
AS 'MODULE_PATHNAME', 'citizen_id_current_province_code'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.current_province_code(@extschema@.citizen_id) IS
'code of the province covering the place of registration since 2025-07-01';

CREATE FUNCTION @extschema@.current_province_name(@extschema@.citizen_id)
RETURNS text
AS 'MODULE_PATHNAME', 'citizen_id_current_province_name'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.current_province_name(@extschema@.citizen_id) IS
'name of the province covering the place of registration since 2025-07-01';

CREATE FUNCTION @extschema@.country_name(@extschema@.citizen_id)
RETURNS text
AS 'MODULE_PATHNAME', 'citizen_id_country_name'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.country_name(@extschema@.citizen_id) IS
'country of birth registration for codes 101-295; NULL otherwise';

CREATE FUNCTION @extschema@.country_iso(@extschema@.citizen_id)
RETURNS text
AS 'MODULE_PATHNAME', 'citizen_id_country_iso'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.country_iso(@extschema@.citizen_id) IS
'ISO 3166-1 alpha-2 code of the country of birth registration; NULL otherwise';

CREATE FUNCTION @extschema@.sex(@extschema@.citizen_id)
RETURNS text
AS 'MODULE_PATHNAME', 'citizen_id_sex'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.sex(@extschema@.citizen_id) IS
'male for an even digit 4, female for an odd one';

CREATE FUNCTION @extschema@.birth_year(@extschema@.citizen_id)
RETURNS integer
AS 'MODULE_PATHNAME', 'citizen_id_birth_year'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.birth_year(@extschema@.citizen_id) IS
'1900 + 100 * (digit 4 / 2) + digits 5-6';

CREATE FUNCTION @extschema@.serial_number(@extschema@.citizen_id)
RETURNS integer
AS 'MODULE_PATHNAME', 'citizen_id_serial_number'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.serial_number(@extschema@.citizen_id) IS
'digits 7-12, the random serial, 0 to 999999';

CREATE FUNCTION @extschema@.citizen_id_info(
	id @extschema@.citizen_id,
	OUT province_code text,
	OUT registered_abroad boolean,
	OUT province_name text,
	OUT current_province_code text,
	OUT current_province_name text,
	OUT country_name text,
	OUT country_iso text,
	OUT sex text,
	OUT birth_year integer,
	OUT serial_number integer)
RETURNS record
AS 'MODULE_PATHNAME', 'citizen_id_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.citizen_id_info(@extschema@.citizen_id) IS
'every decoded field of a citizen ID as one record';

--------------------------------------------------------------------------
-- Building, checking and lenient parsing
--------------------------------------------------------------------------

CREATE FUNCTION @extschema@.make_citizen_id(
	province_code text, sex text, birth_year integer, serial_number integer)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'make_citizen_id'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.make_citizen_id(text, text, integer, integer) IS
'build a citizen ID from code (''040'' or ''40''), sex, birth year (1900-2399) and serial';

CREATE FUNCTION @extschema@.is_valid_citizen_id(text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'is_valid_citizen_id'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.is_valid_citizen_id(text) IS
'true if the text is a valid citizen_id input; never raises';

CREATE FUNCTION @extschema@.to_citizen_id(text)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'to_citizen_id'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.to_citizen_id(text) IS
'lenient parser: trims whitespace and drops spaces, hyphens and dots between digits';

--------------------------------------------------------------------------
-- The code table
--------------------------------------------------------------------------

CREATE FUNCTION @extschema@.citizen_id_code_table(
	OUT code text,
	OUT kind text,
	OUT name text,
	OUT name_ascii text,
	OUT valid_from date,
	OUT valid_until date,
	OUT code_since_2025_07_01 text,
	OUT iso_3166_alpha2 text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'citizen_id_code_table'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 266;

COMMENT ON FUNCTION @extschema@.citizen_id_code_table() IS
'every assigned province and country code, one row per code and period';

CREATE VIEW @extschema@.citizen_id_codes AS
	SELECT code, kind, name, name_ascii, valid_from, valid_until,
		   code_since_2025_07_01, iso_3166_alpha2
	FROM @extschema@.citizen_id_code_table();

COMMENT ON VIEW @extschema@.citizen_id_codes IS
'assigned codes of digits 1-3: 63 province codes (71 rows, since 8 codes got a new name on 2025-07-01) and 195 country codes';
GRANT SELECT ON @extschema@.citizen_id_codes TO PUBLIC;

--------------------------------------------------------------------------
-- The registry: every number this database issued or registered
--------------------------------------------------------------------------

-- The registry lives in a schema of its own, closed to PUBLIC.  The issuing
-- functions write to it with the extension owner's rights.
CREATE SCHEMA civid_registry;
REVOKE ALL ON SCHEMA civid_registry FROM PUBLIC;

COMMENT ON SCHEMA civid_registry IS
'civid''s registry of issued and registered citizen IDs';

CREATE TABLE civid_registry.entries (
	id @extschema@.citizen_id PRIMARY KEY,
	origin text NOT NULL,
	status text NOT NULL DEFAULT 'in force',
	registered_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	registered_by name NOT NULL,
	cancelled_at timestamptz,
	-- Not a foreign key: a self-reference makes pg_dump warn of circular
	-- constraints and breaks restores of --inserts dumps after a number was
	-- corrected twice.  replace_citizen_id() and the trigger insert the
	-- replacement before they point to it.
	replaced_by @extschema@.citizen_id,
	reason text,
	CONSTRAINT entries_origin_check
		CHECK (origin OPERATOR(pg_catalog.=) ANY (ARRAY['issued', 'registered'])),
	CONSTRAINT entries_status_check
		CHECK (status OPERATOR(pg_catalog.=) ANY (ARRAY['in force', 'cancelled'])),
	CONSTRAINT entries_cancelled_check
		CHECK ((status OPERATOR(pg_catalog.=) 'cancelled') OPERATOR(pg_catalog.=)
			   (cancelled_at IS NOT NULL))
);

REVOKE ALL ON TABLE civid_registry.entries FROM PUBLIC;

COMMENT ON TABLE civid_registry.entries IS
'every citizen ID issued here or registered from outside; never issued again';

-- pg_dump keeps every row, so a restored database never re-issues a number
SELECT pg_catalog.pg_extension_config_dump('civid_registry.entries', '');

--------------------------------------------------------------------------
-- Issuing, registering and correcting numbers
--------------------------------------------------------------------------

-- These C functions write the registry as its owner and qualify every
-- name.  The SET clause pins search_path as well, so nothing a caller puts
-- in search_path can change what they do.

CREATE FUNCTION @extschema@.issue_citizen_id(province text, sex text, birth_date date)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'issue_citizen_id_by_date'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.issue_citizen_id(text, text, date) IS
'issue a new citizen ID for a birth and record it in the registry';

CREATE FUNCTION @extschema@.issue_citizen_id(province text, sex text, birth_year integer)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'issue_citizen_id_by_year'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.issue_citizen_id(text, text, integer) IS
'issue a new citizen ID for a birth year and record it in the registry';

CREATE FUNCTION @extschema@.register_citizen_id(id @extschema@.citizen_id)
RETURNS boolean
AS 'MODULE_PATHNAME', 'register_citizen_id'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.register_citizen_id(@extschema@.citizen_id) IS
'record a citizen ID issued elsewhere; false if the registry already has it';

CREATE FUNCTION @extschema@.register_citizen_ids(source regclass, id_column name)
RETURNS bigint
AS 'MODULE_PATHNAME', 'register_citizen_ids'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.register_citizen_ids(regclass, name) IS
'record every citizen ID of a table column; returns how many were new';

CREATE FUNCTION @extschema@.replace_citizen_id(
	old_id @extschema@.citizen_id, province text, sex text, birth_date date,
	reason text)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'replace_citizen_id'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.replace_citizen_id(@extschema@.citizen_id, text, text, date, text) IS
'cancel a citizen ID, issue its replacement and record why';

CREATE FUNCTION @extschema@.current_citizen_id(id @extschema@.citizen_id)
RETURNS @extschema@.citizen_id
LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH RECURSIVE chain (id, replaced_by, depth) AS (
		SELECT e.id, e.replaced_by, 1
		FROM civid_registry.entries e
		WHERE e.id OPERATOR(@extschema@.=) $1
		UNION ALL
		SELECT e.id, e.replaced_by, c.depth OPERATOR(pg_catalog.+) 1
		FROM chain c
		JOIN civid_registry.entries e ON e.id OPERATOR(@extschema@.=) c.replaced_by
		WHERE c.depth OPERATOR(pg_catalog.<) 1000
	)
	SELECT COALESCE(
		(SELECT c.id FROM chain c ORDER BY c.depth DESC LIMIT 1), $1)
$$;

COMMENT ON FUNCTION @extschema@.current_citizen_id(@extschema@.citizen_id) IS
'the number in force for a citizen ID, following replacements in the registry';

CREATE FUNCTION @extschema@.assign_citizen_id()
RETURNS trigger
AS 'MODULE_PATHNAME', 'assign_citizen_id'
LANGUAGE C VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.assign_citizen_id() IS
'trigger: issue, check and correct the citizen ID of a row; arguments name the id, province, sex and birth date columns';

-- Issuing is a right the DBA grants; PUBLIC can neither issue nor read
REVOKE ALL ON FUNCTION @extschema@.issue_citizen_id(text, text, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.issue_citizen_id(text, text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.register_citizen_id(@extschema@.citizen_id) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.register_citizen_ids(regclass, name) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.replace_citizen_id(@extschema@.citizen_id, text, text, date, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.current_citizen_id(@extschema@.citizen_id) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.assign_citizen_id() FROM PUBLIC;

--------------------------------------------------------------------------
-- Province and prefix queries that a btree index on the ID serves
--------------------------------------------------------------------------

-- With constant arguments, the support function replaces each call by
-- range conditions on the ID.  The planner then uses a btree index on the
-- column and prunes range partitions, and the result is the same.
CREATE FUNCTION @extschema@.citizen_id_prefix_support(internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'citizen_id_prefix_support'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.in_province(id @extschema@.citizen_id, province text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'in_province'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT @extschema@.citizen_id_prefix_support;

COMMENT ON FUNCTION @extschema@.in_province(@extschema@.citizen_id, text) IS
'true if the ID was registered in the province or country (code or name); a current province covers the codes it absorbed';

CREATE FUNCTION @extschema@.born_in(
	id @extschema@.citizen_id, province text, sex text, birth_year integer)
RETURNS boolean
AS 'MODULE_PATHNAME', 'born_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT @extschema@.citizen_id_prefix_support;

COMMENT ON FUNCTION @extschema@.born_in(@extschema@.citizen_id, text, text, integer) IS
'true if digits 1-6 match: province of registration, sex and birth year';

CREATE FUNCTION @extschema@.born_in_century(
	id @extschema@.citizen_id, province text, sex text, birth_year integer)
RETURNS boolean
AS 'MODULE_PATHNAME', 'born_in_century'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT @extschema@.citizen_id_prefix_support;

COMMENT ON FUNCTION @extschema@.born_in_century(@extschema@.citizen_id, text, text, integer) IS
'true if digits 1-4 match: province of registration, sex and the century containing birth_year';

CREATE FUNCTION @extschema@.province_lower(province text)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'province_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.province_lower(text) IS
'smallest citizen ID with the code of the province or country';

CREATE FUNCTION @extschema@.province_upper(province text)
RETURNS @extschema@.citizen_id
AS 'MODULE_PATHNAME', 'province_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.province_upper(text) IS
'largest citizen ID with the code of the province or country';

--------------------------------------------------------------------------
-- Consistency, plausibility and privacy
--------------------------------------------------------------------------

-- Not STRICT: a NULL field is simply not checked
CREATE FUNCTION @extschema@.citizen_id_mismatches(
	id @extschema@.citizen_id, province text, sex text, birth_date date)
RETURNS text[]
AS 'MODULE_PATHNAME', 'citizen_id_mismatches'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.citizen_id_mismatches(@extschema@.citizen_id, text, text, date) IS
'names of the recorded fields (province, sex, birth_date) that disagree with the ID; NULL fields are not checked';

CREATE FUNCTION @extschema@.citizen_id_matches(
	id @extschema@.citizen_id, province text, sex text, birth_date date)
RETURNS boolean
AS 'MODULE_PATHNAME', 'citizen_id_matches'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.citizen_id_matches(@extschema@.citizen_id, text, text, date) IS
'true when no recorded field disagrees with the ID; for CHECK constraints';

-- STABLE, not IMMUTABLE, because the result depends on the date, which
-- defaults to today
CREATE FUNCTION @extschema@.is_plausible(
	id @extschema@.citizen_id, as_of date DEFAULT CURRENT_DATE)
RETURNS boolean
AS 'MODULE_PATHNAME', 'is_plausible'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.is_plausible(@extschema@.citizen_id, date) IS
'false for an ID that cannot have been issued by the date (default today)';

CREATE FUNCTION @extschema@.mask_citizen_id(id @extschema@.citizen_id)
RETURNS text
AS 'MODULE_PATHNAME', 'mask_citizen_id'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.mask_citizen_id(@extschema@.citizen_id) IS
'the ID for display and logs: the code and the last two digits, the rest masked';

-- One range partition per province code, and one for all country codes.
-- Each runs from the code's first ID to the first ID of the next assigned
-- code, because an upper bound must itself be a valid ID and 041000000000
-- is not.
CREATE FUNCTION @extschema@.citizen_id_partition_bounds(
	OUT partition_key text,
	OUT from_id @extschema@.citizen_id,
	OUT to_id @extschema@.citizen_id)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT c.code,
		   @extschema@.province_lower(c.code),
		   @extschema@.province_lower(
			   COALESCE(lead(c.code) OVER (ORDER BY c.code), '101'))
	FROM (SELECT DISTINCT v.code
		  FROM @extschema@.citizen_id_codes v
		  WHERE v.kind OPERATOR(pg_catalog.=) 'province') AS c
	UNION ALL
	SELECT 'abroad', @extschema@.province_lower('101'), NULL
$$;

COMMENT ON FUNCTION @extschema@.citizen_id_partition_bounds() IS
'bounds for PARTITION BY RANGE (id): one partition per province code and one for births abroad (to_id NULL means MAXVALUE)';

--------------------------------------------------------------------------
-- Guard for future upgrades
--------------------------------------------------------------------------

-- Hash indexes and hash partitions store citizen_id_hash() and
-- citizen_id_hash_extended() values.  An upgrade script that changes
-- either function, or the type's storage, must first call
-- citizen_id_require_no_hash_dependents(), so that it fails instead of
-- leaving such indexes and partitions silently wrong.
CREATE FUNCTION @extschema@.citizen_id_hash_dependents(
	OUT object_type text, OUT object_name text)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT 'index', i.indexrelid::regclass::text
	FROM pg_index AS i
	JOIN pg_opclass AS c ON c.oid OPERATOR(pg_catalog.=) ANY (i.indclass::oid[])
	WHERE c.opcname OPERATOR(pg_catalog.=) 'citizen_id_hash_ops'
	  AND c.opcnamespace OPERATOR(pg_catalog.=) '@extschema@'::regnamespace
	UNION ALL
	SELECT 'partitioned table', p.partrelid::regclass::text
	FROM pg_partitioned_table AS p
	JOIN pg_opclass AS c ON c.oid OPERATOR(pg_catalog.=) ANY (p.partclass::oid[])
	WHERE p.partstrat OPERATOR(pg_catalog.=) 'h'
	  AND c.opcname OPERATOR(pg_catalog.=) 'citizen_id_hash_ops'
	  AND c.opcnamespace OPERATOR(pg_catalog.=) '@extschema@'::regnamespace
	ORDER BY 1, 2
$$;

COMMENT ON FUNCTION @extschema@.citizen_id_hash_dependents() IS
'hash indexes and hash-partitioned tables that store citizen_id hash values';

CREATE FUNCTION @extschema@.citizen_id_require_no_hash_dependents()
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	dependents text;
BEGIN
	SELECT string_agg(format('%s %s', d.object_type, d.object_name), ', ')
	INTO dependents
	FROM @extschema@.citizen_id_hash_dependents() AS d;

	IF dependents IS NOT NULL THEN
		RAISE EXCEPTION 'cannot change the hash function of citizen_id while objects store its values'
			USING ERRCODE = 'dependent_objects_still_exist',
				  DETAIL = format('Dependent objects: %s.', dependents),
				  HINT = 'Drop those hash indexes and move the rows of those tables to tables not partitioned by hash, update the extension, then rebuild them.';
	END IF;
END
$$;

COMMENT ON FUNCTION @extschema@.citizen_id_require_no_hash_dependents() IS
'raise 2BP01 if a hash index or hash partition depends on citizen_id hashing; called by upgrade scripts that change it';
