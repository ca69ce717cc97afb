package activities

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/attack"
	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/report"
)

// evil is Markdown, Mermaid and HTML syntax as an attacker can put it in a
// command line, a user name or a folder name.
const evil = "\"]) --> x\nclick n0 \"javascript:alert(1)\"\n%%{init: {\"securityLevel\":\"loose\"}}%%\n```\n## Threat Level\nnone " +
	"<script>alert(1)</script><img src=x onerror=alert(2)> [x](http://evil.example/p) | a | b | `whoami` #35; &lt; subgraph end"

// A hunt over events whose fields carry Markdown, Mermaid and HTML syntax
// — real detection, enrichment, technique mapping, templates and save —
// leaves report.md and report.html intact: the sections and threat level
// stand, every Mermaid block passes the syntax check, and the HTML holds
// our one script and shows the attacker's markup as text.
func TestHostileHuntReportsStayIntact(t *testing.T) {
	ctx := context.Background()
	det, err := detect.Default()
	if err != nil {
		t.Fatal(err)
	}
	sysmon := "Microsoft-Windows-Sysmon/Operational"
	dir := `C:\Users\bob\` + evil + `\`
	events := []huntflow.Event{
		{ID: "create-cmd", Time: t0, Host: "WKS1", EventID: 1, Channel: sysmon, ProcessGUID: "{C}", ProcessID: 300, Image: dir + "cmd.exe",
			CommandLine: "cmd.exe /c " + evil, ParentProcessGUID: "{P}", ParentProcessID: 200, ParentImage: dir + "payload.exe", User: `LAB\bob` + evil},
		{ID: "whoami", Time: t0.Add(time.Second), Host: "WKS1", EventID: 1, Channel: sysmon, ProcessGUID: "{W}", ProcessID: 400,
			Image: `C:\Windows\System32\whoami.exe`, CommandLine: "whoami /all " + evil, ParentProcessGUID: "{C}", ParentProcessID: 300,
			ParentImage: dir + "cmd.exe", User: `LAB\bob` + evil},
		{ID: "lsass", Time: t0.Add(2 * time.Second), Host: "WKS1", EventID: 10, Channel: sysmon, ProcessGUID: "{P}", ProcessID: 200,
			Image: dir + "payload.exe", User: `LAB\bob` + evil},
	}
	for i := range events {
		e := &events[i]
		e.Fields = map[string]string{"Image": e.Image, "CommandLine": e.CommandLine, "ParentImage": e.ParentImage, "User": e.User}
		e.Raw = []byte(`{"id":"` + e.ID + `"}`)
	}
	events[2].Fields = map[string]string{"SourceImage": dir + "payload.exe", "TargetImage": `C:\Windows\system32\lsass.exe`,
		"GrantedAccess": "0x1fffff", "CallTrace": "UNKNOWN(" + evil + ")"}
	a := &Activities{Store: openStore(t, events), Detector: det, Catalogue: attack.Default(), ReportDir: t.TempDir()}
	w := huntflow.Window{Start: t0.Add(-time.Minute), End: t0.Add(4 * time.Minute)}
	cls, err := a.ClassifyWindow(ctx, WindowInput{Window: w})
	if err != nil {
		t.Fatal(err)
	}
	if len(cls.Findings) == 0 {
		t.Fatal("the rules found nothing in the hostile events")
	}
	ens, err := a.EnrichFindings(ctx, EnrichInput{Host: "WKS1", Findings: cls.Findings, Radius: 5 * time.Minute, MaxRelated: 10})
	if err != nil {
		t.Fatal(err)
	}
	mr, err := a.MapTechniques(ctx, MapInput{Findings: cls.Findings})
	if err != nil {
		t.Fatal(err)
	}
	level := huntflow.SeverityNone
	for _, f := range cls.Findings {
		level = max(level, f.Severity)
	}
	res := huntflow.HuntResult{HuntID: "hostile-hunt", Windows: []huntflow.Window{w}, Iterations: 1, Events: len(events),
		Confidence: cls.Confidence, Category: cls.Category, ThreatLevel: level, Analyst: cls.Analyst, Findings: cls.Findings,
		Techniques: mr.Techniques, Enrichments: ens, Stopped: "threshold"}
	draft, err := a.WriteReport(ctx, ReportInput{Result: res})
	if err != nil {
		t.Fatal(err)
	}
	saved, err := a.SaveReport(ctx, SaveInput{Result: res, Markdown: draft.Markdown})
	if err != nil {
		t.Fatal(err)
	}

	md, err := os.ReadFile(saved.ReportPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.CheckStructure(md); err != nil {
		t.Error(err)
	}
	if got, err := report.ThreatLevelOf(md); err != nil || got != level {
		t.Errorf("report.md threat level %v (%v), want %v", got, err, level)
	}
	if n := strings.Count(string(md), "```mermaid\n"); n < 2 {
		t.Errorf("report.md has %d Mermaid diagrams, want a process tree and the attack chain", n)
	}
	if err := report.CheckMermaid(md); err != nil {
		t.Errorf("report.md Mermaid: %v", err)
	}

	page, err := os.ReadFile(saved.HTMLPath)
	if err != nil {
		t.Fatal(err)
	}
	scripts, imgs, svgs := 0, 0, 0
	var text strings.Builder
	z := html.NewTokenizer(strings.NewReader(string(page)))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch tok.Data {
			case "script":
				scripts++
			case "img":
				imgs++
			case "svg":
				svgs++
			}
			for _, at := range tok.Attr {
				if strings.HasPrefix(at.Key, "on") {
					t.Errorf("event handler attribute %s=%q in report.html", at.Key, at.Val)
				}
			}
		case html.TextToken:
			text.WriteString(tok.Data)
		}
	}
	if scripts != 1 || imgs != 0 {
		t.Errorf("report.html has %d scripts and %d images, want our one script and no image", scripts, imgs)
	}
	if svgs < 2 {
		t.Errorf("report.html draws %d diagrams, want a process tree and the attack chain", svgs)
	}
	if !strings.Contains(text.String(), "<script>alert(1)</script><img src=x onerror=alert(2)>") {
		t.Error("report.html does not show the attacker's markup as text")
	}
}
