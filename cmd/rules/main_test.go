package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huntflow/huntflow/eval/evaltest"
)

func runRules(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	return stdout.String() + stderr.String(), err
}

func TestCheck(t *testing.T) {
	good := evaltest.Rules(t)
	out, err := runRules(t, "check", good)
	if err != nil || !strings.Contains(out, "4 rules, 0 correlations loaded; 0 errors, 0 warnings") {
		t.Errorf("good folder: %v\n%s", err, out)
	}
	bad := evaltest.Rules(t)
	os.WriteFile(filepath.Join(bad, "typo.yml"), []byte(strings.Replace(evaltest.RuleFiles["shadows.yml"], "attack.t1490", "attack.t1300", 1)), 0o644)
	os.WriteFile(filepath.Join(bad, "broken.yml"), []byte("title: no detection\nlogsource: {product: windows}\n"), 0o644)
	jsonPath := filepath.Join(t.TempDir(), "check.json")
	out, err = runRules(t, "check", bad, "--json", jsonPath)
	if !errors.Is(err, errFailed) || !strings.Contains(out, "error: broken.yml: not loaded: rule \"no detection\": missing detection") || !strings.Contains(out, "duplicate id") || !strings.Contains(out, "T1300 is unknown") {
		t.Errorf("bad folder: err %v\n%s", err, out)
	}
	var rep struct{ Problems []struct{ Error bool } }
	if data, err := os.ReadFile(jsonPath); err != nil || json.Unmarshal(data, &rep) != nil || len(rep.Problems) == 0 {
		t.Errorf("check JSON: %v %+v", err, rep)
	}
}

func TestList(t *testing.T) {
	out, err := runRules(t, "list", "--rules-only", evaltest.Rules(t), "--min-level", "low", "-v")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 rules, 0 correlations", "1 rules left out", "windows/process_creation", "critical      test"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestUpdate(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range evaltest.RuleFiles {
		w, _ := zw.Create("rules/windows/" + name)
		w.Write([]byte(body))
	}
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sigma_core.zip" {
			http.NotFound(w, r)
			return
		}
		w.Write(buf.Bytes())
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "sigma")
	out, err := runRules(t, "update", "--dir", dir, "--url", srv.URL+"/sigma_core.zip")
	if err != nil || !strings.Contains(out, "4 rules and 0 correlations load") {
		t.Fatalf("update: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "rules", "windows", "comsvcs.yml")); err != nil {
		t.Error(err)
	}
	if _, err := runRules(t, "update", "--dir", dir, "--url", srv.URL+"/nope.zip"); err == nil {
		t.Error("failed download reported as success")
	}
	if _, err := runRules(t, "update"); err == nil {
		t.Error("update without --dir accepted")
	}
}

func TestCoverage(t *testing.T) {
	layer := filepath.Join(t.TempDir(), "layer.json")
	out, err := runRules(t, "coverage", "--rules-only", evaltest.Rules(t), "--layer", layer)
	if err != nil {
		t.Fatal(err)
	}
	// T1003, T1003.001, T1218, T1218.011, T1071, T1071.001, T1082, T1490.
	if !strings.Contains(out, "8 of 472 Windows techniques covered") {
		t.Errorf("output:\n%s", out)
	}
	data, err := os.ReadFile(layer)
	if err != nil || !json.Valid(data) || !bytes.Contains(data, []byte(`"techniqueID": "T1490"`)) {
		t.Errorf("layer: %v\n%s", err, data)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"check"}, {"check", "a", "b"}, {"list", "--rules", "a", "--rules-only", "b"}, {"coverage", "--status", "beta"}} {
		if _, err := runRules(t, args...); err == nil {
			t.Errorf("rules %v: no error", args)
		}
	}
}
