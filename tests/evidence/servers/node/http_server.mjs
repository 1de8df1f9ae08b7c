// Node.js HTTP servers of the load benchmark (tests/evidence, `make evidence`).
//
//   node http_server.mjs --framework http|express|fastify --port N
//                        [--cluster] [--cpu-pool]
//   node http_server.mjs --time-cpu
//
// --time-cpu    serve nothing: time calls of the /cpu loop after a warm-up
//               (cpu_timing in workloads.json), print their milliseconds as
//               JSON and exit; the harness's check of the loop's size
//               (tests/evidence/calibrate.py)
// --cluster     node:cluster, one worker per core this process may run on
//               (os.availableParallelism() follows the CPU affinity set by taskset)
// --cpu-pool    /cpu runs in a worker_threads pool of the same size
//
// Routes (the same on the Flask side): /io waits io_delay_ms on a timer,
// /cpu runs the integer loop cpu_iterations.nodejs times, /json serializes
// the 50 KB document. The harness starts this on 127.0.0.1 and stops its
// whole process group.
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";

const HOST = "127.0.0.1";
const here = new URL("..", import.meta.url);
const config = JSON.parse(readFileSync(new URL("workloads.json", here), "utf8"));
const DOCUMENT = JSON.parse(readFileSync(new URL(config.document, here), "utf8"));
const DELAY_MS = config.io_delay_ms;
const ITERATIONS = config.cpu_iterations.nodejs;
const MODULUS = config.cpu_modulus;

const { values: opts } = parseArgs({
  options: {
    framework: { type: "string" },
    port: { type: "string" },
    cluster: { type: "boolean", default: false },
    "cpu-pool": { type: "boolean", default: false },
    "time-cpu": { type: "boolean", default: false },
  },
});
if (opts["time-cpu"]) {
  timeCpu();
  process.exit(0);
}
if (!["http", "express", "fastify"].includes(opts.framework) || !/^\d+$/.test(opts.port ?? "")) {
  console.error("usage: http_server.mjs --framework http|express|fastify --port N [--cluster] [--cpu-pool]");
  process.exit(2);
}
const PORT = Number(opts.port);
const CORES = os.availableParallelism();

// --8<-- [start:cpu]
function spin(n) {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) % MODULUS;
  return x;
}
// --8<-- [end:cpu]

function timeCpu() {
  const { warmup_calls: warmup, timed_calls: calls } = config.cpu_timing;
  for (let i = 0; i < warmup; i++) spin(ITERATIONS);
  const ms = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    spin(ITERATIONS);
    ms.push(performance.now() - start);
  }
  console.log(JSON.stringify({ ms }));
}

// --8<-- [start:pool]
// A fixed pool of worker threads, each running spin(); requests queue for a free one.
function workerPool(size) {
  const source = `const { parentPort } = require("node:worker_threads");
    const MODULUS = ${MODULUS};
    ${spin.toString()}
    parentPort.on("message", (n) => parentPort.postMessage(spin(n)));`;
  const idle = [];
  const waiting = [];
  for (let i = 0; i < size; i++) {
    const worker = new Worker(source, { eval: true });
    worker.unref();
    idle.push(worker);
  }
  const run = (worker, n, resolve) => {
    worker.once("message", (result) => {
      resolve(result);
      const next = waiting.shift();
      if (next) run(worker, ...next);
      else idle.push(worker);
    });
    worker.postMessage(n);
  };
  return (n) =>
    new Promise((resolve) => {
      const worker = idle.pop();
      if (worker) run(worker, n, resolve);
      else waiting.push([n, resolve]);
    });
}
// --8<-- [end:pool]

const pooled = opts["cpu-pool"] ? workerPool(CORES) : null;
const compute = pooled ?? (async (n) => spin(n));

// --8<-- [start:http]
function plainHttp() {
  return http.createServer(async (req, res) => {
    if (req.url === "/io") {
      await sleep(DELAY_MS);
      res.end("ok");
    } else if (req.url === "/cpu") {
      res.end(String(await compute(ITERATIONS)));
    } else if (req.url === "/json") {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(DOCUMENT));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
}
// --8<-- [end:http]

// --8<-- [start:express]
async function expressApp() {
  const { default: express } = await import("express");
  const app = express();
  app.get("/io", async (req, res) => {
    await sleep(DELAY_MS);
    res.send("ok");
  });
  app.get("/cpu", async (req, res) => res.send(String(await compute(ITERATIONS))));
  app.get("/json", (req, res) => res.json(DOCUMENT));
  return http.createServer(app);
}
// --8<-- [end:express]

// --8<-- [start:fastify]
async function fastifyApp() {
  const { default: Fastify } = await import("fastify");
  const app = Fastify({ logger: false });
  app.get("/io", async () => {
    await sleep(DELAY_MS);
    return "ok";
  });
  app.get("/cpu", async () => String(await compute(ITERATIONS)));
  app.get("/json", async () => DOCUMENT);
  return app;
}
// --8<-- [end:fastify]

async function serve() {
  if (opts.framework === "fastify") {
    const app = await fastifyApp();
    await app.listen({ host: HOST, port: PORT });
    return;
  }
  const server = opts.framework === "express" ? await expressApp() : plainHttp();
  server.listen(PORT, HOST);
}

// --8<-- [start:cluster]
if (opts.cluster && cluster.isPrimary) {
  for (let i = 0; i < CORES; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    console.error(`worker ${worker.process.pid} exited with ${code}`);
    process.exitCode = 1;
  });
} else {
  await serve();
}
// --8<-- [end:cluster]
