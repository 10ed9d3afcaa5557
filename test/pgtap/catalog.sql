-- Catalog entries of civid: the type's storage, function properties,
-- operators, operator classes, casts, comments, aggregates and the schema
-- the extension is installed in.

\set ON_ERROR_STOP 1

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION civid;

SELECT plan(139);

-- Functions that belong to an installed extension, looked up by name so the
-- view keeps working after civid is dropped and created again below.
CREATE TEMP VIEW extension_function AS
SELECT e.extname,
       e.extnamespace,
       p.oid,
       p.proname,
       p.pronamespace,
       p.prokind,
       p.provolatile,
       p.proisstrict,
       p.proparallel,
       p.proleakproof
FROM pg_extension AS e
JOIN pg_depend AS d
  ON d.refclassid = 'pg_extension'::regclass
 AND d.refobjid = e.oid
 AND d.classid = 'pg_proc'::regclass
 AND d.deptype = 'e'
JOIN pg_proc AS p ON p.oid = d.objid;

-- Every decoder, I/O, comparison and building function of civid with its
-- argument types.  All of them must be IMMUTABLE STRICT PARALLEL SAFE.
CREATE TEMP TABLE reviewed_function (name name, argument_types name[]);
INSERT INTO reviewed_function VALUES
    ('citizen_id_in', '{cstring}'),
    ('citizen_id_out', '{citizen_id}'),
    ('citizen_id_recv', '{internal}'),
    ('citizen_id_send', '{citizen_id}'),
    ('citizen_id', '{bigint}'),
    ('citizen_id_eq', '{citizen_id,citizen_id}'),
    ('citizen_id_ne', '{citizen_id,citizen_id}'),
    ('citizen_id_lt', '{citizen_id,citizen_id}'),
    ('citizen_id_le', '{citizen_id,citizen_id}'),
    ('citizen_id_gt', '{citizen_id,citizen_id}'),
    ('citizen_id_ge', '{citizen_id,citizen_id}'),
    ('citizen_id_cmp', '{citizen_id,citizen_id}'),
    ('citizen_id_hash', '{citizen_id}'),
    ('citizen_id_hash_extended', '{citizen_id,bigint}'),
    ('citizen_id_smaller', '{citizen_id,citizen_id}'),
    ('citizen_id_larger', '{citizen_id,citizen_id}'),
    ('province_code', '{citizen_id}'),
    ('registered_abroad', '{citizen_id}'),
    ('province_name', '{citizen_id}'),
    ('current_province_code', '{citizen_id}'),
    ('current_province_name', '{citizen_id}'),
    ('country_name', '{citizen_id}'),
    ('country_iso', '{citizen_id}'),
    ('sex', '{citizen_id}'),
    ('birth_year', '{citizen_id}'),
    ('serial_number', '{citizen_id}'),
    ('citizen_id_info', '{citizen_id}'),
    ('make_citizen_id', '{text,text,integer,integer}'),
    ('is_valid_citizen_id', '{text}'),
    ('to_citizen_id', '{text}'),
    ('citizen_id_code_table', '{}'),
    ('citizen_id_prefix_support', '{internal}'),
    ('in_province', '{citizen_id,text}'),
    ('born_in', '{citizen_id,text,text,integer}'),
    ('born_in_century', '{citizen_id,text,text,integer}'),
    ('province_lower', '{text}'),
    ('province_upper', '{text}'),
    ('mask_citizen_id', '{citizen_id}');

-- Functions that are not IMMUTABLE STRICT: those that read or write the
-- registry, those that take NULL fields or no argument, and is_plausible,
-- which depends on today's date; with their expected volatility and
-- parallel safety
CREATE TEMP TABLE registry_function (
    signature text,
    volatility "char",
    parallel_safety "char"
);
INSERT INTO registry_function VALUES
    ('issue_citizen_id(text,text,date)', 'v', 'u'),
    ('issue_citizen_id(text,text,integer)', 'v', 'u'),
    ('register_citizen_id(citizen_id)', 'v', 'u'),
    ('register_citizen_ids(regclass,name)', 'v', 'u'),
    ('replace_citizen_id(citizen_id,text,text,date,text)', 'v', 'u'),
    ('current_citizen_id(citizen_id)', 's', 's'),
    ('assign_citizen_id()', 'v', 'u'),
    ('citizen_id_mismatches(citizen_id,text,text,date)', 'i', 's'),
    ('citizen_id_matches(citizen_id,text,text,date)', 'i', 's'),
    ('citizen_id_partition_bounds()', 'i', 's'),
    ('is_plausible(citizen_id,date)', 's', 's'),
    ('citizen_id_hash_dependents()', 's', 's'),
    ('citizen_id_require_no_hash_dependents()', 's', 'u');

-------------------------------------------------------------------------
-- The type: an 8-byte integer passed by value, like int8
-------------------------------------------------------------------------

SELECT has_type('citizen_id', 'type citizen_id exists');

SELECT is(
    (SELECT typlen FROM pg_type WHERE oid = 'citizen_id'::regtype),
    8::smallint,
    'citizen_id typlen is 8'
);

SELECT is(
    (SELECT typbyval FROM pg_type WHERE oid = 'citizen_id'::regtype),
    true,
    'citizen_id is passed by value'
);

SELECT is(
    (SELECT typalign FROM pg_type WHERE oid = 'citizen_id'::regtype),
    'd'::"char",
    'citizen_id typalign is d'
);

SELECT is(
    (SELECT typstorage FROM pg_type WHERE oid = 'citizen_id'::regtype),
    'p'::"char",
    'citizen_id typstorage is plain'
);

SELECT results_eq(
    $$SELECT typinput::text, typoutput::text, typreceive::text, typsend::text
      FROM pg_type WHERE oid = 'citizen_id'::regtype$$,
    $$VALUES ('citizen_id_in', 'citizen_id_out',
              'citizen_id_recv', 'citizen_id_send')$$,
    'citizen_id I/O functions'
);

-------------------------------------------------------------------------
-- Volatility, strictness and parallel safety
-------------------------------------------------------------------------

SELECT set_eq(
    $$SELECT oid::regprocedure::text FROM extension_function
      WHERE extname = 'civid' AND prokind = 'f'$$,
    $$SELECT format('%s(%s)', name, array_to_string(argument_types, ','))
      FROM reviewed_function
      UNION ALL
      SELECT signature FROM registry_function$$,
    'reviewed lists cover every function'
);

SELECT volatility_is(
    name, argument_types, 'immutable',
    format('%s is immutable', name)
)
FROM reviewed_function;

SELECT is_strict(
    name, argument_types,
    format('%s is strict', name)
)
FROM reviewed_function;

SELECT is_empty(
    $$SELECT oid::regprocedure::text FROM extension_function
      WHERE extname = 'civid' AND prokind = 'f'
        AND oid::regprocedure::text NOT IN
            (SELECT signature FROM registry_function)
        AND NOT (provolatile = 'i' AND proisstrict AND proparallel = 's')$$,
    'only listed functions lack immutable strict'
);

SELECT set_eq(
    $$SELECT oid::regprocedure::text, provolatile, proparallel
      FROM extension_function
      WHERE extname = 'civid'
        AND oid::regprocedure::text IN
            (SELECT signature FROM registry_function)$$,
    'SELECT signature, volatility, parallel_safety FROM registry_function',
    'non-immutable function volatility'
);

-------------------------------------------------------------------------
-- LEAKPROOF: only functions that cannot raise on a stored value
-------------------------------------------------------------------------

SELECT set_eq(
    $$SELECT oid::regprocedure::text FROM extension_function
      WHERE extname = 'civid' AND proleakproof$$,
    $$VALUES ('citizen_id_eq(citizen_id,citizen_id)'),
             ('citizen_id_ne(citizen_id,citizen_id)'),
             ('citizen_id_lt(citizen_id,citizen_id)'),
             ('citizen_id_le(citizen_id,citizen_id)'),
             ('citizen_id_gt(citizen_id,citizen_id)'),
             ('citizen_id_ge(citizen_id,citizen_id)'),
             ('citizen_id_cmp(citizen_id,citizen_id)'),
             ('citizen_id_hash(citizen_id)'),
             ('citizen_id_hash_extended(citizen_id,bigint)'),
             ('citizen_id_smaller(citizen_id,citizen_id)'),
             ('citizen_id_larger(citizen_id,citizen_id)'),
             ('province_code(citizen_id)'),
             ('registered_abroad(citizen_id)'),
             ('province_name(citizen_id)'),
             ('current_province_code(citizen_id)'),
             ('current_province_name(citizen_id)'),
             ('country_name(citizen_id)'),
             ('country_iso(citizen_id)'),
             ('sex(citizen_id)'),
             ('birth_year(citizen_id)'),
             ('serial_number(citizen_id)'),
             ('citizen_id_info(citizen_id)'),
             ('is_valid_citizen_id(text)'),
             ('mask_citizen_id(citizen_id)')$$,
    'leakproof functions match reviewed list'
);

SELECT is_empty(
    $$SELECT oid::regprocedure::text FROM extension_function
      WHERE extname = 'civid' AND proleakproof
        AND oid::regprocedure::text IN (
            'citizen_id_in(cstring)',
            'citizen_id_out(citizen_id)',
            'citizen_id_recv(internal)',
            'citizen_id_send(citizen_id)',
            'citizen_id(bigint)',
            'make_citizen_id(text,text,integer,integer)',
            'to_citizen_id(text)',
            'citizen_id_code_table()')$$,
    'raising functions are not leakproof'
);

-------------------------------------------------------------------------
-- Operators
-------------------------------------------------------------------------

SELECT has_operator('citizen_id', op, 'citizen_id', 'boolean',
                    format('operator %s exists', op))
FROM unnest(ARRAY['=', '<>', '<', '<=', '>', '>=']) AS op;

SELECT results_eq(
    $$SELECT oprname::text COLLATE "default", oprcode::text FROM pg_operator
      WHERE oprleft = 'citizen_id'::regtype
        AND oprright = 'citizen_id'::regtype
      ORDER BY oprname$$,
    $$VALUES ('<', 'citizen_id_lt'), ('<=', 'citizen_id_le'),
             ('<>', 'citizen_id_ne'), ('=', 'citizen_id_eq'),
             ('>', 'citizen_id_gt'), ('>=', 'citizen_id_ge')$$,
    'operator functions'
);

SELECT results_eq(
    $$SELECT oprname::text COLLATE "default", oprcom::regoperator::text FROM pg_operator
      WHERE oprleft = 'citizen_id'::regtype
        AND oprright = 'citizen_id'::regtype
      ORDER BY oprname$$,
    $$VALUES ('<', '>(citizen_id,citizen_id)'),
             ('<=', '>=(citizen_id,citizen_id)'),
             ('<>', '<>(citizen_id,citizen_id)'),
             ('=', '=(citizen_id,citizen_id)'),
             ('>', '<(citizen_id,citizen_id)'),
             ('>=', '<=(citizen_id,citizen_id)')$$,
    'operator commutators'
);

SELECT results_eq(
    $$SELECT oprname::text COLLATE "default", oprnegate::regoperator::text FROM pg_operator
      WHERE oprleft = 'citizen_id'::regtype
        AND oprright = 'citizen_id'::regtype
      ORDER BY oprname$$,
    $$VALUES ('<', '>=(citizen_id,citizen_id)'),
             ('<=', '>(citizen_id,citizen_id)'),
             ('<>', '=(citizen_id,citizen_id)'),
             ('=', '<>(citizen_id,citizen_id)'),
             ('>', '<=(citizen_id,citizen_id)'),
             ('>=', '<(citizen_id,citizen_id)')$$,
    'operator negators'
);

SELECT results_eq(
    $$SELECT oprname::text COLLATE "default", oprrest::text FROM pg_operator
      WHERE oprleft = 'citizen_id'::regtype
        AND oprright = 'citizen_id'::regtype
      ORDER BY oprname$$,
    $$VALUES ('<', 'scalarltsel'), ('<=', 'scalarlesel'),
             ('<>', 'neqsel'), ('=', 'eqsel'),
             ('>', 'scalargtsel'), ('>=', 'scalargesel')$$,
    'operator restriction estimators'
);

SELECT results_eq(
    $$SELECT oprname::text COLLATE "default", oprjoin::text FROM pg_operator
      WHERE oprleft = 'citizen_id'::regtype
        AND oprright = 'citizen_id'::regtype
      ORDER BY oprname$$,
    $$VALUES ('<', 'scalarltjoinsel'), ('<=', 'scalarlejoinsel'),
             ('<>', 'neqjoinsel'), ('=', 'eqjoinsel'),
             ('>', 'scalargtjoinsel'), ('>=', 'scalargejoinsel')$$,
    'operator join estimators'
);

SELECT is(
    (SELECT oprcanhash FROM pg_operator
     WHERE oid = '=(citizen_id,citizen_id)'::regoperator),
    true,
    'operator = supports hash joins'
);

SELECT is(
    (SELECT oprcanmerge FROM pg_operator
     WHERE oid = '=(citizen_id,citizen_id)'::regoperator),
    true,
    'operator = supports merge joins'
);

-------------------------------------------------------------------------
-- Operator classes
-------------------------------------------------------------------------

SELECT has_opclass('citizen_id_ops', 'opclass citizen_id_ops exists');

SELECT has_opclass('citizen_id_hash_ops', 'opclass citizen_id_hash_ops exists');

SELECT results_eq(
    $$SELECT a.amname::text COLLATE "default", c.opcdefault, c.opcintype::regtype::text
      FROM pg_opclass AS c JOIN pg_am AS a ON a.oid = c.opcmethod
      WHERE c.opcname = 'citizen_id_ops'$$,
    $$VALUES ('btree', true, 'citizen_id')$$,
    'citizen_id_ops is default for btree'
);

SELECT results_eq(
    $$SELECT a.amname::text COLLATE "default", c.opcdefault, c.opcintype::regtype::text
      FROM pg_opclass AS c JOIN pg_am AS a ON a.oid = c.opcmethod
      WHERE c.opcname = 'citizen_id_hash_ops'$$,
    $$VALUES ('hash', true, 'citizen_id')$$,
    'citizen_id_hash_ops is default for hash'
);

SELECT is(
    (SELECT amvalidate(oid) FROM pg_opclass WHERE opcname = 'citizen_id_ops'),
    true,
    'citizen_id_ops passes amvalidate'
);

SELECT is(
    (SELECT amvalidate(oid) FROM pg_opclass
     WHERE opcname = 'citizen_id_hash_ops'),
    true,
    'citizen_id_hash_ops passes amvalidate'
);

SELECT results_eq(
    $$SELECT o.amopstrategy::integer, o.amopopr::regoperator::text
      FROM pg_amop AS o JOIN pg_opclass AS c ON c.opcfamily = o.amopfamily
      WHERE c.opcname = 'citizen_id_ops'
      ORDER BY o.amopstrategy$$,
    $$VALUES (1, '<(citizen_id,citizen_id)'),
             (2, '<=(citizen_id,citizen_id)'),
             (3, '=(citizen_id,citizen_id)'),
             (4, '>=(citizen_id,citizen_id)'),
             (5, '>(citizen_id,citizen_id)')$$,
    'btree strategy operators'
);

SELECT is(
    (SELECT p.amproc::text
     FROM pg_amproc AS p JOIN pg_opclass AS c ON c.opcfamily = p.amprocfamily
     WHERE c.opcname = 'citizen_id_ops' AND p.amprocnum = 1),
    'citizen_id_cmp',
    'btree FUNCTION 1 is citizen_id_cmp'
);

SELECT is(
    (SELECT p.amproc::text
     FROM pg_amproc AS p JOIN pg_opclass AS c ON c.opcfamily = p.amprocfamily
     WHERE c.opcname = 'citizen_id_ops' AND p.amprocnum = 2),
    'btint8sortsupport',
    'btree FUNCTION 2 is sort support'
);

SELECT is(
    (SELECT p.amproc::text
     FROM pg_amproc AS p JOIN pg_opclass AS c ON c.opcfamily = p.amprocfamily
     WHERE c.opcname = 'citizen_id_ops' AND p.amprocnum = 4),
    'btequalimage',
    'btree FUNCTION 4 is btequalimage'
);

SELECT results_eq(
    $$SELECT p.amprocnum::integer, p.amproc::text
      FROM pg_amproc AS p JOIN pg_opclass AS c ON c.opcfamily = p.amprocfamily
      WHERE c.opcname = 'citizen_id_hash_ops'
      ORDER BY p.amprocnum$$,
    $$VALUES (1, 'citizen_id_hash'), (2, 'citizen_id_hash_extended')$$,
    'hash support functions'
);

-------------------------------------------------------------------------
-- Casts: explicit only, in both directions with bigint
-------------------------------------------------------------------------

SELECT has_cast('citizen_id', 'bigint', 'cast citizen_id to bigint exists');

SELECT has_cast('bigint', 'citizen_id', 'citizen_id',
                'cast bigint to citizen_id exists');

SELECT cast_context_is('citizen_id', 'bigint', 'explicit',
                       'cast to bigint is explicit');

SELECT cast_context_is('bigint', 'citizen_id', 'explicit',
                       'cast from bigint is explicit');

SELECT is(
    (SELECT castmethod FROM pg_cast
     WHERE castsource = 'citizen_id'::regtype
       AND casttarget = 'bigint'::regtype),
    'b'::"char",
    'cast to bigint is binary coercible'
);

SELECT set_eq(
    $$SELECT castsource::regtype::text, casttarget::regtype::text,
             castcontext::text
      FROM pg_cast
      WHERE castsource = 'citizen_id'::regtype
         OR casttarget = 'citizen_id'::regtype$$,
    $$VALUES ('citizen_id', 'bigint', 'e'), ('bigint', 'citizen_id', 'e')$$,
    'only the two explicit casts exist'
);

SELECT is_empty(
    $$SELECT c.castsource::regtype::text, c.casttarget::regtype::text
      FROM pg_cast AS c
      JOIN pg_type AS s ON s.oid = c.castsource
      JOIN pg_type AS t ON t.oid = c.casttarget
      WHERE c.castcontext <> 'e'
        AND ((s.oid = 'citizen_id'::regtype AND t.typcategory = 'N')
          OR (t.oid = 'citizen_id'::regtype AND s.typcategory = 'N'))$$,
    'no implicit casts with numeric types'
);

SELECT throws_ok(
    $$SELECT '001099000123'::citizen_id = 1099000123::bigint$$,
    '42883',
    NULL,
    'citizen_id = bigint does not resolve'
);

SELECT throws_ok(
    $$SELECT '001099000123'::citizen_id + 1$$,
    '42883',
    NULL,
    'citizen_id has no arithmetic'
);

CREATE TEMP TABLE bigint_column (value bigint);
CREATE TEMP TABLE citizen_id_column (value citizen_id);

SELECT throws_ok(
    $$INSERT INTO bigint_column VALUES ('001099000123'::citizen_id)$$,
    '42804',
    NULL,
    'no assignment cast to bigint'
);

SELECT throws_ok(
    $$INSERT INTO citizen_id_column VALUES (1099000123::bigint)$$,
    '42804',
    NULL,
    'no assignment cast from bigint'
);

SELECT throws_ok(
    $$SELECT 1099000123::numeric::citizen_id$$,
    '42846',
    NULL,
    'no cast from numeric'
);

DROP TABLE bigint_column, citizen_id_column;

-------------------------------------------------------------------------
-- Comments on the type and every function meant for users
-------------------------------------------------------------------------

SELECT isnt(
    obj_description('citizen_id'::regtype, 'pg_type'),
    NULL,
    'type citizen_id has a comment'
);

SELECT is_empty(
    $$SELECT signature
      FROM (VALUES ('citizen_id(bigint)'),
                   ('province_code(citizen_id)'),
                   ('registered_abroad(citizen_id)'),
                   ('province_name(citizen_id)'),
                   ('current_province_code(citizen_id)'),
                   ('current_province_name(citizen_id)'),
                   ('country_name(citizen_id)'),
                   ('country_iso(citizen_id)'),
                   ('sex(citizen_id)'),
                   ('birth_year(citizen_id)'),
                   ('serial_number(citizen_id)'),
                   ('citizen_id_info(citizen_id)'),
                   ('make_citizen_id(text,text,integer,integer)'),
                   ('is_valid_citizen_id(text)'),
                   ('to_citizen_id(text)'),
                   ('citizen_id_code_table()'),
                   ('issue_citizen_id(text,text,date)'),
                   ('issue_citizen_id(text,text,integer)'),
                   ('register_citizen_id(citizen_id)'),
                   ('register_citizen_ids(regclass,name)'),
                   ('replace_citizen_id(citizen_id,text,text,date,text)'),
                   ('current_citizen_id(citizen_id)'),
                   ('assign_citizen_id()'),
                   ('min(citizen_id)'),
                   ('max(citizen_id)')) AS f (signature)
      WHERE coalesce(obj_description(to_regprocedure(signature), 'pg_proc'),
                     '') = ''$$,
    'every user function has a comment'
);

SELECT isnt(
    obj_description('citizen_id_codes'::regclass, 'pg_class'),
    NULL,
    'view citizen_id_codes has a comment'
);

-------------------------------------------------------------------------
-- Aggregates
-------------------------------------------------------------------------

SELECT is_aggregate('min', ARRAY['citizen_id'], 'aggregate min exists');

SELECT is_aggregate('max', ARRAY['citizen_id'], 'aggregate max exists');

SELECT is(
    (SELECT proparallel FROM pg_proc
     WHERE oid = 'min(citizen_id)'::regprocedure),
    's'::"char",
    'aggregate min is parallel safe'
);

SELECT is(
    (SELECT proparallel FROM pg_proc
     WHERE oid = 'max(citizen_id)'::regprocedure),
    's'::"char",
    'aggregate max is parallel safe'
);

SELECT is(
    (SELECT aggsortop::regoperator::text FROM pg_aggregate
     WHERE aggfnoid = 'min(citizen_id)'::regprocedure),
    '<(citizen_id,citizen_id)',
    'aggregate min sorts by <'
);

SELECT is(
    (SELECT aggsortop::regoperator::text FROM pg_aggregate
     WHERE aggfnoid = 'max(citizen_id)'::regprocedure),
    '>(citizen_id,citizen_id)',
    'aggregate max sorts by >'
);

-------------------------------------------------------------------------
-- Schema: every object except the registry goes into the schema that
-- CREATE EXTENSION names
-------------------------------------------------------------------------

-- Member objects of civid whose schema differs from the extension's.  Casts
-- are members too but have no schema.  A member of any other kind the CASE
-- does not handle, such as a schema, is listed as well.
CREATE TEMP VIEW misplaced_member AS
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS member
FROM pg_extension AS e
JOIN pg_depend AS d
  ON d.refclassid = 'pg_extension'::regclass
 AND d.refobjid = e.oid
 AND d.deptype = 'e'
WHERE e.extname = 'civid'
  AND d.classid <> 'pg_cast'::regclass
  AND e.extnamespace IS DISTINCT FROM CASE d.classid
        WHEN 'pg_proc'::regclass THEN
            (SELECT pronamespace FROM pg_proc WHERE oid = d.objid)
        WHEN 'pg_type'::regclass THEN
            (SELECT typnamespace FROM pg_type WHERE oid = d.objid)
        WHEN 'pg_operator'::regclass THEN
            (SELECT oprnamespace FROM pg_operator WHERE oid = d.objid)
        WHEN 'pg_opclass'::regclass THEN
            (SELECT opcnamespace FROM pg_opclass WHERE oid = d.objid)
        WHEN 'pg_opfamily'::regclass THEN
            (SELECT opfnamespace FROM pg_opfamily WHERE oid = d.objid)
        WHEN 'pg_class'::regclass THEN
            (SELECT relnamespace FROM pg_class WHERE oid = d.objid)
      END;

SELECT is(
    (SELECT extnamespace::regnamespace::text FROM pg_extension
     WHERE extname = 'civid'),
    current_schema()::text,
    'civid installed in current schema'
);

SELECT is(
    (SELECT extrelocatable FROM pg_extension WHERE extname = 'civid'),
    false,
    'civid is not relocatable'
);

-- The registry table lives in the fixed schema civid_registry, so that
-- PUBLIC has no access to it wherever the extension is installed.
SELECT set_eq(
    'SELECT member FROM misplaced_member',
    $$VALUES ('schema civid_registry'), ('table civid_registry.entries')$$,
    'only registry outside extension schema'
);

DROP EXTENSION civid;
CREATE SCHEMA civid_elsewhere;
CREATE EXTENSION civid SCHEMA civid_elsewhere;

SELECT results_eq(
    $$SELECT typnamespace::regnamespace::text FROM pg_type
      WHERE typname = 'citizen_id'$$,
    $$VALUES ('civid_elsewhere')$$,
    'type created in named schema'
);

SELECT set_eq(
    'SELECT member FROM misplaced_member',
    $$VALUES ('schema civid_registry'), ('table civid_registry.entries')$$,
    'only registry outside named schema'
);

SELECT is_empty(
    $$SELECT p.oid::regprocedure::text FROM pg_proc AS p
      JOIN reviewed_function AS r ON r.name = p.proname
      WHERE p.pronamespace = 'public'::regnamespace$$,
    'no civid function left in public'
);

-- Use the moved extension with a search_path that lacks its schema,
-- because no function body may depend on finding civid objects by name.
SET LOCAL search_path = pg_catalog, pg_temp;

CREATE TEMP TABLE moved_extension_result AS
SELECT civid_elsewhere.birth_year(id) AS birth_year,
       civid_elsewhere.current_province_name(id) AS current_province_name,
       (SELECT count(*) FROM civid_elsewhere.citizen_id_codes)::integer
           AS code_count,
       id OPERATOR(civid_elsewhere.=) civid_elsewhere.to_citizen_id('035-199-000-123')
           AS lenient_equal,
       (SELECT civid_elsewhere.max(v)::text
        FROM (VALUES (id), ('020093001656'::civid_elsewhere.citizen_id)) AS t (v))
           AS largest
FROM (SELECT '035199000123'::civid_elsewhere.citizen_id AS id) AS sample;

RESET search_path;

SELECT results_eq(
    $$SELECT birth_year, current_province_name, code_count,
             lenient_equal, largest
      FROM moved_extension_result$$,
    $$VALUES (1999, 'Ninh Bình', 266, true, '035199000123')$$,
    'works without schema in search_path'
);

SELECT * FROM finish();
ROLLBACK;
