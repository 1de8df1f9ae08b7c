"""Machine-learning page: one scikit-learn classifier served by Flask and, via ONNX, by Node.js.

The model is trained here on the iris data that scikit-learn ships (no download),
then the page's export script turns it into model.onnx.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.examples.collect import example
from tests.examples.runner import free_port, node, python_tool, request, serve, write_example

pytestmark = pytest.mark.examples

TRAIN_AND_EXPORT = """import joblib
import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

X, y = load_iris(return_X_y=True)
X_train = X.astype(np.float32)
clf = LogisticRegression(max_iter=1000).fit(X_train, y)
joblib.dump(clf, "model.joblib")
exec(compile(open("export.py").read(), "export.py", "exec"))
"""
SAMPLES = [([5.1, 3.5, 1.4, 0.2], 0), ([6.7, 3.0, 5.2, 2.3], 2)]
ZIPMAP_OFF = ', options={"zipmap": False}'


def _train(folder: Path) -> None:
    (folder / "train.py").write_text(TRAIN_AND_EXPORT)
    subprocess.run([sys.executable, "train.py"], cwd=folder, check=True, capture_output=True)
    assert (folder / "model.onnx").stat().st_size > 0


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_example(tmp_path_factory.mktemp("ml"), example("ml"), 0)
    _train(folder)
    return folder


@pytest.fixture(scope="module")
def trained_with_zipmap(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same pipeline, exported without the page's zipmap=False."""
    files = example("ml")
    assert ZIPMAP_OFF in files["export.py"]
    files["export.py"] = files["export.py"].replace(ZIPMAP_OFF, "")
    files["label_only.mjs"] = LABEL_ONLY
    folder = write_example(tmp_path_factory.mktemp("ml-zipmap"), files, 0)
    _train(folder)
    return folder


def test_flask_serves_the_joblib_model(trained: Path) -> None:
    port = free_port()
    cmd = python_tool("gunicorn", "--bind", f"127.0.0.1:{port}", "app:app")
    with serve(cmd, trained, port) as server:
        for features, label in SAMPLES:
            assert request("POST", f"{server.base}/predict", {"features": features}) == (
                200,
                {"label": label},
            )


def test_node_serves_the_onnx_model(trained: Path) -> None:
    port = free_port()
    write_example(trained, {"server.mjs": example("ml")["server.mjs"]}, port)
    with serve(node("server.mjs"), trained, port) as server:
        for features, label in SAMPLES:
            assert request("POST", f"{server.base}/predict", {"features": features}) == (
                200,
                {"label": label},
            )


def test_without_zipmap_false_onnxruntime_node_cannot_read_the_outputs(
    trained_with_zipmap: Path,
) -> None:
    """The pitfall the page warns about: skl2onnx's default ZipMap output."""
    port = free_port()
    write_example(trained_with_zipmap, {"server.mjs": example("ml")["server.mjs"]}, port)
    with serve(node("server.mjs"), trained_with_zipmap, port) as server:
        status, body = request("POST", f"{server.base}/predict", {"features": SAMPLES[0][0]})
    # Fastify's default error reply carries the message onnxruntime-node threw.
    assert status == 500, body
    assert "Non tensor type is temporarily not supported" in body["message"]


LABEL_ONLY = """import * as ort from "onnxruntime-node";
const session = await ort.InferenceSession.create("model.onnx");
const [inputName] = session.inputNames;
const [labelName] = session.outputNames;
const row = Float32Array.from(JSON.parse(process.argv[2]));
const feeds = { [inputName]: new ort.Tensor("float32", row, [1, row.length]) };
const results = await session.run(feeds, [labelName]);
console.log(Number(results[labelName].data[0]));
"""


def test_with_zipmap_asking_for_the_label_only_works(trained_with_zipmap: Path) -> None:
    """The page's other way out: request only the label output."""
    features, label = SAMPLES[1]
    done = subprocess.run(
        [*node("label_only.mjs"), str(features)],
        cwd=trained_with_zipmap,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(label)


# The page says session.run() holds the event loop although it returns a promise
# (onnxruntime-node 1.31 defers the synchronous native call with setImmediate), and
# that a worker thread keeps the loop free. Counted, not timed: a loop that is
# blocked runs no setImmediate callback until the call returns.
SPIN_WHILE = """let ticks = 0, spinning = true;
const spin = () => { ticks += 1; if (spinning) setImmediate(spin); };
export async function ticksWhile(work) {
  setImmediate(spin);
  await work();
  spinning = false;
  return ticks;
}
"""
ON_THE_LOOP = """import * as ort from "onnxruntime-node";
import { ticksWhile } from "./spin.mjs";
const session = await ort.InferenceSession.create("model.onnx");
const rows = 200000;
const data = new Float32Array(rows * 4).fill(1.5);
const feeds = { [session.inputNames[0]]: new ort.Tensor("float32", data, [rows, 4]) };
console.log(await ticksWhile(() => session.run(feeds)));
"""
IN_A_WORKER = """import { Worker } from "node:worker_threads";
import { once } from "node:events";
import { ticksWhile } from "./spin.mjs";
const worker = new Worker(new URL("./infer-worker.mjs", import.meta.url));
await once(worker, "message"); // the model is loaded
console.log(await ticksWhile(async () => {
  worker.postMessage(200000);
  await once(worker, "message");
}));
await worker.terminate();
"""
INFER_WORKER = """import { parentPort } from "node:worker_threads";
import * as ort from "onnxruntime-node";
const session = await ort.InferenceSession.create("model.onnx");
parentPort.on("message", async (rows) => {
  const data = new Float32Array(rows * 4).fill(1.5);
  await session.run({ [session.inputNames[0]]: new ort.Tensor("float32", data, [rows, 4]) });
  parentPort.postMessage("done");
});
parentPort.postMessage("ready");
"""


def _ticks(folder: Path, script: str) -> int:
    done = subprocess.run([*node(script)], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


def test_session_run_holds_the_event_loop_and_a_worker_frees_it(trained: Path) -> None:
    write_example(
        trained,
        {
            "spin.mjs": SPIN_WHILE,
            "on_the_loop.mjs": ON_THE_LOOP,
            "in_a_worker.mjs": IN_A_WORKER,
            "infer-worker.mjs": INFER_WORKER,
        },
        0,
    )
    # One tick at most: the loop turns once before the deferred native call, then waits.
    assert _ticks(trained, "on_the_loop.mjs") <= 2
    # The same inference in a worker thread: the loop keeps turning meanwhile.
    assert _ticks(trained, "in_a_worker.mjs") > 100
