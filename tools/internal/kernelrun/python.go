package kernelrun

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// FindPython returns the Python that runs Jupyter here: the interpreter
// named on the first line of the jupyter command first on PATH (that of
// the environment tools/setup.sh makes, .venv, when its bin folder leads
// PATH, as tools/test.sh puts it), else the python3 first on PATH.
func FindPython() string {
	if jupyter, err := exec.LookPath("jupyter"); err == nil {
		if p := shebang(jupyter); p != "" {
			return p
		}
	}
	return "python3"
}

// shebang returns the interpreter a script's #! line names, or "" when the
// line is missing or goes through env (which would pick whatever is first
// on PATH).
func shebang(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "#!") {
		return ""
	}
	fields := strings.Fields(line[2:])
	if len(fields) == 0 || !filepath.IsAbs(fields[0]) || filepath.Base(fields[0]) == "env" {
		return ""
	}
	if strings.HasPrefix(filepath.Base(fields[0]), "python") {
		return fields[0]
	}
	return ""
}
