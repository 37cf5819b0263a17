// Starts bench/web/serve-demo.ts in a child process (so that the load generator and the browser do not share its
// event loop) and gives its address.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface BenchServer {
  url: string;
  france: boolean;
  /** CPU seconds the server process has used so far (Linux), to set against the load generator's. */
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

/** `script`: another server of this folder that prints the same first line (floor-server.ts, the peer). */
export const startBenchServer = (args: string[] = [], script = './serve-demo.ts'): Promise<BenchServer> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', new URL(script, import.meta.url).pathname, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      // As bin/socle.js runs it: React's production build for the server render.
      env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' },
    });
    child.once('exit', (code) => reject(new Error(`le serveur de banc d'essai s'est arrêté (code ${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { url, france } = JSON.parse(line) as { url: string; france: boolean };
      resolve({
        url,
        france,
        cpuSeconds: () => {
          try {
            // utime and stime, fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses.
            const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
            return (Number(fields[11]) + Number(fields[12])) / 100;
          } catch {
            return null;
          }
        },
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
