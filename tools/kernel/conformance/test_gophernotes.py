"""Jupyter's kernel test suite (jupyter_kernel_test) run against the installed
gophernotes kernel. Run by tools/kernel's TestKernelConformance; by hand, from
the notebooks folder (the kernel imports the helper as "../pkg/threading"):

    cd notebooks && ../.venv/bin/python ../tools/kernel/conformance/test_gophernotes.py -v
"""

import os
import unittest

import jupyter_kernel_test


class GophernotesTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("KERNEL_NAME", "gophernotes")
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Print("hello, world")\nfmt.Println()'
    code_stderr = 'import "os"\nos.Stderr.WriteString("oops\\n")'
    code_generate_error = 'panic("on purpose")'

    completion_samples = [
        {"text": "appe", "matches": {"append"}},
        {"text": "zzzNoSuchName", "matches": set()},
    ]

    complete_code_samples = ["x := 1", "func f() int { return 1 }"]
    incomplete_code_samples = ["func f() {", "if true {"]

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"go" + "pher"', "result": "gopher"},
    ]

    code_display_data = [
        {"code": 'Display(display.HTML("<b>bold</b>"))', "mime": "text/html"},
        {"code": 'Display(display.Markdown("*emphasis*"))', "mime": "text/markdown"},
    ]

    code_inspect_sample = "strings.Split"

    def test_inspect_helper_package(self):
        """Shift+Tab on a function of the notebooks' helper package shows its doc."""
        self.flush_channels()
        msg_id = self.kc.execute('import "../pkg/threading"')
        reply = self.get_non_kernel_info_reply(timeout=300)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"].get("evalue"))
        code = "threading.Sleeper"
        msg_id = self.kc.inspect(code, len(code))
        reply = self.get_non_kernel_info_reply(timeout=15)
        jupyter_kernel_test.validate_message(reply, "inspect_reply", msg_id)
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertTrue(content["found"])
        self.assertIn("func Sleeper(name string, d time.Duration)", content["data"]["text/plain"])
        self.assertIn("announces itself", content["data"]["text/plain"])
        self.assertIn("text/markdown", content["data"])

    def test_inspect_not_found(self):
        """Shift+Tab where there is nothing to document answers found: false."""
        self.flush_channels()
        msg_id = self.kc.inspect("zzzNoSuchName", 3)
        reply = self.get_non_kernel_info_reply(timeout=15)
        jupyter_kernel_test.validate_message(reply, "inspect_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertFalse(reply["content"]["found"])


if __name__ == "__main__":
    unittest.main()
