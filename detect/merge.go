package detect

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

// mergeTrees folds the rule findings of one process tree into one finding:
// a hunter reads "rundll32 from a temp folder opened LSASS, injected into a
// process and cleared the log" as one story, not as five alerts. The most
// severe detection leads (its rule, process and title); the merged finding
// carries every technique and tactic, cites events of every rule, and names
// each detection in its description. Trees with one rule keep their finding
// as it is, so single detections read the same as before.
func mergeTrees(aggs []*agg, findings []huntflow.Finding) []huntflow.Finding {
	type tree struct {
		root    string
		members []int // indexes into findings
	}
	var trees []*tree
	index := map[string]*tree{}
	for i, a := range aggs {
		t := index[a.treeRoot]
		if t == nil {
			t = &tree{root: a.treeRoot}
			index[a.treeRoot] = t
			trees = append(trees, t)
		}
		t.members = append(t.members, i)
	}
	out := make([]huntflow.Finding, 0, len(trees))
	for _, t := range trees {
		if len(t.members) == 1 {
			out = append(out, findings[t.members[0]])
			continue
		}
		members := make([]huntflow.Finding, len(t.members))
		for i, m := range t.members {
			members[i] = findings[m]
		}
		out = append(out, mergeFindings(t.root, members))
	}
	return out
}

func mergeFindings(root string, fs []huntflow.Finding) huntflow.Finding {
	sortFindings(fs)
	lead := fs[0]
	m := lead
	m.ID = findingID("sigma-tree", root)
	m.Events = nil
	m.EventCount = 0
	miss := 1.0
	var techniques, tactics []string
	// One line per rule: the same rule on several processes of the tree
	// (three whoami runs) reads as one detection with its counts.
	type ruleLine struct {
		title, rule string
		sev         huntflow.Severity
		events      int
		images      []string
		techniques  []string
	}
	var lines []*ruleLine
	byRule := map[string]*ruleLine{}
	for _, f := range fs {
		techniques = append(techniques, f.Techniques...)
		tactics = append(tactics, f.Tactics...)
		m.EventCount += f.EventCount
		m.Severity = max(m.Severity, f.Severity)
		if f.FirstSeen.Before(m.FirstSeen) {
			m.FirstSeen = f.FirstSeen
		}
		if f.LastSeen.After(m.LastSeen) {
			m.LastSeen = f.LastSeen
		}
		miss *= 1 - f.Confidence
		l := byRule[f.RuleID]
		if l == nil {
			l = &ruleLine{title: f.Title, rule: f.RuleID, sev: f.Severity}
			byRule[f.RuleID] = l
			lines = append(lines, l)
		}
		l.events += f.EventCount
		l.techniques = append(l.techniques, f.Techniques...)
		img := baseName(f.Image)
		if img == "" {
			img = "event " + firstEventID(f)
		}
		l.images = append(l.images, img)
	}
	texts := make([]string, len(lines))
	for i, l := range lines {
		images := sortedUnique(l.images)
		texts[i] = fmt.Sprintf("%s [%s, %d event(s), %s, rule %s]", l.title, l.sev, l.events, strings.Join(images, ", "), l.rule)
		m.Detections = append(m.Detections, huntflow.Detection{RuleID: l.rule, Title: l.title, Severity: l.sev,
			Techniques: sortedUnique(l.techniques), EventCount: l.events, Images: images})
	}
	m.Techniques = sortedUnique(techniques)
	m.Tactics = sortedUnique(tactics)
	m.Confidence = round(math.Min(0.99, 1-miss))
	if len(lines) > 1 {
		m.Title = fmt.Sprintf("%s (+%d related detections in the process tree)", lead.Title, len(lines)-1)
	}
	m.Events = citeEach(fs, huntflow.MaxFindingEvents)
	// The lead's own "process tree also shows" note is replaced by the full
	// list of the tree's detections.
	desc, _, _ := strings.Cut(lead.Description, "\n\nProcess tree ")
	m.Description = fmt.Sprintf("%s\n\nThis finding merges %d detections in process tree %s: %s.", desc, len(lines), shortTree(root), strings.Join(texts, "; "))
	return m
}

// citeEach picks up to max events so that every detection is cited: a
// round-robin over the members' events, then in time order.
func citeEach(fs []huntflow.Finding, max int) []huntflow.EventRef {
	var refs []huntflow.EventRef
	seen := map[string]bool{}
	for round := 0; len(refs) < max; round++ {
		added := false
		for _, f := range fs {
			if round < len(f.Events) && len(refs) < max {
				e := f.Events[round]
				added = true
				if !seen[e.ID] {
					seen[e.ID] = true
					refs = append(refs, e)
				}
			}
		}
		if !added {
			break
		}
	}
	slices.SortStableFunc(refs, func(a, b huntflow.EventRef) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return refs
}

func firstEventID(f huntflow.Finding) string {
	if len(f.Events) > 0 {
		return fmt.Sprint(f.Events[0].EventID)
	}
	return "?"
}
