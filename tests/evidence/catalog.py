"""The servers and cases of the load benchmark: what runs, how it is started, what is measured.

Each server is a production setup as its project documents it (Gunicorn's
worker rule, Flask's gevent page, Flask-SocketIO's deployment page, Node's
cluster module). Worker counts follow the cores the server may use, which
``taskset`` limits to :data:`SERVER_CPUS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.support.pinned_node import NODE

ROOT = Path(__file__).resolve().parents[2]
SERVERS_DIR = ROOT / "tests" / "evidence" / "servers"
NODE_DIR = SERVERS_DIR / "node"
PYTHON_DIR = SERVERS_DIR / "python"
VENV_BIN = ROOT / ".venv" / "bin"

# The generator (and this harness) on CPU 0, every server on CPU 1.
GENERATOR_CPUS = "0"
SERVER_CPUS = "1"
SERVER_CORES = len(SERVER_CPUS.split(","))
SYNC_WORKERS = 2 * SERVER_CORES + 1  # Gunicorn's rule of thumb: (2 x cores) + 1
GTHREAD_THREADS = 4  # Gunicorn's own gthread example: --threads 4
SOCKETIO_THREADS = 1000  # one thread holds one WebSocket; sets the connection ceiling

HTTP_WORKLOADS = ("io", "cpu", "json")
WS_WORKLOADS = ("ws-idle", "ws-broadcast")


@dataclass(frozen=True)
class Snippet:
    """A section of a server file shown on the page: ``# --8<-- [start:NAME]`` to ``[end:NAME]``."""

    path: str  # relative to the project root
    section: str


@dataclass(frozen=True)
class Server:
    """One server setup: how to start it and what it serves.

    Attributes:
        name: The id in results.json (``server``), e.g. ``express-cluster``.
        stack: ``nodejs`` or ``flask``.
        protocol: ``http``, ``ws`` or ``socket.io``.
        setup: One line for the page: the server, worker model and counts.
        workers: Processes (or pool threads) that serve requests.
        threads: Threads per worker, where the worker model has them.
        workloads: The workloads it runs.
        max_connections: For WebSocket servers, the most connections it can hold.
        blocking_slots: For servers whose handler blocks its worker (or thread) while
            it waits, how many requests can wait at once; None where waiting yields.
        snippets: The handler code the page shows.
    """

    name: str
    stack: str
    protocol: str
    setup: str
    argv: tuple[str, ...]
    workers: int
    threads: int | None = None
    env: tuple[tuple[str, str], ...] = ()
    cwd: Path = ROOT
    workloads: tuple[str, ...] = HTTP_WORKLOADS
    max_connections: int | None = None
    blocking_slots: int | None = None
    snippets: tuple[Snippet, ...] = field(default_factory=tuple)

    def command(self, port: int) -> list[str]:
        """The argv with ``{port}`` filled in."""
        return [part.replace("{port}", str(port)) for part in self.argv]


def _node(framework: str, *, cluster: bool = False, pool: bool = False) -> tuple[str, ...]:
    argv = [str(NODE), str(NODE_DIR / "http_server.mjs"), "--framework", framework]
    argv += ["--port", "{port}"]
    if cluster:
        argv.append("--cluster")
    if pool:
        argv.append("--cpu-pool")
    return tuple(argv)


def _gunicorn(module: str, *options: str) -> tuple[str, ...]:
    return (
        str(VENV_BIN / "gunicorn"),
        "--bind",
        "127.0.0.1:{port}",
        "--chdir",
        str(PYTHON_DIR),
        "--log-level",
        "warning",
        *options,
        f"{module}:app",
    )


NODE_JS = "tests/evidence/servers/node/http_server.mjs"
NODE_WS = "tests/evidence/servers/node/ws_server.mjs"
PY = "tests/evidence/servers/python/"
NODE_ENV = (("NODE_ENV", "production"),)


def _node_servers() -> list[Server]:
    servers = []
    for framework, label in (
        ("http", "node:http"),
        ("express", "Express 5"),
        ("fastify", "Fastify 5"),
    ):
        name = "node-http" if framework == "http" else framework
        code = (Snippet(NODE_JS, framework), Snippet(NODE_JS, "cpu"))
        servers.append(
            Server(
                name,
                "nodejs",
                "http",
                f"{label}, one process",
                _node(framework),
                1,
                env=NODE_ENV,
                snippets=code,
            )
        )
        servers.append(
            Server(
                f"{name}-cluster",
                "nodejs",
                "http",
                f"{label} under node:cluster, one worker per core ({SERVER_CORES})",
                _node(framework, cluster=True),
                SERVER_CORES,
                env=NODE_ENV,
                snippets=(*code, Snippet(NODE_JS, "cluster")),
            )
        )
    servers.append(
        Server(
            "node-http-worker-threads",
            "nodejs",
            "http",
            f"node:http, /cpu in a worker_threads pool of {SERVER_CORES} (one per core)",
            _node("http", pool=True),
            SERVER_CORES,
            env=NODE_ENV,
            workloads=("cpu",),
            snippets=(Snippet(NODE_JS, "http"), Snippet(NODE_JS, "pool")),
        )
    )
    return servers


def _flask_servers() -> list[Server]:
    flask = (Snippet(PY + "flask_app.py", "flask"), Snippet(PY + "workload.py", "cpu"))
    return [
        Server(
            "gunicorn-sync",
            "flask",
            "http",
            f"Gunicorn, {SYNC_WORKERS} sync workers (2 x cores + 1)",
            _gunicorn("flask_app", "--workers", str(SYNC_WORKERS), "--worker-class", "sync"),
            SYNC_WORKERS,
            blocking_slots=SYNC_WORKERS,
            snippets=flask,
        ),
        Server(
            "gunicorn-gthread",
            "flask",
            "http",
            f"Gunicorn, {SYNC_WORKERS} gthread workers x {GTHREAD_THREADS} threads",
            _gunicorn(
                "flask_app",
                "--workers",
                str(SYNC_WORKERS),
                "--worker-class",
                "gthread",
                "--threads",
                str(GTHREAD_THREADS),
            ),
            SYNC_WORKERS,
            threads=GTHREAD_THREADS,
            blocking_slots=SYNC_WORKERS * GTHREAD_THREADS,
            snippets=flask,
        ),
        Server(
            "gunicorn-gevent",
            "flask",
            "http",
            f"Gunicorn, {SYNC_WORKERS} gevent workers (monkey-patched, 1,000 connections each)",
            _gunicorn(
                "flask_gevent_app", "--workers", str(SYNC_WORKERS), "--worker-class", "gevent"
            ),
            SYNC_WORKERS,
            snippets=(Snippet(PY + "flask_gevent_app.py", "gevent"), *flask),
        ),
        Server(
            "gunicorn-async-view",
            "flask",
            "http",
            f"Flask async def views, Gunicorn, {SYNC_WORKERS} sync workers",
            _gunicorn("flask_async_app", "--workers", str(SYNC_WORKERS), "--worker-class", "sync"),
            SYNC_WORKERS,
            blocking_slots=SYNC_WORKERS,
            snippets=(Snippet(PY + "flask_async_app.py", "flask-async"),),
        ),
        Server(
            "quart-hypercorn",
            "flask",
            "http",
            f"Quart under Hypercorn, {SERVER_CORES} worker (one per core)",
            (
                str(VENV_BIN / "hypercorn"),
                "--bind",
                "127.0.0.1:{port}",
                "--workers",
                str(SERVER_CORES),
                "quart_app:app",
            ),
            SERVER_CORES,
            cwd=PYTHON_DIR,
            snippets=(Snippet(PY + "quart_app.py", "quart"),),
        ),
    ]


def _ws_servers() -> list[Server]:
    socketio = (Snippet(PY + "socketio_app.py", "flask-socketio"),)
    return [
        Server(
            "ws",
            "nodejs",
            "ws",
            "ws on node:http, one process",
            (str(NODE), str(NODE_DIR / "ws_server.mjs"), "--kind", "ws", "--port", "{port}"),
            1,
            env=NODE_ENV,
            workloads=WS_WORKLOADS,
            max_connections=10_000,
            snippets=(Snippet(NODE_WS, "ws"),),
        ),
        Server(
            "socket.io",
            "nodejs",
            "socket.io",
            "Socket.IO on node:http, one process",
            (str(NODE), str(NODE_DIR / "ws_server.mjs"), "--kind", "socket.io", "--port", "{port}"),
            1,
            env=NODE_ENV,
            workloads=WS_WORKLOADS,
            max_connections=10_000,
            snippets=(Snippet(NODE_WS, "socket.io"),),
        ),
        Server(
            "flask-socketio-threading",
            "flask",
            "socket.io",
            "Flask-SocketIO, threading mode: Gunicorn, "
            f"1 gthread worker x {SOCKETIO_THREADS} threads",
            _gunicorn(
                "socketio_app",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                str(SOCKETIO_THREADS),
            ),
            1,
            threads=SOCKETIO_THREADS,
            env=(("SOCKETIO_MODE", "threading"),),
            workloads=WS_WORKLOADS,
            max_connections=SOCKETIO_THREADS,
            snippets=socketio,
        ),
        Server(
            "flask-socketio-gevent",
            "flask",
            "socket.io",
            "Flask-SocketIO, gevent mode: Gunicorn, 1 gevent worker (10,000 connections)",
            _gunicorn(
                "socketio_app",
                "--workers",
                "1",
                "--worker-class",
                "gevent",
                "--worker-connections",
                "10000",
            ),
            1,
            env=(("SOCKETIO_MODE", "gevent"),),
            workloads=WS_WORKLOADS,
            max_connections=10_000,
            snippets=socketio,
        ),
    ]


SERVERS: tuple[Server, ...] = (*_node_servers(), *_flask_servers(), *_ws_servers())
BY_NAME = {server.name: server for server in SERVERS}


@dataclass(frozen=True)
class Plan:
    """How long and how often: one for the full run, one for the quick mode."""

    warmup_s: int  # wrk takes whole seconds; 0: no warm-up run
    duration_s: int
    repeats: int
    io_concurrency: tuple[int, ...]
    cpu_concurrency: tuple[int, ...]
    json_concurrency: tuple[int, ...]
    ws_connections: tuple[int, ...]
    workloads: tuple[str, ...]


FULL = Plan(
    warmup_s=2,
    duration_s=4,
    repeats=3,
    io_concurrency=(10, 100, 1000),
    cpu_concurrency=(10,),
    json_concurrency=(100,),
    ws_connections=(1000, 10_000),
    workloads=(*HTTP_WORKLOADS, *WS_WORKLOADS),
)
# One small case per server (the runner takes each server's first): a short io run
# (cpu where a server runs only cpu), or 100 idle WebSockets and their broadcasts.
# No warm-up: the quick mode proves the harness works, and measures nothing.
QUICK = Plan(
    warmup_s=0,
    duration_s=1,
    repeats=1,
    io_concurrency=(10,),
    cpu_concurrency=(10,),
    json_concurrency=(10,),
    ws_connections=(100,),
    workloads=(*HTTP_WORKLOADS, *WS_WORKLOADS),
)
