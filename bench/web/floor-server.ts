// The peer of the load benchmark: node's bare HTTP server answering, from memory, the very bytes and headers Socle
// sent for each portrait (read from a JSON file given as argument). Whatever Socle spends above this floor is its own;
// whatever the floor costs is this machine's (node's HTTP parsing and writing, the kernel's sockets).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

interface Recorded {
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

const recorded = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Recorded[];
const answers = new Map(recorded.map((r) => [r.path, { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64') }]));
const server = createServer((req, res) => {
  const a = answers.get(req.url!);
  if (!a) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(a.status, a.headers);
  res.end(a.body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}`, france: false })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
