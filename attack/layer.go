package attack

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

// Navigator layer format 4.5, as specified in mitre-attack/attack-navigator
// layers/spec/v4.5/layerformat.md.
const (
	layerFormatVersion = "4.5"
	navigatorVersion   = "5.1.0"
	layerDomain        = "enterprise-attack"
	// sortScoreDescending puts the most severe techniques first in each
	// tactic column.
	sortScoreDescending = 3
)

// severityColors colour scores 0 (none) … 5 (critical). The gradient uses
// the same colours at the same stops, so a score's colour and its legend
// entry agree without setting a colour on every technique.
var severityColors = [...]string{"#ffffff", "#66b1ff", "#8ec843", "#ffe766", "#ff9f43", "#ff6666"}

type layerFile struct {
	Name         string           `json:"name"`
	Versions     layerVersions    `json:"versions"`
	Domain       string           `json:"domain"`
	Description  string           `json:"description"`
	Sorting      int              `json:"sorting"`
	Layout       layerLayout      `json:"layout"`
	HideDisabled bool             `json:"hideDisabled"`
	Techniques   []layerTechnique `json:"techniques"`
	Gradient     layerGradient    `json:"gradient"`
	LegendItems  []legendItem     `json:"legendItems"`
}

type layerVersions struct {
	Attack    string `json:"attack"`
	Navigator string `json:"navigator"`
	Layer     string `json:"layer"`
}

type layerLayout struct {
	Layout                string `json:"layout"`
	ShowID                bool   `json:"showID"`
	ShowName              bool   `json:"showName"`
	ExpandedSubtechniques string `json:"expandedSubtechniques"`
}

type layerTechnique struct {
	TechniqueID string `json:"techniqueID"`
	Tactic      string `json:"tactic,omitempty"`
	Score       int    `json:"score"`
	Comment     string `json:"comment"`
	Enabled     bool   `json:"enabled"`
}

type layerGradient struct {
	Colors   []string `json:"colors"`
	MinValue int      `json:"minValue"`
	MaxValue int      `json:"maxValue"`
}

type legendItem struct {
	Label string `json:"label"`
	Color string `json:"color"`
}

// Layer writes an ATT&CK Navigator layer (format 4.5) of the techniques a
// hunt found, scored by severity, against the Default catalogue. Pass hits
// through Resolve first; see Catalogue.Layer.
func Layer(name, description string, hits []huntflow.TechniqueHit) ([]byte, error) {
	return Default().Layer(name, description, hits)
}

// Layer writes an ATT&CK Navigator layer (format 4.5) of hits: one entry per
// technique and tactic, scored by severity (informational 1 … critical 5)
// and commented with the findings that show it. A hit without tactics takes
// them from the catalogue. Hits with the same ID merge. An empty name or a
// malformed technique ID is an error: the Navigator rejects the first and
// silently ignores the second.
func (c *Catalogue) Layer(name, description string, hits []huntflow.TechniqueHit) ([]byte, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("navigator layer: name is required")
	}
	type entry struct {
		severity huntflow.Severity
		findings []string
	}
	type key struct{ id, tactic string }
	entries := make(map[key]*entry)
	for _, h := range hits {
		id := normalizeID(h.ID)
		if !techniqueIDPattern.MatchString(id) {
			return nil, fmt.Errorf("navigator layer: %q is not an ATT&CK technique ID", h.ID)
		}
		tactics := h.Tactics
		if len(tactics) == 0 {
			tactics = c.techniques[id].Tactics
		}
		if len(tactics) == 0 {
			// Without a tactic the Navigator shows the entry under every
			// tactic of the technique.
			tactics = []string{""}
		}
		for _, tac := range tactics {
			k := key{id, tac}
			e, ok := entries[k]
			if !ok {
				e = &entry{}
				entries[k] = e
			}
			e.severity = max(e.severity, h.Severity)
			e.findings = append(e.findings, h.Findings...)
		}
	}

	l := c.newLayer(name, description)
	l.Gradient = layerGradient{Colors: severityColors[:], MinValue: 0, MaxValue: int(huntflow.SeverityCritical)}
	for s := huntflow.SeverityInformational; s <= huntflow.SeverityCritical; s++ {
		l.LegendItems = append(l.LegendItems, legendItem{Label: s.String(), Color: severityColors[s]})
	}
	for k, e := range entries {
		slices.Sort(e.findings)
		e.findings = slices.Compact(e.findings)
		comment := "severity " + e.severity.String()
		if len(e.findings) > 0 {
			comment += "; findings: " + strings.Join(e.findings, ", ")
		}
		l.Techniques = append(l.Techniques, layerTechnique{
			TechniqueID: k.id,
			Tactic:      k.tactic,
			Score:       score(e.severity),
			Comment:     comment,
			Enabled:     true,
		})
	}
	return c.encodeLayer(l)
}

func (c *Catalogue) newLayer(name, description string) layerFile {
	return layerFile{
		Name:         name,
		Versions:     layerVersions{Attack: majorVersion(c.version), Navigator: navigatorVersion, Layer: layerFormatVersion},
		Domain:       layerDomain,
		Description:  description,
		Sorting:      sortScoreDescending,
		Layout:       layerLayout{Layout: "side", ShowID: true, ShowName: true, ExpandedSubtechniques: "annotated"},
		HideDisabled: false,
		Techniques:   []layerTechnique{},
	}
}

func (c *Catalogue) encodeLayer(l layerFile) ([]byte, error) {
	// Map iteration is random; sort so the same input gives the same file.
	slices.SortFunc(l.Techniques, func(a, b layerTechnique) int {
		return cmp.Or(
			cmp.Compare(a.TechniqueID, b.TechniqueID),
			cmp.Compare(c.tacticOrder([]string{a.Tactic}), c.tacticOrder([]string{b.Tactic})),
			cmp.Compare(a.Tactic, b.Tactic),
		)
	})
	out, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("navigator layer: %w", err)
	}
	return out, nil
}

// Score is a technique's score in a layer that is not about one hunt,
// such as the number of rules that cover it.
type Score struct {
	ID      string
	Score   int
	Comment string
}

// countColors shade a count layer from white (0) to green (the highest
// score).
var countColors = []string{"#ffffff", "#8ec843"}

// ScoreLayer writes an ATT&CK Navigator layer (format 4.5) of scores, one
// entry per technique under every tactic the catalogue gives it, shaded
// from 0 to the highest score. Techniques the catalogue does not know are
// an error: the Navigator would drop them silently.
func (c *Catalogue) ScoreLayer(name, description string, scores []Score) ([]byte, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("navigator layer: name is required")
	}
	l := c.newLayer(name, description)
	top := 1
	for _, s := range scores {
		id := normalizeID(s.ID)
		t, ok := c.techniques[id]
		if !ok {
			return nil, fmt.Errorf("navigator layer: %q is not in ATT&CK v%s", s.ID, c.version)
		}
		top = max(top, s.Score)
		tactics := t.Tactics
		if len(tactics) == 0 {
			tactics = []string{""}
		}
		for _, tac := range tactics {
			l.Techniques = append(l.Techniques, layerTechnique{TechniqueID: id, Tactic: tac, Score: s.Score, Comment: s.Comment, Enabled: true})
		}
	}
	l.Gradient = layerGradient{Colors: countColors, MinValue: 0, MaxValue: top}
	l.LegendItems = []legendItem{{Label: "0", Color: countColors[0]}, {Label: fmt.Sprint(top), Color: countColors[1]}}
	return c.encodeLayer(l)
}

// score clamps a severity to the gradient's 0..5.
func score(s huntflow.Severity) int {
	return min(max(int(s), 0), int(huntflow.SeverityCritical))
}

// majorVersion is the ATT&CK version as the Navigator names it: "18" for
// release 18.1.
func majorVersion(v string) string {
	major, _, _ := strings.Cut(v, ".")
	return major
}
