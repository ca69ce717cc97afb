//go:build !linux

package ruleset

func swapDir(src, dst string) error { return swapByRenames(src, dst) }
