package detect

import (
	"fmt"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

// Least-frequency stacking: a parent/child process pair seen once in a
// window is worth a look when the parent is a program that should not start
// much (an Office application, a script host, the WMI provider host, a web
// server, a program running from a download or temp folder). Common pairs
// are background noise however odd they look; the rare ones are where
// intrusions hide.

// parentFamily describes parents whose rare children are reported.
type parentFamily struct {
	label      string
	techniques []string
	tactics    []string
}

var (
	familyOffice = parentFamily{"an Office application", []string{"T1204.002"}, []string{"execution"}}
	familyScript = parentFamily{"a script host", []string{"T1059"}, []string{"execution"}}
	familyWMI    = parentFamily{"the WMI provider host", []string{"T1047"}, []string{"execution"}}
	familyWeb    = parentFamily{"a web or database server", []string{"T1505.003"}, []string{"persistence"}}
	familyUser   = parentFamily{"a program in a user-writable folder", []string{"T1204.002"}, []string{"execution"}}
)

var familyByImage = map[string]parentFamily{
	"winword.exe": familyOffice, "excel.exe": familyOffice, "powerpnt.exe": familyOffice,
	"outlook.exe": familyOffice, "msaccess.exe": familyOffice, "mspub.exe": familyOffice,
	"visio.exe": familyOffice, "onenote.exe": familyOffice,
	"wscript.exe": familyScript, "cscript.exe": familyScript, "mshta.exe": familyScript,
	"wmiprvse.exe": familyWMI,
	"w3wp.exe":     familyWeb, "httpd.exe": familyWeb, "tomcat.exe": familyWeb, "sqlservr.exe": familyWeb,
	"nginx.exe": familyWeb, "php-cgi.exe": familyWeb,
}

// userWritable are path fragments of folders any user can write to.
var userWritable = []string{`\downloads\`, `\appdata\local\temp\`, `\windows\temp\`, `\users\public\`, `\programdata\`, `\desktop\`}

// quietChildren are children every parent starts and that mean nothing.
var quietChildren = map[string]bool{
	"conhost.exe": true, "werfault.exe": true, "splwow64.exe": true, "dwwin.exe": true,
	"wermgr.exe": true, "msoia.exe": true, "officec2rclient.exe": true,
}

// childTechnique refines the technique by what the rare child is.
var childTechnique = map[string]string{
	"cmd.exe": "T1059.003", "powershell.exe": "T1059.001", "pwsh.exe": "T1059.001",
	"wscript.exe": "T1059.005", "cscript.exe": "T1059.005", "mshta.exe": "T1218.005",
	"rundll32.exe": "T1218.011", "regsvr32.exe": "T1218.010",
}

// stackCandidate is a process creation whose parent belongs to a family,
// kept while its parent/child pair has been seen once.
type stackCandidate struct {
	ref      huntflow.EventRef
	key      string // the process as the event names it, for the finding ID
	identity string // the process as launches resolved it
	pair     string
	family   parentFamily
	order    int
}

// stacker counts process creations as they stream by. It keeps counters
// per parent/child pair and per command-line shape, and a sample only of
// what is still seen once: memory grows with the variety of a window, not
// its length.
type stacker struct {
	pairs map[string]int
	// candidates holds, per pair seen once so far, its one launch.
	candidates map[string]*stackCandidate
	seen       int
	// images holds the command-line shapes of each image's runs.
	images map[string]*imageShapes
}

func newStacker() *stacker {
	return &stacker{pairs: map[string]int{}, candidates: map[string]*stackCandidate{}, images: map[string]*imageShapes{}}
}

// observe counts one launch: a process-creation record with its resolved
// identity and, when it has a command line worth stacking, its shape
// (see runShape). A launch logged by both Sysmon and Security is observed
// once.
func (s *stacker) observe(ev *huntflow.Event, identity, shape string) {
	parent, child := baseName(ev.ParentImage), baseName(ev.Image)
	if shape != "" {
		im := s.images[child]
		if im == nil {
			im = &imageShapes{shapes: map[string]*shapeCount{}}
			s.images[strings.Clone(child)] = im
		}
		im.add(shape, shapeRun{ref: slimRef(ev), identity: identity, shape: shape})
	}
	if parent == "." || child == "." || quietChildren[child] {
		return
	}
	pair := parent + "\x00" + child
	n := s.pairs[pair] + 1
	if n == 1 {
		pair = strings.Clone(pair)
	}
	s.pairs[pair] = n
	if n > 1 {
		// Seen twice, the pair is no longer rare.
		delete(s.candidates, pair)
		return
	}
	fam, ok := familyByImage[parent]
	if !ok {
		p := strings.ToLower(ev.ParentImage)
		for _, frag := range userWritable {
			if strings.Contains(p, frag) {
				fam, ok = familyUser, true
				break
			}
		}
	}
	if !ok {
		return
	}
	s.candidates[pair] = &stackCandidate{ref: slimRef(ev), key: strings.Clone(procKey(ev)), identity: identity,
		pair: pair, family: fam, order: s.seen}
	s.seen++
}

// runShape is the command-line shape of a process-creation record when
// its runs are stacked on shapes, else "". It is pure, so sessions compute
// it alongside rule matching, on every core.
func runShape(ev *huntflow.Event) string {
	child := baseName(ev.Image)
	if child == "." || quietChildren[child] || taskHosts[child] || strings.TrimSpace(ev.CommandLine) == "" {
		return ""
	}
	return CommandLineShape(ev.CommandLine)
}

// findings reports the rarest unexplained pairs: seen once in the window,
// in a process no rule matched and in a tree without rule findings, so a
// stacking finding always adds something the rules did not say. Then, while
// the cap allows, the one-off command-line shapes of routine programs in
// processes no rule matched and no pair finding already names.
func (s *stacker) findings(covered map[string]bool, tree *procTree, max int) []huntflow.Finding {
	flagged := map[string]bool{}
	out := s.pairFindings(covered, tree, max, flagged)
	if len(out) >= max {
		return out
	}
	for _, c := range shapeCandidates(s.images) {
		if covered[c.run.identity] || flagged[c.run.identity] {
			continue
		}
		flagged[c.run.identity] = true
		out = append(out, shapeFinding(c))
		if len(out) == max {
			break
		}
	}
	return out
}

// pairFindings reports the rare pairs and marks their processes in flagged.
func (s *stacker) pairFindings(covered map[string]bool, tree *procTree, max int, flagged map[string]bool) []huntflow.Finding {
	coveredTree := map[string]bool{}
	for k := range covered {
		coveredTree[tree.root(k)] = true
	}
	cands := make([]*stackCandidate, 0, len(s.candidates))
	for _, c := range s.candidates {
		cands = append(cands, c)
	}
	slices.SortFunc(cands, func(a, b *stackCandidate) int { return a.order - b.order })
	var out []huntflow.Finding
	for _, c := range cands {
		if covered[c.identity] || coveredTree[tree.root(c.identity)] {
			continue
		}
		flagged[c.identity] = true
		out = append(out, stackFinding(c))
		if len(out) == max {
			break
		}
	}
	return out
}

// stackingConfidence is deliberately below a low-level rule: a rare pair is
// a lead, not evidence.
const stackingConfidence = 0.2

// stackingEventFinding is a low-severity lead resting on one event.
func stackingEventFinding(ev huntflow.EventRef, id, title string, techs, tactics []string) huntflow.Finding {
	return huntflow.Finding{
		ID:          id,
		Title:       title,
		Severity:    huntflow.SeverityLow,
		Confidence:  stackingConfidence,
		Source:      "stacking",
		Techniques:  techs,
		Tactics:     tactics,
		Host:        ev.Host,
		ProcessGUID: ev.ProcessGUID,
		ProcessID:   ev.ProcessID,
		Image:       ev.Image,
		CommandLine: ev.CommandLine, // cut to MaxCommandLine by Ref
		User:        ev.User,
		FirstSeen:   ev.Time,
		LastSeen:    ev.Time,
		Events:      []huntflow.EventRef{ev},
		EventCount:  1,
	}
}

func stackFinding(c *stackCandidate) huntflow.Finding {
	ev := c.ref
	techs := slices.Clone(c.family.techniques)
	tactics := slices.Clone(c.family.tactics)
	if t, ok := childTechnique[baseName(ev.Image)]; ok {
		techs = append(techs, t)
		tactics = append(tactics, tacticOf(t))
	}
	parent, child := baseName(ev.ParentImage), baseName(ev.Image)
	f := stackingEventFinding(ev, findingID("stacking", c.pair, c.key),
		fmt.Sprintf("Rare child process %s of %s", child, parent), sortedUnique(techs), sortedUnique(tactics))
	f.Description = fmt.Sprintf("Least-frequency stacking: %s started \"%s\" exactly once in this window, and no rule explained it. "+
		"Children of %s are rare in normal operation, which makes a one-off child worth reviewing.\n\nHost \"%s\"; parent \"%s\"; command line \"%s\".",
		ev.ParentImage, ev.Image, c.family.label, ev.Host, ev.ParentImage, huntflow.Truncate(ev.CommandLine, 300))
	return f
}

func tacticOf(t string) string {
	if strings.HasPrefix(t, "T1218") {
		return "defense-evasion"
	}
	return "execution"
}
