//go:build unix

package sqlite

import (
	"fmt"
	"io/fs"
	"syscall"
)

func identity(fi fs.FileInfo) fileID {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}
	}
	return fileID{size: fi.Size(), mtime: fi.ModTime()}
}

// readable checks the permission bits as the kernel would for opening
// path: connections already open would go on reading a file made
// unreadable (chmod 000), but the store's owner has said no.
func readable(path string) error {
	const rOK = 4
	if err := syscall.Access(path, rOK); err != nil {
		return fmt.Errorf("store is not readable: %w", &fs.PathError{Op: "access", Path: path, Err: err})
	}
	return nil
}
