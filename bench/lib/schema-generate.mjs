// Deterministic generators of SQL inputs for the schema benchmark and the bad-input tests:
// a pg_dump --schema-only lookalike of a given size, and a migration folder of N files.

const COLUMN_KINDS = [
  ['id', 'bigint NOT NULL'],
  ['customer_id', 'bigint NOT NULL'],
  ['from_number', 'character varying(20)'],
  ['to_number', 'character varying(20)'],
  ['client_ip', 'inet'],
  ['user_agent', 'text'],
  ['message_body', 'text'],
  ['status', 'text DEFAULT \'queued\'::text NOT NULL'],
  ['segments', 'smallint DEFAULT 1 NOT NULL'],
  ['price', 'numeric(10,4)'],
  ['email', 'public.citext'],
  ['first_name', 'text'],
  ['created_at', 'timestamp with time zone DEFAULT now() NOT NULL'],
  ['updated_at', 'timestamp with time zone'],
  ['payload', 'jsonb'],
  ['country_code', 'character(2)'],
];

/** A tiny deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tableBlock(i, random) {
  const name = `table_${String(i).padStart(5, '0')}`;
  const n = 4 + Math.floor(random() * 10);
  const cols = [];
  for (let k = 0; k < n; k++) {
    const [c, t] = COLUMN_KINDS[(i + k * 3) % COLUMN_KINDS.length];
    cols.push(`    ${c}_${k} ${t}`);
  }
  const out = [];
  out.push(`--\n-- Name: ${name}; Type: TABLE; Schema: public; Owner: app\n--\n`);
  out.push(`CREATE TABLE public.${name} (\n${cols.join(',\n')}\n);\n\n`);
  out.push(`ALTER TABLE public.${name} OWNER TO app;\n\n`);
  out.push(`COMMENT ON TABLE public.${name} IS 'Generated table ${i}. @category ${i % 3 === 0 ? 'traffic-data' : 'customer-data'}';\n\n`);
  out.push(`CREATE SEQUENCE public.${name}_id_seq\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;\n\n`);
  out.push(`ALTER SEQUENCE public.${name}_id_seq OWNED BY public.${name}.id_0;\n\n`);
  out.push(`ALTER TABLE ONLY public.${name}\n    ADD CONSTRAINT ${name}_pkey PRIMARY KEY (id_0);\n\n`);
  out.push(`CREATE INDEX ${name}_created_idx ON public.${name} USING btree (id_0);\n\n`);
  if (i % 7 === 0) {
    out.push(`CREATE FUNCTION public.purge_${name}() RETURNS void\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n  DELETE FROM public.${name} WHERE created_at_12 < now() - interval '60 days';\nEND\n$$;\n\n`);
  }
  if (i % 11 === 0) {
    out.push(`CREATE VIEW public.${name}_recent AS\n SELECT * FROM public.${name} WHERE (id_0 > 100);\n\n`);
  }
  return out.join('');
}

/** A pg_dump --schema-only lookalike of at least `bytes` bytes. */
export function generateDump(bytes, seed = 1) {
  const random = rng(seed);
  const head = [
    '--\n-- PostgreSQL database dump\n--\n\n',
    "SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n",
    "SELECT pg_catalog.set_config('search_path', '', false);\nSET check_function_bodies = false;\n\n",
    'CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;\n\n',
  ].join('');
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const block = tableBlock(i, random);
    parts.push(block);
    size += block.length;
  }
  parts.push('--\n-- PostgreSQL database dump complete\n--\n');
  return parts.join('');
}

/** `count` Flyway-style migrations: creates, adds, renames, drops, comments and jobs. Returns {name: text}. */
export function generateMigrations(count, seed = 2) {
  const random = rng(seed);
  const files = {};
  const tables = [];
  for (let i = 1; i <= count; i++) {
    const stmts = [];
    const kind = tables.length < 5 ? 0 : Math.floor(random() * 6);
    if (kind === 0 || kind === 1) {
      const t = `t_${i}`;
      tables.push(t);
      const cols = COLUMN_KINDS.slice(0, 4 + (i % 8)).map(([c, type], k) => `  ${k === 1 ? '-- @category traffic-data\n  ' : ''}${c} ${type}`);
      stmts.push(`-- @category ${i % 2 ? 'traffic-data' : 'customer-data'}\nCREATE TABLE ${t} (\n${cols.join(',\n')}\n);`);
      stmts.push(`CREATE INDEX ${t}_created ON ${t} (created_at);`);
    } else if (kind === 2) {
      const t = tables[Math.floor(random() * tables.length)];
      stmts.push(`ALTER TABLE ${t} ADD COLUMN note_${i} text; -- @category debug-data`);
      stmts.push(`COMMENT ON COLUMN ${t}.note_${i} IS 'free text @category debug-data';`);
    } else if (kind === 3) {
      const t = tables[Math.floor(random() * tables.length)];
      stmts.push(`ALTER TABLE ${t} ADD COLUMN tmp_${i} integer;\nALTER TABLE ${t} RENAME COLUMN tmp_${i} TO counter_${i};\nALTER TABLE ${t} ALTER COLUMN counter_${i} TYPE bigint;`);
    } else if (kind === 4) {
      const t = tables[Math.floor(random() * tables.length)];
      stmts.push(`SELECT cron.schedule('purge-${t}-${i}', '0 3 * * *', $$DELETE FROM ${t} WHERE created_at < now() - interval '${(i % 90) + 1} days'$$);`);
    } else {
      const t = tables[Math.floor(random() * tables.length)];
      stmts.push(`UPDATE ${t} SET status = 'migrated' WHERE status IS NULL;\nINSERT INTO audit_log (event, at) VALUES ('migration ${i}', now());`);
    }
    files[`V${i}__step_${i}.sql`] = `-- Migration ${i}\n${stmts.join('\n\n')}\n`;
  }
  return files;
}
