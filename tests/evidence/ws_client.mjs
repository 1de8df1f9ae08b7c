// WebSocket load client of the benchmark (tests/evidence), on the npm packages
// `ws` and `socket.io-client`: it opens N connections, holds them idle, then
// has the server broadcast and times each delivery.
//
//   node ws_client.mjs --protocol ws|socket.io --url URL --connections N
//                      --broadcasts K --deadline-s S
//
// Talks to the harness in JSON lines: prints {"event":"connected",...} once
// the connections are open (or the connect deadline passed), waits for a line
// "go" on stdin, runs K broadcasts one after the other, prints
// {"event":"done",...} and exits, closing every connection. Everything is
// bounded: connection attempts, each broadcast's wait and the whole run.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { io } from "socket.io-client";
import WebSocket from "ws";

const { values: opts } = parseArgs({
  options: {
    protocol: { type: "string" },
    url: { type: "string" },
    connections: { type: "string" },
    broadcasts: { type: "string", default: "3" },
    "deadline-s": { type: "string", default: "120" },
  },
});
const N = Number(opts.connections);
const K = Number(opts.broadcasts);
const DEADLINE_MS = Number(opts["deadline-s"]) * 1000;
if (!["ws", "socket.io"].includes(opts.protocol) || !opts.url || !(N > 0) || !(K >= 0)) {
  console.error("usage: ws_client.mjs --protocol ws|socket.io --url URL --connections N --broadcasts K");
  process.exit(2);
}
const started = performance.now();
// The whole run is bounded: past the deadline the client reports and exits.
const hardStop = setTimeout(() => finish({ event: "error", reason: "deadline" }, 1), DEADLINE_MS);
const CONNECT_LANES = 200; // handshakes in flight at once
const CONNECT_TIMEOUT_MS = 20000;
const BROADCAST_TIMEOUT_MS = 15000;

const sockets = [];
let onMessage = () => {};

function emit(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function finish(line, code = 0) {
  clearTimeout(hardStop);
  emit(line);
  for (const socket of sockets) {
    if (opts.protocol === "ws") socket.terminate();
    else socket.disconnect();
  }
  process.exit(code);
}

// One connection; resolves true once open, false on error or time-out.
function connect(index) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), CONNECT_TIMEOUT_MS);
    const done = (ok, socket) => {
      clearTimeout(timer);
      if (ok) sockets.push(socket);
      resolve(ok);
    };
    if (opts.protocol === "ws") {
      const socket = new WebSocket(opts.url);
      socket.on("open", () => done(true, socket));
      socket.on("error", () => done(false));
      socket.on("message", (data) => onMessage(index, data.toString()));
    } else {
      const socket = io(opts.url, {
        transports: ["websocket"],
        forceNew: true, // one connection each, not one multiplexed manager
        reconnection: false,
        timeout: CONNECT_TIMEOUT_MS,
      });
      socket.on("connect", () => done(true, socket));
      socket.on("connect_error", () => done(false));
      socket.on("broadcast", (data) => onMessage(index, data));
    }
  });
}

// CONNECT_LANES handshakes in flight at any time; each lane opens its next
// connection as soon as its previous one is settled. Stops early (and reports
// what it has) at half the deadline, to leave time for the broadcasts.
async function connectAll() {
  let next = 0;
  let opened = 0;
  async function lane() {
    while (next < N && performance.now() - started < DEADLINE_MS / 2) {
      if (await connect(next++)) opened++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONNECT_LANES, N) }, lane));
  return opened;
}

// One broadcast: sent on the first connection, timed until every connection has it.
function broadcast(seq) {
  return new Promise((resolve) => {
    const latencies = [];
    const seen = new Set();
    const sent = performance.now();
    const timer = setTimeout(() => settle(), BROADCAST_TIMEOUT_MS);
    function settle() {
      clearTimeout(timer);
      onMessage = () => {};
      resolve({ received: latencies.length, latencies });
    }
    onMessage = (index, data) => {
      const message = typeof data === "string" ? JSON.parse(data) : data;
      if (message.seq !== seq || seen.has(index)) return;
      seen.add(index);
      latencies.push(performance.now() - sent);
      if (latencies.length === sockets.length) settle();
    };
    const payload = { seq, text: "hello, everyone" };
    if (opts.protocol === "ws") sockets[0].send(JSON.stringify(payload));
    else sockets[0].emit("broadcast", payload);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const opened = await connectAll();
emit({ event: "connected", connections: opened, attempted: N, seconds: (performance.now() - started) / 1000 });
if (opened === 0) finish({ event: "done", broadcasts: [] }, 1);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== "go") continue;
  const results = [];
  for (let seq = 1; seq <= K; seq++) {
    const { received, latencies } = await broadcast(seq);
    latencies.sort((a, b) => a - b);
    results.push({
      received,
      last_ms: latencies.length ? latencies[latencies.length - 1] : null,
      p50_ms: percentile(latencies, 50),
      p99_ms: percentile(latencies, 99),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  finish({ event: "done", broadcasts: results });
}
finish({ event: "error", reason: "stdin closed before go" }, 1);
