package attack

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:generate go run ./internal/gen -in ../../shared/attack/enterprise-attack-subset.json -version 18.1 -out catalogue_gen.go

// Technique is an ATT&CK technique or sub-technique.
type Technique struct {
	ID   string
	Name string
	// Tactics are tactic short names (credential-access) in matrix order.
	Tactics []string
	// Parent is the parent technique's ID for a sub-technique, else "".
	Parent     string
	Deprecated bool
	Revoked    bool
	// ReplacedBy is, for a revoked technique, the current technique ATT&CK
	// moved it to, or "" when none is known.
	ReplacedBy  string
	Mitigations []Mitigation
	// Platforms are ATT&CK's platforms (Windows, Linux, macOS, ...).
	Platforms []string
	URL       string
}

// Mitigation is an ATT&CK mitigation (course of action).
type Mitigation struct {
	ID   string
	Name string
}

// Tactic is an ATT&CK tactic, the adversary's goal behind a technique.
type Tactic struct {
	ID        string // TA0006
	ShortName string // credential-access
	Name      string // Credential Access
}

// Catalogue is an immutable ATT&CK release: safe for concurrent use.
type Catalogue struct {
	version    string
	tactics    []Tactic
	tacticPos  map[string]int // short name → position in tactics
	techniques map[string]Technique
	// maxNumber is the highest technique number the release assigned
	// (1681 for T1681).
	maxNumber int
}

// Rows of the generated tables in catalogue_gen.go.
type (
	genTactic     struct{ id, shortName, name string }
	genMitigation struct{ id, name string }
	genTechnique  struct {
		id, name, parent string
		tactics          string // space-separated tactic IDs, matrix order
		mitigations      string // space-separated mitigation IDs
		flags            genFlags
		replacedBy       string
		platforms        string // comma-separated
	}
	genFlags uint8
)

const (
	genDeprecated genFlags = 1 << iota
	genRevoked
)

var defaultCatalogue = sync.OnceValue(func() *Catalogue {
	c, err := newCatalogue(genVersion, genTactics, genMitigations, genTechniques)
	if err != nil {
		// The generator checks the same invariants, so this means
		// catalogue_gen.go was edited by hand.
		panic("attack: generated catalogue is inconsistent: " + err.Error())
	}
	return c
})

// Default returns the catalogue generated from the ATT&CK release the
// package was built with.
func Default() *Catalogue { return defaultCatalogue() }

func newCatalogue(version string, tactics []genTactic, mitigations []genMitigation, techniques []genTechnique) (*Catalogue, error) {
	c := &Catalogue{
		version:    version,
		tacticPos:  make(map[string]int, len(tactics)),
		techniques: make(map[string]Technique, len(techniques)),
	}
	shortByID := make(map[string]string, len(tactics))
	for i, t := range tactics {
		c.tactics = append(c.tactics, Tactic{ID: t.id, ShortName: t.shortName, Name: t.name})
		c.tacticPos[t.shortName] = i
		shortByID[t.id] = t.shortName
	}
	mitigationByID := make(map[string]Mitigation, len(mitigations))
	for _, m := range mitigations {
		mitigationByID[m.id] = Mitigation{ID: m.id, Name: m.name}
	}
	for _, g := range techniques {
		t := Technique{
			ID:         g.id,
			Name:       g.name,
			Parent:     g.parent,
			Deprecated: g.flags&genDeprecated != 0,
			Revoked:    g.flags&genRevoked != 0,
			ReplacedBy: g.replacedBy,
			URL:        techniqueURL(g.id),
		}
		if g.platforms != "" {
			t.Platforms = strings.Split(g.platforms, ",")
		}
		c.maxNumber = max(c.maxNumber, techniqueNumber(g.id))
		for _, id := range strings.Fields(g.tactics) {
			short, ok := shortByID[id]
			if !ok {
				return nil, fmt.Errorf("technique %s: unknown tactic %s", g.id, id)
			}
			t.Tactics = append(t.Tactics, short)
		}
		for _, id := range strings.Fields(g.mitigations) {
			m, ok := mitigationByID[id]
			if !ok {
				return nil, fmt.Errorf("technique %s: unknown mitigation %s", g.id, id)
			}
			t.Mitigations = append(t.Mitigations, m)
		}
		if _, dup := c.techniques[t.ID]; dup {
			return nil, fmt.Errorf("technique %s appears twice", t.ID)
		}
		c.techniques[t.ID] = t
	}
	for _, t := range c.techniques {
		if t.Parent != "" {
			if _, ok := c.techniques[t.Parent]; !ok {
				return nil, fmt.Errorf("technique %s: unknown parent %s", t.ID, t.Parent)
			}
		}
		if t.ReplacedBy != "" {
			if _, ok := c.techniques[t.ReplacedBy]; !ok {
				return nil, fmt.Errorf("technique %s: unknown replacement %s", t.ID, t.ReplacedBy)
			}
		}
	}
	return c, nil
}

// techniqueURL is the technique's page on attack.mitre.org, where
// sub-techniques live under their parent (T1003.001 → T1003/001).
func techniqueURL(id string) string {
	return "https://attack.mitre.org/techniques/" + strings.Replace(id, ".", "/", 1)
}

// Version is the ATT&CK release, e.g. "18.1".
func (c *Catalogue) Version() string { return c.version }

// normalizeID puts a technique ID as written by a rule or an LLM into
// ATT&CK's form: trimmed, upper case, without the "attack." prefix of
// Sigma tags (attack.t1003.001).
func normalizeID(id string) string {
	id = strings.ToUpper(strings.TrimSpace(id))
	return strings.TrimPrefix(id, "ATTACK.")
}

// Lookup finds a technique by ID, ignoring case and surrounding space. It
// finds revoked and deprecated techniques too; Validate says what to do with
// them.
func (c *Catalogue) Lookup(id string) (Technique, bool) {
	t, ok := c.techniques[normalizeID(id)]
	if !ok {
		return Technique{}, false
	}
	// Callers get their own slices so the shared catalogue stays immutable.
	t.Tactics = slices.Clone(t.Tactics)
	t.Mitigations = slices.Clone(t.Mitigations)
	t.Platforms = slices.Clone(t.Platforms)
	return t, true
}

// Techniques returns every technique and sub-technique of the release,
// revoked and deprecated ones included, sorted by ID.
func (c *Catalogue) Techniques() []Technique {
	out := make([]Technique, 0, len(c.techniques))
	for id := range c.techniques {
		t, _ := c.Lookup(id)
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Technique) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// HasPlatform reports whether ATT&CK lists the platform (e.g. "Windows")
// for the technique, ignoring case.
func (t Technique) HasPlatform(platform string) bool {
	return slices.ContainsFunc(t.Platforms, func(p string) bool { return strings.EqualFold(p, platform) })
}

// Newer reports whether id is a well-formed technique ID that this release
// does not know and whose technique number is above every number it
// assigned. ATT&CK numbers new techniques in sequence, so such an ID comes
// from a later release (v19 renumbered Impair Defenses into T1685 and
// T1686, which current SigmaHQ rules carry): a tag to keep, marked, not
// a typo or an LLM's invention to drop.
func (c *Catalogue) Newer(id string) bool {
	norm := normalizeID(id)
	if !techniqueIDPattern.MatchString(norm) {
		return false
	}
	if _, known := c.techniques[norm]; known {
		return false
	}
	return techniqueNumber(norm) > c.maxNumber
}

// techniqueNumber is the number of a technique ID: 1003 for T1003.001.
func techniqueNumber(id string) int {
	n := 0
	for _, r := range strings.TrimPrefix(id, "T") {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// Tactics returns the tactics in matrix order (reconnaissance … impact).
func (c *Catalogue) Tactics() []Tactic { return slices.Clone(c.tactics) }

// Tactic finds a tactic by short name (credential-access), ID (TA0006) or
// name (Credential Access), ignoring case: analysts and LLMs use all three.
func (c *Catalogue) Tactic(name string) (Tactic, bool) {
	name = strings.TrimSpace(name)
	if i, ok := c.tacticPos[strings.ToLower(name)]; ok {
		return c.tactics[i], true
	}
	for _, t := range c.tactics {
		if strings.EqualFold(t.ID, name) || strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return Tactic{}, false
}

// tacticOrder is the matrix position of a technique's first tactic, for
// sorting techniques the way the matrix reads; techniques without a tactic
// go last.
func (c *Catalogue) tacticOrder(tactics []string) int {
	best := len(c.tactics)
	for _, t := range tactics {
		if i, ok := c.tacticPos[t]; ok && i < best {
			best = i
		}
	}
	return best
}
