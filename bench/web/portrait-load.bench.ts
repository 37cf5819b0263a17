// The API under load: the portraits of the EPCI of Haute-Garonne (Toulouse Métropole, the CC du Volvestre and the 16
// others) at 200 concurrent connections for 20 s, with autocannon, the server in its own process on the demo data.
// Each connection asks for them in turn, as visitors looking at different territories. Goal: p99 under 50 ms, no
// error. The requests ask for compression as a browser does. Each portrait is first asked once (a first visitor, its
// time shown apart); under load the server answers from its per-data-version cache. The load generator shares the
// machine's cores with the server.
// The peer, in the same run: node's bare HTTP server (floor-server.ts, its own process too) answering the same bytes
// and headers Socle sent, under the same load. Its figures are this machine's floor; the ratios say what Socle adds.
import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quantile, printTable } from '../bench-utils.js';
import { startBenchServer, type BenchServer } from './bench-server.js';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 200);
const DURATION = Number(process.env.DURATION ?? 20);
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** One answer as it went on the wire (still compressed), with its headers. */
const record = (url: string) =>
  new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': ACCEPT_ENCODING } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string' && k !== 'date' && k !== 'connection' && k !== 'keep-alive') headers[k] = v;
        resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks).toString('base64') });
      });
    })
      .on('error', reject)
      .end();
  });

const load = async (target: BenchServer, paths: string[]) => {
  const serverCpu0 = target.cpuSeconds();
  const generatorCpu0 = process.cpuUsage();
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'accept-encoding': ACCEPT_ENCODING },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const serverCpu1 = target.cpuSeconds();
  const generatorCpu = process.cpuUsage(generatorCpu0);
  return {
    result,
    serverCpu: serverCpu0 === null || serverCpu1 === null ? null : serverCpu1 - serverCpu0,
    generatorCpu: (generatorCpu.user + generatorCpu.system) / 1e6,
  };
};

const server = await startBenchServer();
let floor: BenchServer | undefined;
try {
  // The EPCI a person can pick on the indicator page of Haute-Garonne.
  const listed = (await (await fetch(`${server.url}/api/v1/indicators/population/values?within=dep:31&level=epci`)).json()) as { values: { ref: string }[] };
  const paths = listed.values.map((v) => `/api/v1/territories/${v.ref}/portrait`);
  if (!paths.includes('/api/v1/territories/epci:243100518/portrait')) throw new Error('Toulouse Métropole manque parmi les EPCI de la démo');

  const firstVisits: number[] = [];
  const encoded: number[] = [];
  const raw: number[] = [];
  for (const path of paths) {
    const t0 = performance.now();
    const res = await fetch(server.url + path, { headers: { 'accept-encoding': ACCEPT_ENCODING } });
    // fetch decodes the body: the size on the wire is the Content-Length of the encoded answer.
    raw.push((await res.arrayBuffer()).byteLength);
    firstVisits.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${path} : ${res.status}`);
    encoded.push(Number(res.headers.get('content-length')));
  }
  const t0 = performance.now();
  await (await fetch(server.url + paths[0], { headers: { 'accept-encoding': ACCEPT_ENCODING } })).arrayBuffer();
  const warm = performance.now() - t0;

  const recordedFile = join(tmpdir(), `socle-portraits-${process.pid}.json`);
  writeFileSync(recordedFile, JSON.stringify(await Promise.all(paths.map(async (path) => ({ path, ...(await record(server.url + path)) })))));

  const socle = await load(server, paths);
  const { result } = socle;
  const machineLoad = (await import('node:os')).loadavg()[0];
  floor = await startBenchServer([recordedFile], './floor-server.ts');
  const peer = await load(floor, paths);
  const perRequest = (seconds: number, total = result.requests.total) => `${((seconds / total) * 1e6).toFixed(0)} µs/requête`;
  const kb = (n: number) => (n / 1024).toFixed(1);
  printTable(`Portraits des ${paths.length} EPCI de Haute-Garonne sous charge (${CONNECTIONS} connexions, ${DURATION} s, autocannon)`, [
    ['charge de la machine (1 min, 2 cœurs)', machineLoad.toFixed(1)],
    ['réponses (JSON / brotli, min–max)', `${kb(Math.min(...raw))}–${kb(Math.max(...raw))} ko / ${kb(Math.min(...encoded))}–${kb(Math.max(...encoded))} ko`],
    ['1re visite d’un portrait (médiane / max)', `${quantile(firstVisits, 0.5).toFixed(0)} ms / ${Math.max(...firstVisits).toFixed(0)} ms`],
    ['une requête à chaud', `${warm.toFixed(1)} ms`],
    ['requêtes', String(result.requests.total)],
    ['requêtes/s (moyenne)', result.requests.average.toFixed(0)],
    ['latence p50', `${result.latency.p50} ms`],
    ['latence p99', `${result.latency.p99} ms`],
    ['latence max', `${result.latency.max} ms`],
    ['CPU du serveur', socle.serverCpu === null ? 'non mesuré' : `${socle.serverCpu.toFixed(1)} s, ${perRequest(socle.serverCpu)}`],
    ['CPU du générateur de charge', `${socle.generatorCpu.toFixed(1)} s, ${perRequest(socle.generatorCpu)}`],
    ['erreurs', String(result.errors)],
    ['délais dépassés', String(result.timeouts)],
    ['réponses non 2xx', String(result.non2xx)],
    ['objectif p99 < 50 ms, 0 erreur', result.latency.p99 < 50 && result.errors === 0 && result.non2xx === 0 ? 'atteint' : 'manqué'],
    ['pair : node:http nu, mêmes octets — requêtes/s', peer.result.requests.average.toFixed(0)],
    ['pair : latence p50 / p99', `${peer.result.latency.p50} ms / ${peer.result.latency.p99} ms`],
    ['pair : CPU du serveur', peer.serverCpu === null ? 'non mesuré' : `${peer.serverCpu.toFixed(1)} s, ${perRequest(peer.serverCpu, peer.result.requests.total)}`],
    ['pair : erreurs / non 2xx', `${peer.result.errors} / ${peer.result.non2xx}`],
    ['ratio Socle / pair : requêtes/s', (result.requests.average / peer.result.requests.average).toFixed(2)],
    ['ratio Socle / pair : p99', (result.latency.p99 / peer.result.latency.p99).toFixed(2)],
  ]);
} finally {
  await floor?.stop();
  await server.stop();
}
