// PostgreSQL 18 + pgvector (PGlite, compiled to WASM) behind the PostgreSQL wire protocol, for the
// sample app's pgvector profile where no PostgreSQL with pgvector is installed.
//
//   node pglite-server.mjs [--port 5432] [--host 127.0.0.1] [--data-dir ./pgdata] [--max-connections 16]
//
// Without --data-dir the database lives in memory. Prints "PGLITE READY <host>:<port>" once it accepts
// connections. JDBC needs prepareThreshold=0 (PGlite is one shared backend), e.g.
//   jdbc:postgresql://127.0.0.1:5432/postgres?prepareThreshold=0   (user postgres, any password)
import { PGlite } from '@electric-sql/pglite';
import { hstore } from '@electric-sql/pglite/contrib/hstore';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PGLITE_PORT ?? '5432' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string' },
    'max-connections': { type: 'string', default: '16' },
  },
});

// PgVectorStore's schema initialisation creates these three extensions
const db = await PGlite.create(values['data-dir'], { extensions: { vector, hstore, uuid_ossp } });
await db.exec('CREATE EXTENSION IF NOT EXISTS vector;');

const server = new PGLiteSocketServer({
  db,
  host: values.host,
  port: Number(values.port),
  // the default of 1 makes pgjdbc's connection pool fail with "Connection reset"
  maxConnections: Number(values['max-connections']),
});
await server.start();
console.log(`PGLITE READY ${server.getServerConn()}`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  try {
    await server.stop();
    await db.close(); // flushes the data directory
    console.log(`PGLITE STOPPED (${signal})`);
    process.exit(0);
  } catch (e) {
    console.error('PGLITE STOP FAILED', e);
    process.exit(1);
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => shutdown(signal));
}
