"""What our patches make the installed gophernotes kernel do (issue 12),
checked with jupyter_client, a fresh kernel for each test: Stop interrupts a
cell and the session goes on; output written after a cell ended reaches the
notebook; a final fmt print, a trailing ";" and import warnings show nothing;
an error stops a run (the requests queued behind it are aborted); the
plugin of a local package is cached until its source changes; protocol 5.3. Run by tools/kernel's TestKernelBehaviour; by hand, from the
notebooks folder:

    cd notebooks && ../.venv/bin/python ../tools/kernel/behaviour/test_kernel_behaviour.py -v

KERNEL_NAME picks another kernelspec than "gophernotes".
"""

import json
import os
import signal
import tempfile
import time
import unittest

from jupyter_client.manager import KernelManager

KERNEL = os.environ.get("KERNEL_NAME", "gophernotes")

# The bound for the reply to an interrupted cell, used as a timeout
# for every reply and message awaited here; no test measures a duration.
TIMEOUT = 15
START_TIMEOUT = 60


def stdout(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def results(msgs):
    return [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"]


class KernelTestCase(unittest.TestCase):
    """A fresh kernel for each test, with its log (standard error) in a file."""

    def setUp(self):
        self.log = tempfile.NamedTemporaryFile(mode="w+", prefix="gophernotes-", suffix=".log")
        self.km = KernelManager(kernel_name=KERNEL)
        self.km.start_kernel(stderr=self.log)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=START_TIMEOUT)
        self.seen = []  # every iopub message read, in order
        self.read = 0  # how many of them a wait has looked at

    def tearDown(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel()
        else:
            self.km.cleanup_resources()
        self.log.close()

    def next_iopub(self):
        msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
        self.seen.append(msg)
        return msg

    def wait_iopub(self, match):
        """Returns the first iopub message not looked at yet that matches."""
        while True:
            if self.read == len(self.seen):
                self.next_iopub()
            msg = self.seen[self.read]
            self.read += 1
            if match(msg):
                return msg

    def shell_reply(self, msg_id):
        while True:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def until_idle(self, msg_id):
        """Returns the iopub messages of a request up to its idle status,
        status messages aside."""
        msgs = []
        while True:
            msg = self.wait_iopub(lambda m: m["parent_header"].get("msg_id") == msg_id)
            if msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    return msgs
                continue
            msgs.append(msg)

    def execute(self, code, **kw):
        msg_id = self.kc.execute(code, **kw)
        return self.shell_reply(msg_id), self.until_idle(msg_id)

    def ok(self, code):
        reply, msgs = self.execute(code)
        self.assertEqual(reply["content"]["status"], "ok", f"{code!r}: {reply['content']}")
        return msgs

    def value(self, code):
        """Returns the text/plain result of a cell that must show one."""
        shown = results(self.ok(code))
        self.assertEqual(len(shown), 1, f"{code!r} shows {shown}")
        return shown[0]

    def wait_for_log(self, text):
        """Waits until the kernel's log holds text, and returns the log."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            with open(self.log.name) as f:
                log = f.read()
            if text in log:
                return log
            if time.monotonic() > deadline:
                self.fail(f"the kernel's log does not say {text!r}:\n{log}")
            time.sleep(0.1)


class InterruptTests(KernelTestCase):
    """Stop interrupts the running cell: the kernelspec asks for interrupt_mode
    "message", so Jupyter sends an interrupt_request on the control channel;
    SIGINT does the same. The cell ends with an "interrupted" error within
    the issue's 15 s, and the session goes on with its variables."""

    def setUp(self):
        super().setUp()
        self.ok('import ("fmt"; "time")\nkept := 42')

    def interrupt_while(self, code, interrupt):
        """Runs code, which prints "blocking" before it blocks, interrupts it
        once it printed that, and returns the reply and the iopub messages."""
        msg_id = self.kc.execute(code)
        self.wait_iopub(lambda m: m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream" and "blocking" in m["content"]["text"])
        interrupt()
        return self.shell_reply(msg_id), self.until_idle(msg_id)

    def assertInterrupted(self, reply, msgs):
        content = reply["content"]
        self.assertEqual(content["status"], "error", content)
        self.assertEqual(content["ename"], "interrupted")
        self.assertTrue(all(isinstance(line, str) for line in content["traceback"]))
        self.assertEqual(content["traceback"][0], "interrupted: " + content["evalue"])
        errors = [m["content"] for m in msgs if m["msg_type"] == "error"]
        self.assertEqual(errors, [{k: content[k] for k in ("ename", "evalue", "traceback")}])
        return "\n".join(content["traceback"])

    def assertSessionGoesOn(self):
        self.assertTrue(self.km.is_alive())
        self.assertEqual(self.value("kept"), "42")
        self.assertEqual(self.value("kept + 1"), "43")

    def test_sleep(self):
        reply, msgs = self.interrupt_while('fmt.Println("blocking")\ntime.Sleep(time.Hour)', self.km.interrupt_kernel)
        traceback = self.assertInterrupted(reply, msgs)
        self.assertIn("\nthe cell's goroutine:\n", traceback)
        self.assertRegex(traceback, r"\ngoroutine \d+ \[sleep\]:\ntime\.Sleep\(")
        self.assertSessionGoesOn()

    def test_receive(self):
        reply, msgs = self.interrupt_while('fmt.Println("blocking")\n<-make(chan int)', self.km.interrupt_kernel)
        traceback = self.assertInterrupted(reply, msgs)
        self.assertRegex(traceback, r"\nthe cell's goroutine:\ngoroutine \d+ \[chan receive")
        self.assertSessionGoesOn()

    def test_busy_loop(self):
        self.ok("n := 0")
        reply, msgs = self.interrupt_while('fmt.Println("blocking")\nfor { n++ }', self.km.interrupt_kernel)
        self.assertInterrupted(reply, msgs)
        # the loop no longer runs: n stays as it is while time passes
        self.ok("seen := n")
        self.ok("time.Sleep(200 * time.Millisecond)")
        self.assertEqual(self.value("n == seen"), "true")
        self.assertSessionGoesOn()

    def test_sigint(self):
        reply, msgs = self.interrupt_while('fmt.Println("blocking")\ntime.Sleep(time.Hour)', lambda: self.km.signal_kernel(signal.SIGINT))
        traceback = self.assertInterrupted(reply, msgs)
        self.assertIn("time.Sleep(", traceback)
        self.assertSessionGoesOn()

    def test_cell_given_up_wakes_while_another_runs(self):
        """A cell left blocked wakes up while another cell runs: it unwinds at
        once, the rest of its code never runs, and the running cell is not
        disturbed."""
        self.ok("ch := make(chan int)")
        reply, msgs = self.interrupt_while('fmt.Println("blocking")\ngot := <-ch\nkept = 100 + got\nfmt.Println("woke up with", got)', self.km.interrupt_kernel)
        self.assertInterrupted(reply, msgs)
        # the send returns once the cell given up has received
        msgs = self.ok('ch <- 7\nsum := 0\nfor i := 0; i < 100; i++ {\n\tsum += i\n\ttime.Sleep(time.Millisecond)\n}\nfmt.Println("sum", sum)')
        self.assertEqual(stdout(msgs), "sum 4950\n")
        self.wait_for_log("left blocked at an interrupt, woke up and unwound")
        self.assertSessionGoesOn()  # kept is still 42: "kept = 100 + got" never ran
        self.assertNotIn("woke up with", stdout(self.seen))


class SessionTests(KernelTestCase):
    """Each cell runs on a goroutine of its own with a copy of the top-level
    environment: the cells still share one set of variables."""

    def test_cells_share_their_variables(self):
        self.ok('import "fmt"\nword := "a"\nget := func() string { return word }\nset := func(w string) { word = w }')
        self.ok("n := 1\ngetN := func() int { return n }\np := &n")
        # more variables than the session made room for at the start
        self.ok("var " + ", ".join(f"s{i}" for i in range(1100)) + " string")
        self.ok("var " + ", ".join(f"i{i}" for i in range(5000)) + " int")
        self.assertEqual(stdout(self.ok('set("b")\nfmt.Println(word, get())')), "b b\n")
        self.ok('word = "c"\nn = 5\n*p = *p + 1')
        self.assertEqual(stdout(self.ok("fmt.Println(get(), n, getN(), *p)")), "c 6 6 6\n")
        self.assertEqual(self.value("i4999 = 7\ns1099 = \"x\"\ni4999"), "7")


class OutputTests(KernelTestCase):
    """stdout and stderr stay captured between cells: what is written while no
    cell runs goes to the last cell that ran, as ipykernel does; while a cell
    runs, it goes to that cell."""

    def test_late_output_goes_to_the_last_cell(self):
        msg_id = self.kc.execute('import ("fmt"; "time")\ngo func() {\n\ttime.Sleep(700 * time.Millisecond)\n\tfmt.Println("late")\n}()')
        self.assertEqual(self.shell_reply(msg_id)["content"]["status"], "ok")
        late = self.wait_iopub(lambda m: m["msg_type"] == "stream" and "late" in m["content"]["text"])
        self.assertEqual(late["content"], {"name": "stdout", "text": "late\n"})
        self.assertEqual(late["parent_header"]["msg_id"], msg_id)

    def test_output_while_a_cell_runs_goes_to_it(self):
        self.ok('import "fmt"\nstart, done := make(chan bool), make(chan bool)\ngo func() {\n\t<-start\n\tfmt.Println("from an earlier goroutine")\n\tclose(done)\n}()')
        msgs = self.ok("close(start)\n_ = <-done")
        self.assertEqual(stdout(msgs), "from an earlier goroutine\n")


class ValueTests(KernelTestCase):
    """A cell's value is not shown after a final fmt print, nor after a
    trailing ";"; gomacro's import warnings go to the kernel's log."""

    def test_final_print_shows_no_value(self):
        msgs = self.ok('import ("fmt"; "os")\nfmt.Println("six")')
        self.assertEqual(stdout(msgs), "six\n")
        self.assertEqual(results(msgs), [])
        for code in ['fmt.Print("six\\n")', 'fmt.Printf("%d\\n", 6)', 'fmt.Fprint(os.Stdout, "six\\n")',
                     'fmt.Fprintln(os.Stderr, "six")', 'fmt.Fprintf(os.Stderr, "%d\\n", 6)']:
            with self.subTest(code=code):
                self.assertEqual(results(self.ok(code)), [])
        self.assertEqual(self.value("fmt.Sprint(6)"), "6")

    def test_trailing_semicolon_hides_the_value(self):
        self.ok("x := 6")
        for code in ["x;", "x; // a comment", "x * 2;\n"]:
            with self.subTest(code=code):
                shown = [m["msg_type"] for m in self.ok(code) if m["msg_type"] != "execute_input"]
                self.assertEqual(shown, [])
        self.assertEqual(self.value("x"), "6")

    def test_import_warnings_go_to_the_log(self):
        self.ok('import "sync"\nvar once sync.Once')
        self.wait_for_log("// warning: skipping import of func sync.OnceValue")
        for msg in self.seen:
            self.assertNotIn("warning: skipping import", json.dumps(msg["content"]))


class StopOnErrorTests(KernelTestCase):
    """A cell that ends in an error stops a run of cells (Run All) there, as
    ipykernel does: when its execute_request has stop_on_error (the default),
    the execute_requests already queued behind it are answered "aborted",
    without running or showing anything; a request with stop_on_error false
    (JupyterLab's for a cell tagged raises-exception) stops nothing."""

    def setUp(self):
        super().setUp()
        self.ok('import ("fmt"; "time")\nn := 0')

    def replies(self, *msg_ids):
        """Returns the shell replies to msg_ids, in that order."""
        got = {}
        while len(got) < len(msg_ids):
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            msg_id = reply["parent_header"].get("msg_id")
            if msg_id in msg_ids:
                got[msg_id] = reply
        return [got[msg_id] for msg_id in msg_ids]

    def assertAborted(self, reply, msgs):
        self.assertEqual(reply["header"]["msg_type"], "execute_reply")
        self.assertEqual(reply["content"], {"status": "aborted"})
        self.assertEqual(msgs, [])  # no input, no output, no error

    # the failing cell sleeps first, so that the requests behind it are
    # queued when it fails, as those of Run All are
    failing = 'time.Sleep(300 * time.Millisecond)\nfmt.Println("before the error")\npanic("on purpose")'

    def test_error_aborts_the_queued_requests(self):
        failing = self.kc.execute(self.failing)
        queued = [self.kc.execute('n = 1\nfmt.Println("queued 1")'), self.kc.execute('fmt.Println("queued 2")\nn = 2')]
        completion = self.kc.complete("appe", 4)  # not an execute_request: answered
        last = self.kc.execute('n = 3\nfmt.Println("queued 3")')
        replies = self.replies(failing, *queued, completion, last)
        self.assertEqual(replies[0]["content"]["status"], "error", replies[0]["content"])
        self.assertIn("on purpose", replies[0]["content"]["evalue"])
        self.assertEqual(stdout(self.until_idle(failing)), "before the error\n")
        for reply, msg_id in zip(replies[1:3] + replies[4:], queued + [last]):
            self.assertAborted(reply, self.until_idle(msg_id))
        self.assertEqual(replies[3]["content"]["status"], "ok")
        self.assertIn("append", replies[3]["content"]["matches"])
        # the session goes on: none of the aborted cells ran, nor counted
        self.assertEqual(self.value("n"), "0")
        reply, msgs = self.execute('fmt.Println("after")')
        self.assertEqual(stdout(msgs), "after\n")
        self.assertEqual(reply["content"]["execution_count"], replies[0]["content"]["execution_count"] + 2)
        self.assertTrue(self.km.is_alive())

    def test_error_without_stop_on_error_aborts_nothing(self):
        failing = self.kc.execute(self.failing, stop_on_error=False)
        nxt = self.kc.execute('n = 1\nfmt.Println("next")')
        replies = self.replies(failing, nxt)
        self.assertEqual(replies[0]["content"]["status"], "error", replies[0]["content"])
        self.until_idle(failing)
        self.assertEqual(replies[1]["content"]["status"], "ok", replies[1]["content"])
        self.assertEqual(stdout(self.until_idle(nxt)), "next\n")
        self.assertEqual(self.value("n"), "1")

    def test_silent_error_aborts_nothing(self):
        failing = self.kc.execute(self.failing, silent=True)
        nxt = self.kc.execute('fmt.Println("next")')
        replies = self.replies(failing, nxt)
        self.assertEqual(replies[0]["content"]["status"], "error", replies[0]["content"])
        self.assertEqual(replies[1]["content"]["status"], "ok", replies[1]["content"])

    def test_stop_ends_a_run(self):
        """Stop during Run All: the interrupted cell ends in an error, the
        cells queued behind it do not run."""
        blocked = self.kc.execute('fmt.Println("blocking")\ntime.Sleep(time.Hour)')
        queued = self.kc.execute('n = 1\nfmt.Println("queued")')
        self.wait_iopub(lambda m: m["parent_header"].get("msg_id") == blocked and m["msg_type"] == "stream" and "blocking" in m["content"]["text"])
        self.km.interrupt_kernel()
        replies = self.replies(blocked, queued)
        self.assertEqual(replies[0]["content"]["ename"], "interrupted", replies[0]["content"])
        self.until_idle(blocked)
        self.assertAborted(replies[1], self.until_idle(queued))
        self.assertEqual(self.value("n"), "0")


class PluginCacheTests(unittest.TestCase):
    """The plugin the kernel builds for the import of a local package (the
    helper, "../pkg/threading") is cached by the content it was built from: a
    new kernel loads it while that content is unchanged, and builds it again
    once the package's source changes. On a scratch module, with a cache of
    its own (GOMACRO_PLUGIN_CACHE)."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="plugin-cache-")
        self.addCleanup(tmp.cleanup)
        self.root = tmp.name
        os.makedirs(os.path.join(self.root, "tiny"))
        os.makedirs(os.path.join(self.root, "notebook"))
        with open(os.path.join(self.root, "tiny", "go.mod"), "w") as f:
            f.write("module example.com/tiny\n\ngo 1.21\n")
        self.env = {**os.environ, "GOMACRO_PLUGIN_CACHE": os.path.join(self.root, "cache")}

    def write_word(self, word):
        with open(os.path.join(self.root, "tiny", "tiny.go"), "w") as f:
            f.write(f'package tiny\n\n// Word is the word of this version.\nfunc Word() string {{ return "{word}" }}\n')

    def word_in_new_kernel(self):
        """Imports the module in a new kernel, and returns what tiny.Word()
        gives there and the kernel's log."""
        with tempfile.TemporaryFile(mode="w+") as log:
            km = KernelManager(kernel_name=KERNEL)
            km.start_kernel(cwd=os.path.join(self.root, "notebook"), env=self.env, stdout=log, stderr=log)
            kc = km.client()
            try:
                kc.start_channels()
                kc.wait_for_ready(timeout=START_TIMEOUT)
                shown = []
                reply = kc.execute_interactive('import "../tiny"', timeout=300, output_hook=lambda m: None)
                self.assertEqual(reply["content"]["status"], "ok", reply["content"])
                reply = kc.execute_interactive("tiny.Word()", timeout=TIMEOUT, output_hook=lambda m: shown.append(m))
                self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
            log.seek(0)
            return results(shown), log.read()

    def test_a_new_kernel_sees_a_changed_source(self):
        self.write_word("one")
        word, log = self.word_in_new_kernel()
        self.assertEqual(word, ["one"])
        self.assertIn("plugin cache: stored", log)
        # the same content, written again: loaded from the cache
        self.write_word("one")
        word, log = self.word_in_new_kernel()
        self.assertEqual(word, ["one"])
        self.assertIn("plugin cache: loaded", log)
        self.assertNotIn("plugin cache: stored", log)
        # changed: built again
        self.write_word("two")
        word, log = self.word_in_new_kernel()
        self.assertEqual(word, ["two"])
        self.assertIn("plugin cache: stored", log)
        self.assertNotIn("plugin cache: loaded", log)


class ProtocolTests(KernelTestCase):
    """Protocol 5.3, announced and honoured."""

    def test_kernel_info(self):
        msg_id = self.kc.kernel_info()
        reply = self.shell_reply(msg_id)
        self.assertEqual(reply["header"]["version"], "5.3")
        info = reply["content"]
        self.assertEqual(info["status"], "ok")
        self.assertEqual(info["protocol_version"], "5.3")
        self.assertEqual(info["implementation"], "gophernotes")
        self.assertRegex(info["implementation_version"], r"^\d+\.\d+")
        language = info["language_info"]
        self.assertEqual((language["name"], language["file_extension"], language["mimetype"]), ("go", ".go", "text/x-go"))
        self.assertRegex(language["version"], r"^go1\.")
        self.assertIn("gophernotes", info["banner"])
        self.assertTrue(all(set(link) == {"text", "url"} for link in info["help_links"]))
        self.assertIs(info["debugger"], False)

    def test_interrupt_mode_message(self):
        self.assertEqual(self.km.kernel_spec.interrupt_mode, "message")
        msg = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(msg)
        reply = self.kc.get_control_msg(timeout=TIMEOUT)
        self.assertEqual(reply["header"]["msg_type"], "interrupt_reply")
        self.assertEqual(reply["parent_header"]["msg_id"], msg["header"]["msg_id"])
        self.assertEqual(reply["content"], {"status": "ok"})

    def test_comm_info_and_history(self):
        reply = self.shell_reply(self.kc.comm_info())
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})
        reply = self.shell_reply(self.kc.history(hist_access_type="tail", n=3))
        self.assertEqual(reply["content"], {"status": "ok", "history": []})

    def test_silent_execution(self):
        self.ok("1")
        reply, msgs = self.execute("2", silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(msgs, [])  # no execute_input, no execute_result
        reply, msgs = self.execute("3")
        self.assertEqual(reply["content"]["execution_count"], 2)

    def test_cursor_positions_count_code_points(self):
        code = 's := "ééé"\nappe'
        reply = self.shell_reply(self.kc.complete(code, len(code)))
        self.assertIn("append", reply["content"]["matches"])
        self.assertEqual((reply["content"]["cursor_start"], reply["content"]["cursor_end"]), (len(code) - 4, len(code)))

    def test_shutdown_on_control(self):
        msg = self.kc.session.msg("shutdown_request", {"restart": False})
        self.kc.control_channel.send(msg)
        reply = self.kc.get_control_msg(timeout=TIMEOUT)
        self.assertEqual(reply["header"]["msg_type"], "shutdown_reply")
        self.assertEqual(reply["content"], {"status": "ok", "restart": False})
        self.assertEqual(self.km.provisioner.process.wait(timeout=TIMEOUT), 0)


if __name__ == "__main__":
    unittest.main()
