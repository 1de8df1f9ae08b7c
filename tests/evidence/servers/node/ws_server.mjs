// Node.js WebSocket servers of the load benchmark (tests/evidence, `make evidence`).
//
//   node ws_server.mjs --kind ws|socket.io --port N
//
// Clients stay connected and idle. A client that sends a "broadcast" message
// makes the server send that message to every connected client, itself included.
// The harness starts this on 127.0.0.1 and stops its whole process group.
import http from "node:http";
import { parseArgs } from "node:util";

const HOST = "127.0.0.1";
const { values: opts } = parseArgs({
  options: { kind: { type: "string" }, port: { type: "string" } },
});
if (!["ws", "socket.io"].includes(opts.kind) || !/^\d+$/.test(opts.port ?? "")) {
  console.error("usage: ws_server.mjs --kind ws|socket.io --port N");
  process.exit(2);
}
const PORT = Number(opts.port);
const server = http.createServer((req, res) => {
  res.statusCode = req.url === "/health" ? 200 : 404;
  res.end(req.url === "/health" ? "ok" : "");
});

if (opts.kind === "ws") {
  const { WebSocketServer } = await import("ws");
  // --8<-- [start:ws]
  const wss = new WebSocketServer({ server, path: "/ws" });
  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      for (const client of wss.clients) client.send(data);
    });
  });
  // --8<-- [end:ws]
} else {
  const { Server } = await import("socket.io");
  // --8<-- [start:socket.io]
  const io = new Server(server);
  io.on("connection", (socket) => {
    socket.on("broadcast", (data) => io.emit("broadcast", data));
  });
  // --8<-- [end:socket.io]
}
server.listen(PORT, HOST);
