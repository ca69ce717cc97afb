package eval

import (
	"maps"
	"slices"
	"strings"

	"github.com/huntflow/huntflow/detect"
)

// Score compares labelled techniques with found ones. A label is found at
// technique level when any found technique has the same parent technique
// (T1003 and T1003.001 match each other), and exactly when the same ID was
// found.
func Score(labels []string, found []string) (technique, exact []bool) {
	parents := map[string]bool{}
	ids := map[string]bool{}
	for _, f := range found {
		ids[strings.ToUpper(f)] = true
		parents[detect.ParentTechnique(f)] = true
	}
	technique = make([]bool, len(labels))
	exact = make([]bool, len(labels))
	for i, l := range labels {
		technique[i] = parents[detect.ParentTechnique(l)]
		exact[i] = ids[strings.ToUpper(l)]
	}
	return technique, exact
}

// tally counts how many labels a set of found techniques covers, at
// technique and at exact level, and how many of the covered labels are
// pre-compromise (pre[i] says whether label i is).
type tally struct {
	hits, exactHits, pre, preHits int
	missed, missedExact           []string
}

func tallyScore(labels, found []string, pre []bool) tally {
	var t tally
	tech, exact := Score(labels, found)
	for i, l := range labels {
		if tech[i] {
			t.hits++
		} else {
			t.missed = append(t.missed, l)
		}
		if exact[i] {
			t.exactHits++
		} else {
			t.missedExact = append(t.missedExact, l)
		}
		if pre[i] {
			t.pre++
			if tech[i] {
				t.preHits++
			}
		}
	}
	return t
}

// PrecisionScore splits the techniques a simulation's findings reported,
// at technique level (T1003.001 counts as T1003), into those a label
// names at technique level and the rest. Each technique counts once
// however many findings name it: precision measures what a reader of the
// report is told, not how loudly.
type PrecisionScore struct {
	Reported, Correct, Unlabelled []string
}

// Precision scores found techniques against labels; each list is sorted.
func Precision(labels, found []string) PrecisionScore {
	labelled := map[string]bool{}
	for _, l := range labels {
		labelled[detect.ParentTechnique(l)] = true
	}
	reported := map[string]bool{}
	for _, f := range found {
		if f = strings.TrimSpace(f); f != "" {
			reported[detect.ParentTechnique(f)] = true
		}
	}
	var p PrecisionScore
	p.Reported = slices.Sorted(maps.Keys(reported))
	for _, id := range p.Reported {
		if labelled[id] {
			p.Correct = append(p.Correct, id)
		} else {
			p.Unlabelled = append(p.Unlabelled, id)
		}
	}
	return p
}

// F1 is the harmonic mean of precision and recall, 0 when both are 0.
func F1(precision, recall float64) float64 {
	if precision+recall == 0 {
		return 0
	}
	return 2 * precision * recall / (precision + recall)
}
