// Package fsutil writes files for the tools the one safe way: through a
// temporary file in the same folder, synced to disk, then renamed over the
// target, so that a reader sees the old file or the new one, never half of
// one, and a failed write leaves the old file as it was. WriteFile writes
// bytes, CopyFile copies a file; CopyTree copies a tree with folders it
// should leave out.
package fsutil

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes data to path atomically. An existing file keeps its
// mode; a new one gets 0644. path's folder must exist.
func WriteFile(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	return write(path, mode, bytes.NewReader(data))
}

// CopyFile copies src to dst atomically, with the given mode. It makes
// dst's folder if needed.
func CopyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return write(dst, mode, in)
}

// write is the one atomic write: what r gives goes to a temporary file next
// to path, which gets mode, is synced and renamed over path. On an error
// the temporary file is removed and path is left alone.
func write(path string, mode os.FileMode, r io.Reader) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
			err = fmt.Errorf("writing %s: %w", path, err)
		}
	}()
	_, err = io.Copy(tmp, r)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// CopyTree copies src (a file or a folder) to dst; files get mode 0644 (so a
// read-only module folder becomes a writable copy). Folders named in skip
// are left out.
func CopyTree(src, dst string, skip ...string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			for _, s := range skip {
				if d.Name() == s {
					return filepath.SkipDir
				}
			}
			return os.MkdirAll(target, 0o755)
		}
		return CopyFile(p, target, 0o644)
	})
}
