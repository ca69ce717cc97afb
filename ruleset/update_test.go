package ruleset

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range files {
			if !yield(k) {
				return
			}
		}
	}) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// releaseServer serves rule packages the way GitHub serves release assets.
func releaseServer(t *testing.T) *httptest.Server {
	t.Helper()
	assets := map[string][]byte{
		"/good.zip": zipOf(t, map[string]string{
			"rules/windows/process_creation/a.yml": rule("00000000-0000-4000-8000-0000000000a1", "New alpha", "high", "test", "attack.t1082"),
			"rules/windows/process_creation/b.yml": rule("00000000-0000-4000-8000-0000000000b1", "New bravo", "critical", "stable"),
			"rules/windows/broken.yml":             "title: Broken\n",
			"README.md":                            "SigmaHQ core rules\n",
		}),
		"/garbage.zip": []byte("<html>not found</html>"),
		"/norules.zip": zipOf(t, map[string]string{"README.md": "nothing here\n", "broken.yml": "title: Broken\n"}),
		"/slip.zip":    zipOf(t, map[string]string{"rules/a.yml": rule("00000000-0000-4000-8000-0000000000a2", "Alpha", "high", "test"), "../../evil.yml": "title: x\n"}),
		"/empty.zip":   zipOf(t, map[string]string{}),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := assets[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/zip")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// siblings lists the names in dir's parent, to catch leftovers.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestUpdate(t *testing.T) {
	srv := releaseServer(t)
	tests := []struct {
		name    string
		path    string
		fresh   bool // no old folder
		wantErr string
	}{
		{"good package replaces the folder", "/good.zip", false, ""},
		{"good package into a new folder", "/good.zip", true, ""},
		{"not a zip", "/garbage.zip", false, "not a zip archive"},
		{"no rules that load", "/norules.zip", false, "holds 0 rules that load"},
		{"entry outside the package", "/slip.zip", false, "outside the package"},
		{"empty archive", "/empty.zip", false, "no files"},
		{"HTTP error", "/missing.zip", false, "404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := filepath.Join(t.TempDir(), "parent")
			dir := filepath.Join(parent, "sigma")
			if err := os.MkdirAll(parent, 0o755); err != nil {
				t.Fatal(err)
			}
			if !tt.fresh {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "old.yml"), []byte(rule("", "Old", "low", "test")), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res, err := Update(context.Background(), UpdateOptions{Dir: dir, URL: srv.URL + tt.path, Client: srv.Client()})
			// Nothing but the folder itself (when there is one) may remain.
			want := []string{"sigma"}
			if tt.fresh && tt.wantErr != "" {
				want = nil
			}
			if got := siblings(t, dir); !slices.Equal(got, want) {
				t.Errorf("next to the folder: %v, want %v", got, want)
			}
			if _, serr := os.Stat(filepath.Join(filepath.Dir(parent), "evil.yml")); serr == nil {
				t.Error("an entry was written outside the package")
			}
			_, oldErr := os.Stat(filepath.Join(dir, "old.yml"))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one containing %q", err, tt.wantErr)
				}
				if oldErr != nil {
					t.Errorf("the old folder was touched: %v", oldErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Rules != 2 || res.LoadErrors != 1 || res.Files != 4 {
				t.Errorf("result %+v, want 2 rules, 1 load error, 4 files", res)
			}
			if oldErr == nil {
				t.Error("old rules still in the folder")
			}
			l, err := Load(Source{Dirs: []string{dir}}, Filter{})
			if err != nil || len(l.Rules.Rules()) != 2 {
				t.Fatalf("installed folder: %v, %v", err, l)
			}
			if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o755 {
				t.Errorf("folder mode %v (%v)", fi.Mode(), err)
			}
		})
	}
}

func TestSwapByRenames(t *testing.T) {
	for _, withOld := range []bool{true, false} {
		base := t.TempDir()
		src, dst := filepath.Join(base, ".new"), filepath.Join(base, "dst")
		os.MkdirAll(src, 0o755)
		os.WriteFile(filepath.Join(src, "new"), nil, 0o644)
		if withOld {
			os.MkdirAll(dst, 0o755)
			os.WriteFile(filepath.Join(dst, "old"), nil, 0o644)
		}
		if err := swapByRenames(src, dst); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dst, "new")); err != nil {
			t.Errorf("old=%v: new content not in place: %v", withOld, err)
		}
		_, err := os.Stat(filepath.Join(src, "old"))
		if withOld != (err == nil) {
			t.Errorf("old=%v: old content at src: %v", withOld, err)
		}
	}
}
