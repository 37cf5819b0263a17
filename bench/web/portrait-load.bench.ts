// The API under load: the portraits of the EPCI of Haute-Garonne (Toulouse Métropole, the CC du Volvestre and the 16
// others) at 200 concurrent connections for 20 s, with autocannon, the server in its own process on the demo data.
// Each connection asks for them in turn, as visitors looking at different territories. Goal: p99 under 50 ms, no
// error. The requests ask for compression as a browser does. Each portrait is first asked once (a first visitor, its
// time shown apart); under load the server answers from its per-data-version cache. The load generator shares the
// machine's cores with the server.
import autocannon from 'autocannon';
import { quantile, printTable } from '../bench-utils.js';
import { startBenchServer } from './bench-server.js';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 200);
const DURATION = Number(process.env.DURATION ?? 20);
const ACCEPT_ENCODING = 'gzip, deflate, br';

const server = await startBenchServer();
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

  const serverCpu0 = server.cpuSeconds();
  const generatorCpu0 = process.cpuUsage();
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'accept-encoding': ACCEPT_ENCODING },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const serverCpu1 = server.cpuSeconds();
  const generatorCpu = process.cpuUsage(generatorCpu0);
  const load = (await import('node:os')).loadavg()[0];
  const perRequest = (seconds: number) => `${((seconds / result.requests.total) * 1e6).toFixed(0)} µs/requête`;
  const kb = (n: number) => (n / 1024).toFixed(1);
  printTable(`Portraits des ${paths.length} EPCI de Haute-Garonne sous charge (${CONNECTIONS} connexions, ${DURATION} s, autocannon)`, [
    ['charge de la machine (1 min, 2 cœurs)', load.toFixed(1)],
    ['réponses (JSON / brotli, min–max)', `${kb(Math.min(...raw))}–${kb(Math.max(...raw))} ko / ${kb(Math.min(...encoded))}–${kb(Math.max(...encoded))} ko`],
    ['1re visite d’un portrait (médiane / max)', `${quantile(firstVisits, 0.5).toFixed(0)} ms / ${Math.max(...firstVisits).toFixed(0)} ms`],
    ['une requête à chaud', `${warm.toFixed(1)} ms`],
    ['requêtes', String(result.requests.total)],
    ['requêtes/s (moyenne)', result.requests.average.toFixed(0)],
    ['latence p50', `${result.latency.p50} ms`],
    ['latence p99', `${result.latency.p99} ms`],
    ['latence max', `${result.latency.max} ms`],
    ['CPU du serveur', serverCpu0 === null || serverCpu1 === null ? 'non mesuré' : `${(serverCpu1 - serverCpu0).toFixed(1)} s, ${perRequest(serverCpu1 - serverCpu0)}`],
    ['CPU du générateur de charge', `${((generatorCpu.user + generatorCpu.system) / 1e6).toFixed(1)} s, ${perRequest((generatorCpu.user + generatorCpu.system) / 1e6)}`],
    ['erreurs', String(result.errors)],
    ['délais dépassés', String(result.timeouts)],
    ['réponses non 2xx', String(result.non2xx)],
    ['objectif p99 < 50 ms, 0 erreur', result.latency.p99 < 50 && result.errors === 0 && result.non2xx === 0 ? 'atteint' : 'manqué'],
  ]);
} finally {
  await server.stop();
}
