package attack

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
)

// navigatorLayer is the part of layer format 4.5 the tests read back,
// declared apart from the writer's types so a renamed field fails here.
type navigatorLayer struct {
	Name     string `json:"name"`
	Versions struct {
		Attack, Navigator, Layer string
	} `json:"versions"`
	Domain       string `json:"domain"`
	Description  string `json:"description"`
	Sorting      int    `json:"sorting"`
	HideDisabled *bool  `json:"hideDisabled"`
	Techniques   []struct {
		TechniqueID string `json:"techniqueID"`
		Tactic      string `json:"tactic"`
		Score       int    `json:"score"`
		Comment     string `json:"comment"`
		Enabled     *bool  `json:"enabled"`
	} `json:"techniques"`
	Gradient struct {
		Colors   []string `json:"colors"`
		MinValue int      `json:"minValue"`
		MaxValue int      `json:"maxValue"`
	} `json:"gradient"`
	LegendItems []struct {
		Label string `json:"label"`
		Color string `json:"color"`
	} `json:"legendItems"`
}

func TestLayer(t *testing.T) {
	hits := []huntflow.TechniqueHit{
		{ID: "T1059.001", Name: "PowerShell", Tactics: []string{"execution"}, Severity: huntflow.SeverityMedium, Findings: []string{"f3"}},
		{ID: "T1003.001", Name: "LSASS Memory", Tactics: []string{"credential-access"}, Severity: huntflow.SeverityHigh, Findings: []string{"f2", "f1"}},
		{ID: "T1053.005", Tactics: []string{"execution", "persistence", "privilege-escalation"}, Severity: huntflow.SeverityCritical, Findings: []string{"f4"}},
		// Same technique again: merges, highest severity wins.
		{ID: "t1059.001", Tactics: []string{"execution"}, Severity: huntflow.SeverityLow, Findings: []string{"f5", "f3"}},
		// No tactics: taken from the catalogue.
		{ID: "T1105", Severity: huntflow.SeverityInformational},
	}
	out, err := Layer("Hunt 42", "Techniques found by hunt 42", hits)
	if err != nil {
		t.Fatal(err)
	}
	var l navigatorLayer
	if err := json.Unmarshal(out, &l); err != nil {
		t.Fatalf("layer is not JSON: %v\n%s", err, out)
	}
	if l.Name != "Hunt 42" || l.Description != "Techniques found by hunt 42" || l.Domain != "enterprise-attack" {
		t.Errorf("name, description, domain = %q, %q, %q", l.Name, l.Description, l.Domain)
	}
	if l.Versions.Attack != "18" || l.Versions.Navigator != "5.1.0" || l.Versions.Layer != "4.5" {
		t.Errorf("versions = %+v, want attack 18, navigator 5.1.0, layer 4.5", l.Versions)
	}
	if l.HideDisabled == nil || *l.HideDisabled {
		t.Error("hideDisabled must be present and false")
	}
	if l.Sorting != 3 {
		t.Errorf("sorting = %d, want 3 (score descending)", l.Sorting)
	}
	if l.Gradient.MinValue != 0 || l.Gradient.MaxValue != 5 || len(l.Gradient.Colors) != 6 {
		t.Errorf("gradient = %+v, want 6 colours over 0..5", l.Gradient)
	}
	var labels []string
	for i, li := range l.LegendItems {
		labels = append(labels, li.Label)
		// Legend colour i+1 is the gradient's colour at score i+1.
		if li.Color != l.Gradient.Colors[i+1] {
			t.Errorf("legend %s colour %s, gradient has %s at score %d", li.Label, li.Color, l.Gradient.Colors[i+1], i+1)
		}
	}
	if want := []string{"informational", "low", "medium", "high", "critical"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("legend labels = %v, want %v", labels, want)
	}

	type entry struct {
		id, tactic string
		score      int
		comment    string
	}
	want := []entry{
		{"T1003.001", "credential-access", 4, "severity high; findings: f1, f2"},
		{"T1053.005", "execution", 5, "severity critical; findings: f4"},
		{"T1053.005", "persistence", 5, "severity critical; findings: f4"},
		{"T1053.005", "privilege-escalation", 5, "severity critical; findings: f4"},
		{"T1059.001", "execution", 3, "severity medium; findings: f3, f5"},
		{"T1105", "command-and-control", 1, "severity informational"},
	}
	var got []entry
	for _, tech := range l.Techniques {
		got = append(got, entry{tech.TechniqueID, tech.Tactic, tech.Score, tech.Comment})
		if tech.Enabled == nil || !*tech.Enabled {
			t.Errorf("%s/%s: enabled must be present and true", tech.TechniqueID, tech.Tactic)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("techniques:\n got %+v\nwant %+v", got, want)
	}

	again, err := Layer("Hunt 42", "Techniques found by hunt 42", hits)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again) {
		t.Error("the same hits gave two different layers")
	}
}

func TestLayerEmpty(t *testing.T) {
	out, err := Layer("empty", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	// The Navigator expects an array; null would not load.
	if got := string(raw["techniques"]); got != "[]" {
		t.Errorf("techniques = %s, want []", got)
	}
}

func TestLayerRejects(t *testing.T) {
	tests := []struct {
		name, layerName string
		hits            []huntflow.TechniqueHit
		want            string
	}{
		{"no name", " ", nil, "name is required"},
		{"malformed ID", "hunt", []huntflow.TechniqueHit{{ID: "credential dumping"}}, "not an ATT&CK technique ID"},
		{"empty ID", "hunt", []huntflow.TechniqueHit{{ID: ""}}, "not an ATT&CK technique ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Layer(tt.layerName, "", tt.hits)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Layer error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
