// The partner's end of the webhooks: a bare node:http server that reads each request and answers 200
// with nothing else to do. It counts distinct webhook-ids (a repeat is a duplicate delivery, which the
// benchmark reports) and tells the benchmark when the n-th distinct one has arrived.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onParentMessage } from './processes.ts';

let seen = new Set<string>();
let requests = 0;
let firstAt = 0;
let lastAt = 0;
let waiting: { count: number } | undefined;

const reportIfReached = () => {
  if (!waiting || seen.size < waiting.count) return;
  const count = waiting.count;
  waiting = undefined;
  process.send?.({ type: 'reached', count, firstAt, lastAt, requests, duplicates: requests - seen.size });
};

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const now = Date.now();
    if (requests === 0) firstAt = now;
    requests += 1;
    const id = request.headers['webhook-id'];
    seen.add(typeof id === 'string' ? id : `missing-${requests}`);
    lastAt = now;
    response.writeHead(200, { 'content-length': '0' });
    response.end();
    reportIfReached();
  });
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});

onParentMessage((message) => {
  if (message.type === 'reset') {
    seen = new Set();
    requests = 0;
    firstAt = 0;
    lastAt = 0;
    process.send?.({ type: 'reset' });
  } else if (message.type === 'count') {
    process.send?.({ type: 'count', unique: seen.size, requests });
  } else if (message.type === 'wait') {
    waiting = { count: Number(message.count) };
    reportIfReached();
  } else if (message.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
