# The kernel side of nbcheck -kernel: runs one notebook on a Jupyter kernel
# through Jupyter's own client (nbclient), the way nbconvert --execute does,
# and writes the executed notebook to stdout as JSON. Package kernelrun embeds
# this file and runs it with the Python that runs Jupyter.
#
# The request comes on stdin, as JSON:
#   {"path": "nb.ipynb", "kernel": "gophernotes", "cwd": "dir",
#    "timeouts": {"3": 60, ...},   seconds, by cell index (0-based, all cells)
#    "skip": [5, ...]}             indexes of code cells not to run
#
# The answer on stdout is one JSON object:
#   {"notebook": {...}}                             every cell ran
#   {"notebook": {...}, "stopped": {"cell": i,
#     "reason": "timeout" | "died", "message": ...}} cell i stopped the run
#   {"error": {"kind": "no-jupyter" | "no-kernel" | "start", "message": ...}}
# Errors in the notebook's own cells are outputs, not failures (allow_errors).

import json
import os
import re
import signal
import sys

# The answer goes to the stdout the driver was given; everything else that
# would go there, the kernel's own prints included (it inherits the
# driver's descriptors), goes to stderr.
ANSWER = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)


def reply(obj):
    json.dump(obj, ANSWER)
    ANSWER.write("\n")
    ANSWER.flush()


def fail(kind, message):
    reply({"error": {"kind": kind, "message": message}})
    sys.exit(0)


try:
    import nbformat
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
except ImportError as e:
    fail("no-jupyter", "%s (Python %s)" % (e, sys.executable))


# A line that a carriage return sends the cursor back over is overwritten by
# what follows the return, as in a terminal: Jupyter's frontends show it so,
# and nbconvert stores it so (its coalesce_streams step). Only a return at
# the end of a line, before its newline, is kept.
OVERWRITTEN = re.compile(r".*\r(?=[^\n])")


def tidy_streams(cell):
    """Joins consecutive outputs of one stream and applies carriage returns,
    as nbconvert does before it writes a notebook."""
    joined = []
    for out in cell.get("outputs", []):
        last = joined[-1] if joined else None
        if (out.output_type == "stream" and last is not None
                and last.output_type == "stream" and last.name == out.name):
            last.text += out.text
            continue
        joined.append(out)
    for out in joined:
        if out.output_type == "stream" and "\r" in out.text:
            out.text = OVERWRITTEN.sub("", out.text)
    cell.outputs = joined


def stop_on_term(signum, frame):
    # Raised inside the run, so that the client shuts the kernel down
    # before the driver exits.
    raise KeyboardInterrupt("terminated")


def run_cells(client, nb, timeouts, skip):
    """Runs the code cells in order and returns None, or how the run
    stopped: a cell that timed out or took the kernel down."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or index in skip:
            continue
        client.timeout = timeouts.get(index, 60)
        stopped = None
        try:
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        except CellTimeoutError as e:
            stopped = {"cell": index, "reason": "timeout", "message": str(e).splitlines()[0]}
        except DeadKernelError as e:
            stopped = {"cell": index, "reason": "died", "message": str(e)}
        tidy_streams(cell)
        if stopped is not None:
            # The kernel is busy or gone: no point in asking it to shut down.
            client.shutdown_kernel = "immediate"
            return stopped
    return None


def main():
    req = json.load(sys.stdin)
    signal.signal(signal.SIGTERM, stop_on_term)
    nb = nbformat.read(req["path"], as_version=4)
    timeouts = {int(k): v for k, v in req.get("timeouts", {}).items()}
    skip = set(req.get("skip", []))
    client = NotebookClient(
        nb,
        kernel_name=req["kernel"],
        allow_errors=True,
        record_timing=False,
        interrupt_on_timeout=False,
        resources={"metadata": {"path": req["cwd"]}},
    )
    stopped = None
    started = False
    try:
        with client.setup_kernel():
            started = True
            info = client.wait_for_reply(client.kc.kernel_info())
            if info is not None and "language_info" in info["content"]:
                nb.metadata["language_info"] = info["content"]["language_info"]
            stopped = run_cells(client, nb, timeouts, skip)
    except NoSuchKernel as e:
        fail("no-kernel", "no kernelspec named %r: %s" % (req["kernel"], e))
    except Exception as e:
        if not started:
            fail("start", "the kernel %r did not start: %s: %s" % (req["kernel"], type(e).__name__, e))
        if stopped is None:
            raise
    answer = {"notebook": json.loads(nbformat.writes(nb))}
    if stopped is not None:
        answer["stopped"] = stopped
    reply(answer)


main()
