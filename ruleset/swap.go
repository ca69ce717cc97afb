package ruleset

import (
	"errors"
	"fmt"
	"os"
)

// swapByRenames replaces dst with src in two renames: dst moves aside into
// src's name plus ".old", src takes its place, and the old folder moves to
// src for the caller to remove. Between the renames dst is briefly absent;
// if the second fails, the first is undone.
func swapByRenames(src, dst string) error {
	aside := src + ".old"
	if err := os.Rename(dst, aside); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return os.Rename(src, dst)
		}
		return err
	}
	if err := os.Rename(src, dst); err != nil {
		if rerr := os.Rename(aside, dst); rerr != nil {
			return fmt.Errorf("%w (and restoring %s failed: %v; the old rules are in %s)", err, dst, rerr, aside)
		}
		return err
	}
	return os.Rename(aside, src)
}
