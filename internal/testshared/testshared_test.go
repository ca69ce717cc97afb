package testshared

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPathFindsTheSharedFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "corpus"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HUNTFLOW_SHARED", dir)
	if got := Path(t, "corpus"); got != filepath.Join(dir, "corpus") {
		t.Errorf("Path = %s", got)
	}
	if _, err := os.Stat(filepath.Join(moduleRoot(t), "go.mod")); err != nil {
		t.Errorf("module root without go.mod: %v", err)
	}
}
