package app

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectorFilters(t *testing.T) {
	extra := t.TempDir()
	os.WriteFile(filepath.Join(extra, "old.yml"), []byte(`title: Retired rule
id: 20000000-0000-4000-8000-000000000001
status: deprecated
level: critical
logsource: {category: process_creation, product: windows}
detection:
  sel: {Image|endswith: '\retired.exe'}
  condition: sel
`), 0o644)
	os.WriteFile(filepath.Join(extra, "broken.yml"), []byte("title: Broken\n"), 0o644)

	count := func(t *testing.T, cfg Config) (int, string) {
		t.Helper()
		var logs bytes.Buffer
		d, err := Detector(cfg, slog.New(slog.NewTextHandler(&logs, nil)))
		if err != nil {
			t.Fatal(err)
		}
		return len(d.Rules().Rules()), logs.String()
	}
	all, logs := count(t, Config{RulesDir: extra})
	if !strings.Contains(logs, "rules loaded") || !strings.Contains(logs, "critical=") || !strings.Contains(logs, "left_out=1") ||
		!strings.Contains(logs, "rule not loaded") || !strings.Contains(logs, "broken.yml") {
		t.Errorf("logs:\n%s", logs)
	}
	withDeprecated, _ := count(t, Config{RulesDir: extra, RuleStatus: "all"})
	if withDeprecated != all+1 {
		t.Errorf("status all: %d rules, want %d (the deprecated rule added)", withDeprecated, all+1)
	}
	high, logs := count(t, Config{MinLevel: "high"})
	if high == 0 || high >= all || !strings.Contains(logs, "low=0") || !strings.Contains(logs, "medium=0") {
		t.Errorf("min level high: %d of %d rules; logs:\n%s", high, all, logs)
	}
	for _, bad := range []Config{{MinLevel: "urgent"}, {RuleStatus: "beta"}, {RulesDir: filepath.Join(extra, "missing")}} {
		if _, err := Detector(bad, slog.New(slog.DiscardHandler)); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	cfg := FromEnv(func(k string) string {
		return map[string]string{"HUNTFLOW_MIN_LEVEL": "medium", "HUNTFLOW_RULE_STATUS": "stable,test"}[k]
	})
	if cfg.MinLevel != "medium" || cfg.RuleStatus != "stable,test" {
		t.Errorf("FromEnv: %+v", cfg)
	}
}
