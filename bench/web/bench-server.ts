// Starts bench/web/serve-demo.ts in a child process (so that the load generator and the browser do not share its
// event loop) and gives its address.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BenchServer {
  url: string;
  france: boolean;
  stop(): Promise<void>;
}

export const startBenchServer = (args: string[] = []): Promise<BenchServer> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', new URL('./serve-demo.ts', import.meta.url).pathname, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('exit', (code) => reject(new Error(`le serveur de banc d'essai s'est arrêté (code ${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { url, france } = JSON.parse(line) as { url: string; france: boolean };
      resolve({
        url,
        france,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
