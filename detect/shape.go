package detect

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

// Command-line shape stacking. A system binary borrowed for a payload hides
// among its own routine runs: rundll32 loads the same shell DLLs all day,
// so neither its image nor its parent is rare, but the one run that loads a
// DLL from a temp folder or calls an odd entry point has a command line of a
// shape the window shows nowhere else. Stacking on shapes, not on raw
// command lines, keeps GUIDs, PIDs, session numbers and user names from
// making every routine run look unique.

const (
	// minShapeBaseline is how many runs an image's most common shape needs
	// in the window before one odd run of it stands out. Below that there
	// is no routine to be odd against.
	minShapeBaseline = 5
	// maxOddShapes is how many one-off shapes an image may show and still
	// have a routine. Programs whose every run differs (cmd /c, script
	// hosts, installers) have no routine, and their one-offs are normal.
	maxOddShapes = 2
)

// taskHosts run whatever task or app the OS registered, named by their
// arguments (taskhostw <task>, backgroundtaskhost -ServerName:<app>): a
// task's or app's first run in a window is a new name, not an odd run.
var taskHosts = map[string]bool{"taskhostw.exe": true, "taskhost.exe": true, "backgroundtaskhost.exe": true}

// shapeTitlePrefix starts the title of every shape finding; verdict counts
// all of them as one piece of evidence (see evidenceKey).
const shapeTitlePrefix = "Unusual command line of "

var (
	guidRE = regexp.MustCompile(`\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?`)
	// userDirRE is the user-specific part of a profile path.
	userDirRE = regexp.MustCompile(`\\users\\[^\\" ]+`)
	// base64RE is a long token of the base64 alphabet: encoded commands and
	// blobs, whose content is never the same twice.
	base64RE = regexp.MustCompile(`[a-z0-9+/]{32,}={0,2}`)
	hexRE    = regexp.MustCompile(`\b0x[0-9a-f]+\b|\b[0-9a-f]{8,}\b`)
	numberRE = regexp.MustCompile(`[0-9]+`)
)

// CommandLineShape reduces a command line to its shape: the program's base
// name without a path or ".exe", then the arguments lower-cased, unquoted
// and with whitespace collapsed, where GUIDs become <guid>, user profile
// folders \users\<user>, hex values <hex>, long base64-like tokens <blob>
// and numbers #. Two runs of a program that differ only in such values
// have the same shape.
func CommandLineShape(cmdline string) string {
	s := strings.ToLower(strings.TrimSpace(cmdline))
	if s == "" {
		return ""
	}
	prog, args := splitProgram(s)
	prog = strings.TrimSuffix(baseName(prog), ".exe")
	args = strings.ReplaceAll(args, `"`, "")
	args = guidRE.ReplaceAllString(args, "<guid>")
	args = userDirRE.ReplaceAllString(args, `\users\<user>`)
	// Hex first: a hash is hex, not a blob.
	args = hexRE.ReplaceAllString(args, "<hex>")
	args = base64RE.ReplaceAllString(args, "<blob>")
	args = numberRE.ReplaceAllString(args, "#")
	args = strings.Join(strings.Fields(args), " ")
	if args == "" {
		return prog
	}
	return prog + " " + args
}

// splitProgram cuts a lower-cased command line into the program and its
// arguments. The program may be quoted, or unquoted with spaces in its path
// (C:\Program Files\x\y.exe -a), or a bare name (rundll32 x.dll).
func splitProgram(s string) (prog, args string) {
	if rest, ok := strings.CutPrefix(s, `"`); ok {
		if i := strings.IndexByte(rest, '"'); i >= 0 {
			return rest[:i], rest[i+1:]
		}
		return rest, ""
	}
	if i := strings.Index(s, ".exe"); i >= 0 && (i+4 == len(s) || s[i+4] == ' ') && !strings.Contains(s[:i], `"`) {
		return s[:i+4], s[i+4:]
	}
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// shapeRun is one run of a program: its creation event and, once the
// window is complete, its process identity and shape.
type shapeRun struct {
	ev       *huntflow.Event
	identity string
	shape    string
}

// shapeCandidate is a one-off run of a program that has a routine.
type shapeCandidate struct {
	run      shapeRun
	image    string
	runs     int    // distinct runs of the image in the window
	shapes   int    // distinct shapes of those runs
	common   string // the most frequent shape
	commonN  int
	baseline int // runs whose shape repeats
}

// shapeCandidates finds, for each image with a routine, the runs whose
// shape the window shows once. A process seen by both Sysmon and Security
// counts once (tree.identity). The result is ordered most telling first:
// the larger the routine an odd run breaks, the stranger it is.
func shapeCandidates(byImage map[string][]*huntflow.Event, tree *procTree) []shapeCandidate {
	var out []shapeCandidate
	for _, image := range slices.Sorted(maps.Keys(byImage)) {
		evs := byImage[image]
		if len(evs) < minShapeBaseline+1 || taskHosts[image] {
			continue
		}
		// One run per process, Sysmon's record preferred: it carries the
		// GUID, parent and user that Security's may lack.
		runs := map[string]shapeRun{}
		var ids []string
		for _, ev := range evs {
			id := tree.identity(procKey(ev))
			prev, seen := runs[id]
			if !seen {
				ids = append(ids, id)
			}
			if !seen || prev.ev.ProcessGUID == "" && ev.ProcessGUID != "" {
				runs[id] = shapeRun{ev: ev, identity: id}
			}
		}
		if len(ids) < minShapeBaseline+1 {
			continue
		}
		count := map[string]int{}
		ordered := make([]shapeRun, 0, len(ids))
		for _, id := range ids {
			r := runs[id]
			r.shape = CommandLineShape(r.ev.CommandLine)
			count[r.shape]++
			ordered = append(ordered, r)
		}
		var odd []shapeRun
		baseline, common, commonN := 0, "", 0
		for _, r := range ordered {
			if count[r.shape] == 1 {
				odd = append(odd, r)
			}
		}
		for _, s := range slices.Sorted(maps.Keys(count)) {
			if n := count[s]; n > 1 {
				baseline += n
				if n > commonN {
					common, commonN = s, n
				}
			}
		}
		if len(odd) == 0 || len(odd) > maxOddShapes || commonN < minShapeBaseline {
			continue
		}
		for _, r := range odd {
			out = append(out, shapeCandidate{run: r, image: image, runs: len(ordered), shapes: len(count),
				common: common, commonN: commonN, baseline: baseline})
		}
	}
	slices.SortStableFunc(out, func(a, b shapeCandidate) int {
		return cmp.Or(cmp.Compare(b.baseline, a.baseline), a.run.ev.Time.Compare(b.run.ev.Time),
			cmp.Compare(a.image, b.image), cmp.Compare(a.run.identity, b.run.identity))
	})
	return out
}

func shapeFinding(c shapeCandidate) huntflow.Finding {
	ev := c.run.ev
	var techs, tactics []string
	if t, ok := childTechnique[c.image]; ok {
		techs, tactics = []string{t}, []string{tacticOf(t)}
	}
	f := stackingEventFinding(ev, findingID("stacking-shape", c.image, c.run.shape, c.run.identity), shapeTitlePrefix+c.image, techs, tactics)
	// Shapes come from command lines, which attackers write: quoted and cut.
	f.Description = fmt.Sprintf("Least-frequency stacking: %s ran %d times in this window with %d command-line shape(s); "+
		"%d run(s) share a routine shape (most often \"%s\", %d times), and this is the only run shaped \"%s\". "+
		"No rule explained it. A routine program run once in an odd way is how borrowed system binaries hide.\n\n"+
		"Host \"%s\"; parent \"%s\"; command line \"%s\".",
		c.image, c.runs, c.shapes, c.baseline, huntflow.Truncate(c.common, 200), c.commonN, huntflow.Truncate(c.run.shape, 200),
		ev.Host, ev.ParentImage, huntflow.Truncate(ev.CommandLine, 300))
	return f
}
