"""Starts kernels and runs cells on them with jupyter_client, on commands
read from stdin, one JSON object a line, each answered with one on stdout:

    {"op": "start", "env": {...}}   a new kernel (the installed gophernotes,
                                    or KERNEL_NAME), in the working folder,
                                    with these variables added; answers when
                                    it is ready
    {"op": "run", "code": "..."}    runs a cell; answers its status and error
    {"op": "stop"}                  shuts the kernel down

tools/kernel's BenchmarkHelperImportNewKernel times the "run" of the
helper's import, the kernel's start aside.
"""

import json
import os
import subprocess
import sys

from jupyter_client.manager import KernelManager

KERNEL = os.environ.get("KERNEL_NAME", "gophernotes")
TIMEOUT = 300


def main():
    km = kc = None
    for line in sys.stdin:
        cmd = json.loads(line)
        answer = {"ok": True}
        if cmd["op"] == "start":
            km = KernelManager(kernel_name=KERNEL)
            # the kernel's own output (its log, go get's) is left out of
            # the answers and of the benchmark's report
            km.start_kernel(env={**os.environ, **cmd.get("env", {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
        elif cmd["op"] == "run":
            reply = kc.execute_interactive(cmd["code"], timeout=TIMEOUT, output_hook=lambda msg: None)
            content = reply["content"]
            answer = {"ok": content["status"] == "ok", "error": content.get("evalue", "")}
        elif cmd["op"] == "stop":
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            km = kc = None
        print(json.dumps(answer), flush=True)
    if km is not None:
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
