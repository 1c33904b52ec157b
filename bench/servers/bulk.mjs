// Bulk backend for the transfer bench: GET /bulk/<bytes> streams that many bytes (64 KiB chunks,
// honouring back-pressure); any other method drains the body and answers {"bytes":n}.
import { createServer } from 'node:http';

const chunk = Buffer.alloc(64 * 1024, 120);
createServer((req, res) => {
  if (req.method === 'GET') {
    let left = Number(req.url.split('/').pop()) || 0;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(left) });
    const pump = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  let bytes = 0;
  req.on('data', (data) => (bytes += data.length));
  req.on('end', () =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes })),
  );
}).listen(Number(process.argv[2]), '127.0.0.1');
