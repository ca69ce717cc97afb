package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

func TestCheckMermaidRejects(t *testing.T) {
	ok := "flowchart LR\n  n0[\"a#35;b<br>PID 4\"]:::hit\n  n1([\"lsass.exe\"]):::tgt\n  n0 ==>|\"process access 0x1010\"| n1\n  linkStyle 0 stroke:#c62828,stroke-width:2px\n"
	if err := checkMermaid(ok); err != nil {
		t.Fatalf("a good diagram fails: %v", err)
	}
	for name, src := range map[string]string{
		"raw quote":        "flowchart LR\n  n0[\"a\"b\"]\n",
		"directive":        "%%{init: {'securityLevel':'loose'}}%%\nflowchart LR\n",
		"comment":          "flowchart LR\n  %% hi\n",
		"click":            "flowchart LR\n  n0[\"a\"]\n  click n0 href \"https://evil\"\n",
		"html":             "flowchart LR\n  n0[\"<img src=x>\"]\n",
		"unbalanced":       "flowchart LR\n  subgraph t0[\"x\"]\n  n0[\"a\"]\n",
		"mismatched shape": "flowchart LR\n  n0[\"a\"])\n",
		"undeclared":       "flowchart LR\n  n0[\"a\"]\n  n0 --> n9\n",
		"markdown string":  "flowchart LR\n  n0[\"`**x**`\"]\n",
		"linkStyle range":  "flowchart LR\n  n0[\"a\"]\n  linkStyle 3 stroke:#000\n",
		"no header":        "graph\n",
	} {
		if err := checkMermaid(src); err == nil {
			t.Errorf("%s: accepted %q", name, src)
		}
	}
}

func TestMermaidLabel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`C:\Windows\lsass.exe`, `C:#92;Windows#92;lsass.exe`},
		// "-" stays: inside quotes it is text, and ">" is coded.
		{`a"]) --> x; click x "javascript:alert(1)"`, `a#34;#93;) --#62; x#59; click x #34;javascript:alert(1)#34;`},
		{"%%{init: {}}%%", "#37;#37;#123;init: #123;#125;#125;#37;#37;"},
		{"<b>x</b>&amp;#35;", "#60;b#62;x#60;/b#62;#38;amp#59;#35;35#59;"},
		{"two\nlines`", "two lines#96;"},
		{"München", "M#252;nchen"},
	} {
		got := mermaidLabel(c.in)
		if got != c.want {
			t.Errorf("mermaidLabel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Every Mermaid block of every fixture report, the hostile one included,
// passes the syntax check; the hostile report draws its tree and chain.
func TestReportMermaidBlocks(t *testing.T) {
	for _, r := range fixtures() {
		t.Run(r.HuntID[:min(len(r.HuntID), 12)], func(t *testing.T) {
			md := render(t, r)
			blocks := mermaidBlocks(md)
			if len(r.Findings) > 0 && len(blocks) == 0 {
				t.Fatal("a report with findings has no Mermaid diagram")
			}
			for i, b := range blocks {
				if err := checkMermaid(b); err != nil {
					t.Errorf("block %d: %v\n%s", i, err, b)
				}
			}
		})
	}
}

// treeResult is a process tree in the shape of the demo's: a browser
// downloads a payload, the payload opens LSASS, injects into svchost,
// writes a DLL and connects out, and a service (parented by services.exe)
// runs rundll32 on the DLL.
func treeResult() huntflow.HuntResult {
	t0 := time.Date(2023, 8, 15, 9, 54, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	payload := `C:\Users\bob\Downloads\payload.exe`
	pg := "{11111111-0000-0000-0000-000000000001}"
	ev := func(id string, s, eid int, target string) huntflow.EventRef {
		return huntflow.EventRef{ID: id, Time: at(s), Host: "ws1", EventID: eid, Channel: "Microsoft-Windows-Sysmon/Operational",
			ProcessID: 1988, ProcessGUID: pg, Image: payload, User: `LAB\bob`, Target: target}
	}
	create := ev("e1", 0, 1, "")
	create.ParentImage, create.ParentProcessID, create.ParentProcessGUID = `C:\Program Files\Edge\msedge.exe`, 528, "{11111111-0000-0000-0000-000000000002}"
	access := ev("e2", 30, 10, `C:\Windows\system32\lsass.exe`)
	access.GrantedAccess = "0x1010"
	thread := ev("e3", 31, 8, `C:\Windows\System32\svchost.exe`)
	file := ev("e4", 32, 11, `C:\Users\bob\AppData\Local\Temp\x.dll`)
	conn := ev("e5", 33, 3, "")
	conn.Destination = "10.0.0.5:4444"
	reg := ev("e6", 34, 13, `HKLM\System\CurrentControlSet\Services\x\ImagePath`)
	whoami := huntflow.EventRef{ID: "e7", Time: at(40), Host: "ws1", EventID: 4688, Channel: "Security", ProcessID: 6116,
		Image: `C:\Windows\System32\whoami.exe`, ParentImage: `C:\Windows\System32\cmd.exe`, ParentProcessID: 7588, User: `LAB\bob`}
	f := huntflow.Finding{ID: "tree1", Title: "LSASS accessed by a downloaded payload", Severity: huntflow.SeverityHigh, Confidence: 0.9,
		Source: "sigma", RuleID: "r1", Techniques: []string{"T1003.001"}, Tactics: []string{"credential-access"},
		Host: "ws1", ProcessGUID: pg, ProcessID: 1988, Image: payload, User: `LAB\bob`, FirstSeen: at(0), LastSeen: at(40),
		Events: []huntflow.EventRef{create, access, thread, file, conn, reg, whoami}, EventCount: 7}
	cmdChild := huntflow.EventRef{ID: "c1", Time: at(20), Host: "ws1", EventID: 1, ProcessID: 7588, ProcessGUID: "{11111111-0000-0000-0000-000000000003}",
		Image: `C:\Windows\System32\cmd.exe`, ParentImage: payload, ParentProcessID: 1988, ParentProcessGUID: pg, User: `LAB\bob`}
	parent := huntflow.EventRef{ID: "p1", Time: at(-60), Host: "ws1", EventID: 1, ProcessID: 528, ProcessGUID: "{11111111-0000-0000-0000-000000000002}",
		Image: `C:\Program Files\Edge\msedge.exe`, ParentImage: `C:\Windows\explorer.exe`, ParentProcessID: 4000, User: `LAB\bob`}
	svc := huntflow.Finding{ID: "svc1", Title: "Service runs rundll32 on a temp DLL", Severity: huntflow.SeverityCritical, Confidence: 0.9,
		Source: "sigma", RuleID: "r2", Techniques: []string{"T1569.002"}, Host: "ws1", ProcessID: 1064, Image: `C:\Windows\System32\rundll32.exe`,
		User: `NT AUTHORITY\SYSTEM`, FirstSeen: at(120), LastSeen: at(120),
		Events: []huntflow.EventRef{{ID: "s1", Time: at(120), Host: "ws1", EventID: 4688, Channel: "Security", ProcessID: 1064,
			Image: `C:\Windows\System32\rundll32.exe`, ParentImage: `C:\Windows\System32\services.exe`, ParentProcessID: 604, CommandLine: `rundll32.exe x.dll,a`}}, EventCount: 1}
	return huntflow.HuntResult{HuntID: "tree-hunt-1", Analyst: "sigma", Events: 100, Iterations: 1, Confidence: 0.9, Stopped: "threshold",
		Windows:     []huntflow.Window{{Start: t0, End: t0.Add(5 * time.Minute)}},
		Findings:    []huntflow.Finding{f, svc},
		Enrichments: []huntflow.Enrichment{{FindingID: "tree1", Host: "ws1", Parent: &parent, Children: []huntflow.EventRef{cmdChild}}},
		ThreatLevel: huntflow.SeverityCritical,
	}
}

func TestBuildTree(t *testing.T) {
	r := treeResult()
	tr := buildTree(r.Findings[0], r.Enrichments)
	byTitle := map[string]int{}
	for i, n := range tr.nodes {
		byTitle[n.title] = i
	}
	for _, want := range []string{"explorer.exe", "msedge.exe", "payload.exe", "cmd.exe", "whoami.exe", "lsass.exe", "svchost.exe", "x.dll", "10.0.0.5:4444", "ImagePath"} {
		if _, ok := byTitle[want]; !ok {
			t.Errorf("tree lacks node %q; nodes %v", want, byTitle)
		}
	}
	if got := tr.processes(); got != 5 {
		t.Errorf("%d process nodes, want 5 (explorer, msedge, payload, cmd, whoami)", got)
	}
	edge := func(from, to string) (treeEdge, bool) {
		for _, e := range tr.edges {
			if e.from == byTitle[from] && e.to == byTitle[to] {
				return e, true
			}
		}
		return treeEdge{}, false
	}
	for _, c := range []struct {
		from, to, label string
		hit, spawn      bool
	}{
		{"explorer.exe", "msedge.exe", "", false, true},
		{"msedge.exe", "payload.exe", "", true, true},
		{"payload.exe", "cmd.exe", "", false, true},
		{"cmd.exe", "whoami.exe", "", true, true},
		{"payload.exe", "lsass.exe", "process access 0x1010", true, false},
		{"payload.exe", "svchost.exe", "remote thread", true, false},
		{"payload.exe", "x.dll", "file written", true, false},
		{"payload.exe", "10.0.0.5:4444", "network connection", true, false},
		{"payload.exe", "ImagePath", "registry set", true, false},
	} {
		e, ok := edge(c.from, c.to)
		if !ok {
			t.Errorf("no edge %s → %s", c.from, c.to)
			continue
		}
		if e.label != c.label || e.hit != c.hit || e.spawn != c.spawn {
			t.Errorf("edge %s → %s = %+v, want label %q hit %v spawn %v", c.from, c.to, e, c.label, c.hit, c.spawn)
		}
	}
	if n := tr.nodes[byTitle["payload.exe"]]; !n.focus || !n.hit || n.user != `LAB\bob` || n.pid != 1988 {
		t.Errorf("payload node %+v: want the focus, hit, PID 1988, user LAB\\bob", n)
	}
	if n := tr.nodes[byTitle["explorer.exe"]]; n.hit {
		t.Error("explorer.exe comes from enrichment only and must not be marked as matched")
	}
}

// A tree bigger than the cap keeps the finding's process and what the
// rules matched, and counts the rest in "+N more" nodes.
func TestBuildTreeCap(t *testing.T) {
	f := huntflow.Finding{ID: "big", Host: "h", ProcessID: 100, Image: `C:\x\parent.exe`}
	var kids []huntflow.EventRef
	for i := range 40 {
		kids = append(kids, huntflow.EventRef{ID: fmt.Sprint(i), EventID: 1, Host: "h", ProcessID: int64(1000 + i),
			Image: fmt.Sprintf(`C:\x\child%d.exe`, i), ParentImage: f.Image, ParentProcessID: 100})
	}
	f.Events = []huntflow.EventRef{kids[39]}
	tr := buildTree(f, []huntflow.Enrichment{{FindingID: "big", Children: kids}})
	more, total, hit := 0, 0, false
	for _, n := range tr.nodes {
		if n.kind == kindMore {
			fmt.Sscanf(n.title, "+%d more", &more)
		}
		if n.title == "child39.exe" {
			hit = n.hit
		}
	}
	total = len(tr.nodes)
	if total > maxTreeNodes+1 {
		t.Errorf("%d nodes drawn, cap %d", total, maxTreeNodes)
	}
	if !hit {
		t.Error("the matched child was dropped by the cap")
	}
	if drawn := tr.processes(); drawn+more != 41 {
		t.Errorf("%d drawn + %d counted processes, want 41", drawn, more)
	}
	if err := checkMermaid(treeMermaid(tr)); err != nil {
		t.Error(err)
	}
}

// The enrichment's parent is drawn as the parent of the finding's process
// even when no cited event is the process's creation.
func TestBuildTreeEnrichedParent(t *testing.T) {
	f := huntflow.Finding{ID: "x", Host: "h", ProcessID: 528, Image: `C:\e\msedge.exe`,
		Events: []huntflow.EventRef{{ID: "a", EventID: 15, Host: "h", ProcessID: 528, Image: `C:\e\msedge.exe`, Target: `C:\d\p.exe:Zone.Identifier`}}}
	parent := huntflow.EventRef{ID: "p", EventID: 1, Host: "h", ProcessID: 7448, Image: `C:\e\msedge.exe`, ParentImage: `C:\Windows\explorer.exe`, ParentProcessID: 4544}
	tr := buildTree(f, []huntflow.Enrichment{{FindingID: "x", Parent: &parent}})
	var focus, pp int = -1, -1
	for i, n := range tr.nodes {
		switch n.pid {
		case 528:
			focus = i
		case 7448:
			pp = i
		}
	}
	if focus < 0 || pp < 0 || tr.nodes[focus].parent != pp {
		t.Fatalf("msedge 528's parent is %d, want msedge 7448 (node %d); nodes %+v", tr.nodes[max(focus, 0)].parent, pp, tr.nodes)
	}
	if tr.processes() != 3 {
		t.Errorf("%d processes, want explorer, msedge 7448, msedge 528", tr.processes())
	}
}

// report.md draws at most maxTreeDiagrams trees (it travels through
// workflow history); the rest are named and left to report.html.
func TestMarkdownTreeCap(t *testing.T) {
	r := manyEventsResult()
	for len(r.Findings) < maxTreeDiagrams+5 {
		f := r.Findings[0]
		f.ID = fmt.Sprintf("extra-%02d", len(r.Findings))
		r.Findings = append(r.Findings, f)
	}
	for i := range r.Findings {
		r.Findings[i].Image = `C:\x\p.exe`
		r.Findings[i].ProcessID = int64(100 + i)
	}
	md := render(t, r)
	// One diagram per drawn tree plus the chain.
	if got := len(mermaidBlocks(md)); got != maxTreeDiagrams+1 {
		t.Errorf("%d Mermaid blocks for %d findings, want %d trees and the chain", got, len(r.Findings), maxTreeDiagrams)
	}
	if got := strings.Count(md, "drawn in report.html"); got != len(r.Findings)-maxTreeDiagrams {
		t.Errorf("%d findings point to report.html for their tree, want %d", got, len(r.Findings)-maxTreeDiagrams)
	}
}
