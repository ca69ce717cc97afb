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

// shapeRun is one run of a program: its creation record, process identity
// and shape.
type shapeRun struct {
	ref      huntflow.EventRef
	identity string
	shape    string
}

// imageShapes counts the runs of one image by command-line shape. A run is
// kept only while its shape is seen once: only one-off shapes can become
// findings, so a routine image costs a counter per shape.
type imageShapes struct {
	runs   int
	shapes map[string]*shapeCount
}

type shapeCount struct {
	n   int
	odd *shapeRun // the run, while n == 1
}

func (im *imageShapes) add(shape string, r shapeRun) {
	im.runs++
	c := im.shapes[shape]
	if c == nil {
		r.shape = strings.Clone(shape)
		im.shapes[r.shape] = &shapeCount{n: 1, odd: &r}
		return
	}
	c.n++
	c.odd = nil
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
// is one run (the session observes a launch once, Sysmon's record
// preferred: it carries the GUID, parent and user that Security's may
// lack). The result is ordered most telling first: the larger the routine
// an odd run breaks, the stranger it is.
func shapeCandidates(byImage map[string]*imageShapes) []shapeCandidate {
	var out []shapeCandidate
	for _, image := range slices.Sorted(maps.Keys(byImage)) {
		im := byImage[image]
		if im.runs < minShapeBaseline+1 || taskHosts[image] {
			continue
		}
		var odd []shapeRun
		baseline, common, commonN := 0, "", 0
		for _, s := range slices.Sorted(maps.Keys(im.shapes)) {
			c := im.shapes[s]
			if c.n == 1 {
				odd = append(odd, *c.odd)
				continue
			}
			baseline += c.n
			if c.n > commonN {
				common, commonN = s, c.n
			}
		}
		if len(odd) == 0 || len(odd) > maxOddShapes || commonN < minShapeBaseline {
			continue
		}
		for _, r := range odd {
			out = append(out, shapeCandidate{run: r, image: image, runs: im.runs, shapes: len(im.shapes),
				common: common, commonN: commonN, baseline: baseline})
		}
	}
	slices.SortStableFunc(out, func(a, b shapeCandidate) int {
		return cmp.Or(cmp.Compare(b.baseline, a.baseline), a.run.ref.Time.Compare(b.run.ref.Time),
			cmp.Compare(a.image, b.image), cmp.Compare(a.run.identity, b.run.identity))
	})
	return out
}

func shapeFinding(c shapeCandidate) huntflow.Finding {
	ev := c.run.ref
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
