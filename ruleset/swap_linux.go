package ruleset

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swapDir puts the folder src in the place of dst. On Linux an existing
// dst is exchanged with src in one renameat2(RENAME_EXCHANGE), so dst
// never disappears; the old content ends up at src for the caller to
// remove.
func swapDir(src, dst string) error {
	err := unix.Renameat2(unix.AT_FDCWD, src, unix.AT_FDCWD, dst, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOENT):
		// No old folder: a plain rename.
		return os.Rename(src, dst)
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		// A file system without RENAME_EXCHANGE.
		return swapByRenames(src, dst)
	}
	return err
}
