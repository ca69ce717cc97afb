// Package testshared finds the shared data beside the repository (the
// labelled corpus, SigmaHQ's rules and regression data) for tests and
// benchmarks, wherever in the module they run.
package testshared

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns rel under the shared folder: $HUNTFLOW_SHARED, else the
// folder `shared` beside the module's root. A test that needs it skips when
// it is absent, except under CI=true, where its absence is a failure.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	root := os.Getenv("HUNTFLOW_SHARED")
	if root == "" {
		root = filepath.Join(moduleRoot(tb), "..", "shared")
	}
	p := filepath.Join(root, rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is missing: %v", p, err)
		}
		tb.Skipf("%s not found", p)
	}
	return p
}

// moduleRoot is the nearest folder above the working directory (a test's
// package folder) that holds go.mod.
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			tb.Fatalf("no go.mod above %s", dir)
		}
	}
}
