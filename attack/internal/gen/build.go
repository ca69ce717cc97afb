package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// stixObject holds the fields of the STIX objects the generator reads; the
// union of them, since a bundle is one heterogeneous array.
type stixObject struct {
	Type               string              `json:"type"`
	ID                 string              `json:"id"`
	Name               string              `json:"name"`
	Revoked            bool                `json:"revoked"`
	Deprecated         bool                `json:"x_mitre_deprecated"`
	IsSubtechnique     bool                `json:"x_mitre_is_subtechnique"`
	ShortName          string              `json:"x_mitre_shortname"`
	Version            string              `json:"x_mitre_version"`
	ExternalReferences []externalReference `json:"external_references"`
	KillChainPhases    []killChainPhase    `json:"kill_chain_phases"`
	Platforms          []string            `json:"x_mitre_platforms"`
	TacticRefs         []string            `json:"tactic_refs"`
	RelationshipType   string              `json:"relationship_type"`
	SourceRef          string              `json:"source_ref"`
	TargetRef          string              `json:"target_ref"`
}

type externalReference struct {
	SourceName string `json:"source_name"`
	ExternalID string `json:"external_id"`
}

type killChainPhase struct {
	KillChainName string `json:"kill_chain_name"`
	PhaseName     string `json:"phase_name"`
}

// attackID is the object's ATT&CK ID (T1003.001, TA0006, M1040, ...), or "".
func (o *stixObject) attackID() string {
	for _, r := range o.ExternalReferences {
		if r.SourceName == "mitre-attack" {
			return r.ExternalID
		}
	}
	return ""
}

// current reports whether the object is still part of ATT&CK.
func (o *stixObject) current() bool { return !o.Revoked && !o.Deprecated }

func decodeBundle(r io.Reader) ([]stixObject, error) {
	var b struct {
		Type    string       `json:"type"`
		Objects []stixObject `json:"objects"`
	}
	if err := json.NewDecoder(r).Decode(&b); err != nil {
		return nil, fmt.Errorf("decode STIX bundle: %w", err)
	}
	if b.Type != "bundle" {
		return nil, fmt.Errorf("decode STIX bundle: type is %q, want \"bundle\"", b.Type)
	}
	return b.Objects, nil
}

// model is the catalogue as the generated tables hold it.
type model struct {
	version     string
	tactics     []tactic     // matrix order
	mitigations []mitigation // by ID
	techniques  []technique  // by ID
	stats       stats
}

type tactic struct{ id, shortName, name string }

type mitigation struct{ id, name string }

type technique struct {
	id, name, parent string
	tactics          []string // tactic IDs, matrix order
	mitigations      []string // mitigation IDs, sorted
	platforms        []string // x_mitre_platforms, as ATT&CK orders them
	deprecated       bool
	revoked          bool
	replacedBy       string
}

// stats are reported in the generated file's header, so a reviewer sees at
// a glance how revoked techniques got their replacements.
type stats struct {
	subtechniques, deprecated, revoked int
	// replacedByRelationship counts revoked techniques whose replacement came
	// from revoked-by, replacedByName those matched by name because the
	// bundle lacked the relationship, unreplaced the rest.
	replacedByRelationship, replacedByName, unreplaced int
}

var (
	techniqueIDPattern  = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)
	tacticIDPattern     = regexp.MustCompile(`^TA\d{4}$`)
	mitigationIDPattern = regexp.MustCompile(`^M\d{4}$`)
)

// build derives the catalogue from the bundle's objects. version, when set,
// overrides the version of the bundle's x-mitre-collection.
func build(objs []stixObject, version string) (*model, error) {
	byRef := make(map[string]*stixObject, len(objs))
	for i := range objs {
		byRef[objs[i].ID] = &objs[i]
	}
	m := &model{version: version}
	if m.version == "" {
		for _, o := range objs {
			if o.Type == "x-mitre-collection" && o.Version != "" {
				m.version = o.Version
				break
			}
		}
	}
	if m.version == "" {
		return nil, fmt.Errorf("the bundle has no x-mitre-collection version: pass -version")
	}

	tacticByShort, err := m.buildTactics(objs, byRef)
	if err != nil {
		return nil, err
	}
	mitigationByRef := m.buildMitigations(objs)
	if err := m.buildTechniques(objs, byRef, tacticByShort, mitigationByRef); err != nil {
		return nil, err
	}
	return m, nil
}

// buildTactics takes the tactics in the order of the enterprise matrix,
// which is the order the kill chain reads (reconnaissance ... impact), not
// the order of their IDs.
func (m *model) buildTactics(objs []stixObject, byRef map[string]*stixObject) (map[string]int, error) {
	var matrices []*stixObject
	for i := range objs {
		if objs[i].Type == "x-mitre-matrix" && objs[i].current() {
			matrices = append(matrices, &objs[i])
		}
	}
	var matrix *stixObject
	for _, mx := range matrices {
		if mx.attackID() == "enterprise-attack" {
			matrix = mx
		}
	}
	if matrix == nil && len(matrices) == 1 {
		matrix = matrices[0]
	}
	if matrix == nil {
		return nil, fmt.Errorf("want one x-mitre-matrix for enterprise-attack, found %d matrices", len(matrices))
	}
	byShort := make(map[string]int)
	for _, ref := range matrix.TacticRefs {
		o, ok := byRef[ref]
		if !ok || o.Type != "x-mitre-tactic" {
			return nil, fmt.Errorf("matrix tactic %s is not in the bundle", ref)
		}
		t := tactic{id: o.attackID(), shortName: o.ShortName, name: o.Name}
		if !tacticIDPattern.MatchString(t.id) || t.shortName == "" || t.name == "" {
			return nil, fmt.Errorf("tactic %s: incomplete (id %q, short name %q, name %q)", ref, t.id, t.shortName, t.name)
		}
		if _, dup := byShort[t.shortName]; dup {
			return nil, fmt.Errorf("tactic %s: short name %q appears twice in the matrix", t.id, t.shortName)
		}
		byShort[t.shortName] = len(m.tactics)
		m.tactics = append(m.tactics, t)
	}
	return byShort, nil
}

// buildMitigations keeps current mitigations only: the deprecated ones are
// pre-2019 per-technique texts whose IDs (T1174, ...) collide with technique
// IDs and would confuse a report.
func (m *model) buildMitigations(objs []stixObject) map[string]string {
	byRef := make(map[string]string)
	for _, o := range objs {
		if o.Type != "course-of-action" || !o.current() {
			continue
		}
		id := o.attackID()
		if !mitigationIDPattern.MatchString(id) {
			continue
		}
		byRef[o.ID] = id
		m.mitigations = append(m.mitigations, mitigation{id: id, name: o.Name})
	}
	slices.SortFunc(m.mitigations, func(a, b mitigation) int { return cmp.Compare(a.id, b.id) })
	m.mitigations = slices.CompactFunc(m.mitigations, func(a, b mitigation) bool { return a.id == b.id })
	return byRef
}

func (m *model) buildTechniques(objs []stixObject, byRef map[string]*stixObject, tacticByShort map[string]int, mitigationByRef map[string]string) error {
	techByRef := make(map[string]*technique)
	byID := make(map[string]*technique)
	var all []*technique
	for _, o := range objs {
		if o.Type != "attack-pattern" {
			continue
		}
		id := o.attackID()
		if !techniqueIDPattern.MatchString(id) {
			return fmt.Errorf("attack-pattern %s: ATT&CK ID %q is not T#### or T####.###", o.ID, id)
		}
		if prev, dup := byID[id]; dup {
			// A release holds one object per ID; two would make lookups
			// ambiguous, so refuse rather than pick one.
			return fmt.Errorf("technique %s appears twice (%q and %q)", id, prev.name, o.Name)
		}
		t := &technique{id: id, name: o.Name, deprecated: o.Deprecated, revoked: o.Revoked, platforms: o.Platforms}
		for _, p := range o.Platforms {
			if strings.Contains(p, ",") {
				// Platforms are rendered comma-separated.
				return fmt.Errorf("technique %s: platform %q contains a comma", id, p)
			}
		}
		var tacticIdx []int
		for _, p := range o.KillChainPhases {
			if p.KillChainName != "mitre-attack" {
				continue
			}
			i, ok := tacticByShort[p.PhaseName]
			if !ok {
				if o.current() {
					return fmt.Errorf("technique %s: tactic %q is not in the matrix", id, p.PhaseName)
				}
				continue // retired techniques may name retired tactics
			}
			tacticIdx = append(tacticIdx, i)
		}
		slices.Sort(tacticIdx)
		for _, i := range slices.Compact(tacticIdx) {
			t.tactics = append(t.tactics, m.tactics[i].id)
		}
		if o.IsSubtechnique {
			if !strings.Contains(id, ".") {
				return fmt.Errorf("technique %s is marked as a sub-technique but its ID has no sub-technique part", id)
			}
			// The ID prefix is the parent; subtechnique-of below must agree.
			t.parent, _, _ = strings.Cut(id, ".")
		} else if strings.Contains(id, ".") {
			return fmt.Errorf("technique %s has a sub-technique ID but is not marked as one", id)
		}
		techByRef[o.ID] = t
		byID[id] = t
		all = append(all, t)
	}

	revokedBy := make(map[*technique]*technique)
	for _, o := range objs {
		if o.Type != "relationship" || o.Revoked || o.Deprecated {
			continue
		}
		src, dst := techByRef[o.SourceRef], techByRef[o.TargetRef]
		switch o.RelationshipType {
		case "mitigates":
			mid, ok := mitigationByRef[o.SourceRef]
			if ok && dst != nil {
				dst.mitigations = append(dst.mitigations, mid)
			}
		case "subtechnique-of":
			if src == nil || dst == nil {
				return fmt.Errorf("relationship %s: subtechnique-of between objects that are not techniques", o.ID)
			}
			if src.parent != dst.id {
				return fmt.Errorf("relationship %s: %s is a sub-technique of %s, but its ID says %q", o.ID, src.id, dst.id, src.parent)
			}
		case "revoked-by":
			if src == nil || dst == nil {
				continue
			}
			if prev, dup := revokedBy[src]; dup && prev != dst {
				// Picking one would make the output depend on bundle order.
				return fmt.Errorf("technique %s is revoked by both %s and %s", src.id, prev.id, dst.id)
			}
			revokedBy[src] = dst
		}
	}

	// A bundle may lack revoked-by (the shared subset drops those
	// relationships). Most revoked techniques were folded into a
	// sub-technique of the same name, so a unique exact name match among
	// current techniques recovers the replacement: checked against the v18.1
	// revoked-by relationships, it finds 98 of 132 and none wrong.
	currentByName := make(map[string][]*technique)
	for _, t := range all {
		if !t.revoked && !t.deprecated {
			k := strings.ToLower(t.name)
			currentByName[k] = append(currentByName[k], t)
		}
	}
	for _, t := range all {
		slices.Sort(t.mitigations)
		t.mitigations = slices.Compact(t.mitigations)
		if t.parent != "" {
			m.stats.subtechniques++
		}
		if t.deprecated && !t.revoked {
			m.stats.deprecated++
		}
		if !t.revoked {
			continue
		}
		m.stats.revoked++
		end, err := followRevocations(t, revokedBy)
		if err != nil {
			return err
		}
		viaRelationship := end != t
		if end.revoked {
			cands := currentByName[strings.ToLower(end.name)]
			if len(cands) != 1 {
				m.stats.unreplaced++
				continue
			}
			end = cands[0]
		}
		t.replacedBy = end.id
		if viaRelationship {
			m.stats.replacedByRelationship++
		} else {
			m.stats.replacedByName++
		}
	}

	for _, t := range all {
		m.techniques = append(m.techniques, *t)
	}
	slices.SortFunc(m.techniques, func(a, b technique) int { return cmp.Compare(a.id, b.id) })
	return nil
}

// followRevocations walks revoked-by as far as it goes: ATT&CK chains
// revocations (T1073 → T1574.002 → T1574.001 in v18), and a report needs the
// end of the chain. The result is t itself when t has no revoked-by.
func followRevocations(t *technique, revokedBy map[*technique]*technique) (*technique, error) {
	seen := map[*technique]bool{t: true}
	cur := t
	for {
		next, ok := revokedBy[cur]
		if !ok {
			return cur, nil
		}
		if seen[next] {
			return nil, fmt.Errorf("technique %s: revoked-by chain loops at %s", t.id, next.id)
		}
		seen[next] = true
		cur = next
	}
}
