-- Catalog fingerprint of the installed civid: every member object with the
-- properties that an upgrade must reproduce exactly.  Run with psql -At;
-- the output is sorted, so two installs compare with diff.

SELECT 'member ' || pg_describe_object(d.classid, d.objid, d.objsubid)
FROM pg_depend AS d
JOIN pg_extension AS e ON e.oid = d.refobjid
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.deptype = 'e'
  AND e.extname = 'civid'

UNION ALL

SELECT format('function %s volatile=%s parallel=%s leakproof=%s strict=%s '
              'security_definer=%s returns=%s support=%s config=%s language=%s source=%s',
              p.oid::regprocedure, p.provolatile, p.proparallel,
              p.proleakproof, p.proisstrict, p.prosecdef,
              pg_get_function_result(p.oid), p.prosupport::regproc,
              p.proconfig, l.lanname,
              CASE WHEN l.lanname IN ('c', 'internal') THEN p.prosrc
                   ELSE md5(p.prosrc) END)
FROM pg_proc AS p
JOIN pg_language AS l ON l.oid = p.prolang
JOIN pg_depend AS d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_extension AS e ON e.oid = d.refobjid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND e.extname = 'civid'

UNION ALL

SELECT format('operator %s commutator=%s negator=%s restrict=%s join=%s '
              'hashes=%s merges=%s function=%s',
              o.oid::regoperator, o.oprcom::regoperator,
              o.oprnegate::regoperator, o.oprrest, o.oprjoin,
              o.oprcanhash, o.oprcanmerge, o.oprcode)
FROM pg_operator AS o
JOIN pg_depend AS d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid
JOIN pg_extension AS e ON e.oid = d.refobjid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND e.extname = 'civid'

UNION ALL

SELECT format('opclass %s %s default=%s: %s', am.amname, c.opcname,
              c.opcdefault, pg_describe_object('pg_amop'::regclass, ao.oid, 0))
FROM pg_opclass AS c
JOIN pg_am AS am ON am.oid = c.opcmethod
JOIN pg_amop AS ao ON ao.amopfamily = c.opcfamily
WHERE c.opcintype = 'citizen_id'::regtype

UNION ALL

SELECT format('opclass %s %s default=%s: %s', am.amname, c.opcname,
              c.opcdefault, pg_describe_object('pg_amproc'::regclass, ap.oid, 0))
FROM pg_opclass AS c
JOIN pg_am AS am ON am.oid = c.opcmethod
JOIN pg_amproc AS ap ON ap.amprocfamily = c.opcfamily
WHERE c.opcintype = 'citizen_id'::regtype

UNION ALL

SELECT format('cast %s -> %s context=%s method=%s function=%s',
              c.castsource::regtype, c.casttarget::regtype, c.castcontext,
              c.castmethod, c.castfunc::regprocedure)
FROM pg_cast AS c
WHERE c.castsource = 'citizen_id'::regtype
   OR c.casttarget = 'citizen_id'::regtype

UNION ALL

SELECT format('type %s len=%s byval=%s align=%s storage=%s',
              t.oid::regtype, t.typlen, t.typbyval, t.typalign, t.typstorage)
FROM pg_type AS t
WHERE t.oid = 'citizen_id'::regtype

UNION ALL

SELECT format('acl %s %s', pg_describe_object(d.classid, d.objid, 0),
              replace(CASE d.classid
                  WHEN 'pg_proc'::regclass THEN
                      (SELECT proacl::text FROM pg_proc WHERE oid = d.objid)
                  WHEN 'pg_class'::regclass THEN
                      (SELECT relacl::text FROM pg_class WHERE oid = d.objid)
                  WHEN 'pg_namespace'::regclass THEN
                      (SELECT nspacl::text FROM pg_namespace WHERE oid = d.objid)
              END, e.extowner::regrole::text, 'OWNER'))
FROM pg_depend AS d
JOIN pg_extension AS e ON e.oid = d.refobjid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND e.extname = 'civid'
  AND d.classid IN ('pg_proc'::regclass, 'pg_class'::regclass,
                    'pg_namespace'::regclass)

UNION ALL

SELECT format('column %s.%s %s notnull=%s default=%s',
              a.attrelid::regclass, a.attname,
              format_type(a.atttypid, a.atttypmod), a.attnotnull,
              pg_get_expr(ad.adbin, ad.adrelid))
FROM pg_attribute AS a
LEFT JOIN pg_attrdef AS ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attrelid = 'civid_registry.entries'::regclass
  AND a.attnum > 0 AND NOT a.attisdropped

UNION ALL

SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid))
FROM pg_constraint
WHERE conrelid = 'civid_registry.entries'::regclass

ORDER BY 1;
