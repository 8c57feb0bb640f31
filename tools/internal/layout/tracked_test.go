package layout

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// compiled says what kind of compiled file content is, from its first
// bytes, or "" when it is none: an ELF, Mach-O or PE executable or
// object, or a WebAssembly module.
func compiled(content []byte) string {
	switch {
	case bytes.HasPrefix(content, []byte("\x7fELF")):
		return "ELF"
	case bytes.HasPrefix(content, []byte("\x00asm")):
		return "WebAssembly"
	case len(content) >= 4 && isMachO(binary.BigEndian.Uint32(content)):
		return "Mach-O"
	case len(content) >= 0x40 && bytes.HasPrefix(content, []byte("MZ")):
		off := int(binary.LittleEndian.Uint32(content[0x3c:]))
		if off >= 0 && off+4 <= len(content) && bytes.Equal(content[off:off+4], []byte("PE\x00\x00")) {
			return "PE"
		}
	}
	return ""
}

func isMachO(magic uint32) bool {
	switch magic {
	case 0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe:
		return true
	}
	return false
}

func TestCompiledKinds(t *testing.T) {
	pe := make([]byte, 0x80)
	copy(pe, "MZ")
	binary.LittleEndian.PutUint32(pe[0x3c:], 0x40)
	copy(pe[0x40:], "PE\x00\x00")
	for _, tc := range []struct {
		content []byte
		want    string
	}{
		{[]byte("\x7fELF\x02\x01\x01"), "ELF"},
		{[]byte("\xcf\xfa\xed\xfe\x07\x00"), "Mach-O"},
		{pe, "PE"},
		{[]byte("\x00asm\x01\x00\x00\x00"), "WebAssembly"},
		{[]byte("#!/usr/bin/env bash\necho hi\n"), ""},
		{[]byte("MZ is how a text may start, and this one is long enough to be read as a header of sixty-four bytes or more"), ""},
		{[]byte("package main\n"), ""},
	} {
		if got := compiled(tc.content); got != tc.want {
			t.Errorf("compiled(%q) = %q, want %q", tc.content[:min(8, len(tc.content))], got, tc.want)
		}
	}
}

// Git tracks no compiled file: no executable or object of any platform,
// no WebAssembly module, and no file marked executable that is not a
// script (#!). Built programs belong in .gitignore.
func TestNoCompiledFileIsTracked(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skip("not a git checkout: nothing is tracked")
	}
	cmd := exec.Command("git", "ls-files", "-s", "-z")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, entry := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		// <mode> <object> <stage>\t<path>
		meta, name, ok := strings.Cut(entry, "\t")
		if !ok {
			continue
		}
		mode := strings.Fields(meta)[0]
		if mode == "120000" || mode == "160000" { // a link, a submodule
			continue
		}
		f, err := os.Open(filepath.Join(root, name))
		if err != nil {
			continue // deleted in the work tree
		}
		head := make([]byte, 4096)
		n, _ := f.Read(head)
		f.Close()
		head = head[:n]
		if kind := compiled(head); kind != "" {
			t.Errorf("%s: a compiled %s file is tracked; remove it (git rm --cached) and ignore it", name, kind)
		} else if mode == "100755" && !bytes.HasPrefix(head, []byte("#!")) {
			t.Errorf("%s: tracked as executable, but is no script (#!)", name)
		}
	}
}
