// The API under load: the portrait of an EPCI (CC du Volvestre) at 200 concurrent connections for 20 s, with
// autocannon, the server in its own process on the demo data. Goal: p99 under 50 ms, no error. The request asks for
// compression as a browser does; the server answers from its per-data-version cache.
import autocannon from 'autocannon';
import { printTable } from '../bench-utils.js';
import { startBenchServer } from './bench-server.js';

const PATH = '/api/v1/territories/epci:200066819/portrait';
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 200);
const DURATION = Number(process.env.DURATION ?? 20);

const server = await startBenchServer();
try {
  // fetch decodes the body: the size on the wire is the Content-Length of the encoded answer.
  const first = await fetch(server.url + PATH, { headers: { 'accept-encoding': 'br' } });
  await first.arrayBuffer();
  const size = Number(first.headers.get('content-length'));
  const raw = (await (await fetch(server.url + PATH)).text()).length;
  const t0 = performance.now();
  await fetch(server.url + PATH);
  const warm = performance.now() - t0;

  const result = await autocannon({
    url: server.url + PATH,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
  });
  const load = (await import('node:os')).loadavg()[0];
  printTable(`Portrait de la CC du Volvestre sous charge (${CONNECTIONS} connexions, ${DURATION} s, autocannon)`, [
    ['charge de la machine (1 min, 2 cœurs)', load.toFixed(1)],
    ['réponse (JSON / brotli)', `${(raw / 1024).toFixed(0)} ko / ${(size / 1024).toFixed(1)} ko`],
    ['une requête à chaud', `${warm.toFixed(1)} ms`],
    ['requêtes', String(result.requests.total)],
    ['requêtes/s (moyenne)', result.requests.average.toFixed(0)],
    ['latence p50', `${result.latency.p50} ms`],
    ['latence p99', `${result.latency.p99} ms`],
    ['latence max', `${result.latency.max} ms`],
    ['erreurs', String(result.errors)],
    ['délais dépassés', String(result.timeouts)],
    ['réponses non 2xx', String(result.non2xx)],
    ['objectif p99 < 50 ms, 0 erreur', result.latency.p99 < 50 && result.errors === 0 && result.non2xx === 0 ? 'atteint' : 'manqué'],
  ]);
} finally {
  await server.stop();
}
