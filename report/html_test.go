package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/huntflow/huntflow"
)

// htmlTags are the elements report.html may contain: anything else (an
// <img>, <iframe>, <details> or a second <script>) came from data.
var htmlTags = []string{"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "dl", "dt", "dd", "nav", "a",
	"main", "p", "ul", "ol", "li", "section", "span", "strong", "em", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
	"input", "div", "script", "svg", "defs", "marker", "path", "g", "rect", "text"}

var htmlAttrs = []string{"lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "type", "placeholder", "data-table",
	"xmlns", "width", "height", "viewbox", "role", "aria-label", "refx", "refy", "markerwidth", "markerheight", "orient", "d", "fill",
	"marker-end", "x", "y", "dx", "rx", "text-anchor"}

type htmlDoc struct {
	tags    map[string]int
	ids     map[string]bool
	hrefs   []string
	text    strings.Builder
	script  string
	style   string
	csp     string
	badAttr []string
}

func parseHTML(t *testing.T, page []byte) htmlDoc {
	t.Helper()
	d := htmlDoc{tags: map[string]int{}, ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(page))
	var in string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("tokenize: %v", z.Err())
			}
			return d
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			d.tags[tok.Data]++
			in = tok.Data
			for _, a := range tok.Attr {
				switch {
				case !slices.Contains(htmlAttrs, a.Key):
					d.badAttr = append(d.badAttr, tok.Data+" "+a.Key+"="+a.Val)
				case a.Key == "id":
					d.ids[a.Val] = true
				case a.Key == "href":
					d.hrefs = append(d.hrefs, a.Val)
				case a.Key == "content" && strings.Contains(a.Val, "default-src"):
					d.csp = a.Val
				}
			}
		case html.TextToken:
			switch in {
			case "script":
				d.script += string(z.Text())
			case "style":
				d.style += string(z.Text())
			default:
				d.text.Write(z.Text())
				d.text.WriteByte('\n')
			}
		case html.EndTagToken:
			in = ""
		}
	}
}

func renderHTML(t *testing.T, r huntflow.HuntResult) []byte {
	t.Helper()
	page, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// hostileTreeResult is the hostile fixture with attacker text in the
// fields the process tree draws too: parent, access mask, destination.
func hostileTreeResult() huntflow.HuntResult {
	r := hostileResult()
	f := &r.Findings[0]
	e := f.Events[0]
	e.ParentProcessGUID, e.ParentProcessID, e.GrantedAccess = hostile, 7, hostile
	conn := e
	conn.ID, conn.EventID, conn.Destination = "conn-"+hostile, 3, hostile
	f.Events = []huntflow.EventRef{e, conn}
	r.HuntID = "hostile-tree"
	return r
}

func fixtures() []huntflow.HuntResult {
	return []huntflow.HuntResult{emptyResult(), lsassResult(), multiResult(), hostileResult(), hostileTreeResult(), manyEventsResult(), treeResult(), longChainResult()}
}

// longChainResult has more findings than the chain draws.
func longChainResult() huntflow.HuntResult {
	r := manyEventsResult()
	r.HuntID = "hunt-long-chain"
	for i := 0; len(r.Findings) < maxChainSteps+3; i++ {
		f := r.Findings[i]
		f.ID += "-again"
		r.Findings = append(r.Findings, f)
	}
	return r
}

func TestHTMLSelfContained(t *testing.T) {
	for _, r := range fixtures() {
		t.Run(r.HuntID[:min(len(r.HuntID), 12)], func(t *testing.T) {
			d := parseHTML(t, renderHTML(t, r))
			for tag := range d.tags {
				if !slices.Contains(htmlTags, tag) {
					t.Errorf("unexpected element <%s>", tag)
				}
			}
			if n := d.tags["script"]; n != 1 {
				t.Errorf("%d script elements, want our one", n)
			}
			for _, a := range d.badAttr {
				t.Errorf("unexpected attribute %s", a)
			}
			for _, h := range d.hrefs {
				if !strings.HasPrefix(h, "#") || !d.ids[h[1:]] {
					t.Errorf("link %q is not to an anchor of the page", h)
				}
			}
			for _, want := range []string{"default-src 'none'", "script-src " + cspHash(d.script), "style-src " + cspHash(d.style), "connect-src 'none'"} {
				if !strings.Contains(d.csp, want) {
					t.Errorf("Content-Security-Policy %q lacks %q", d.csp, want)
				}
			}
			for i, s := range Sections {
				if !strings.Contains(d.text.String(), s) {
					t.Errorf("section %d %q missing", i, s)
				}
			}
			if len(r.Findings) > 0 && d.tags["section"] != len(r.Findings) {
				t.Errorf("%d finding sections, want %d", d.tags["section"], len(r.Findings))
			}
		})
	}
}

// The hostile text is shown, as text: its markup never becomes elements.
func TestHTMLHostile(t *testing.T) {
	for _, r := range []huntflow.HuntResult{hostileResult(), hostileTreeResult()} {
		page := renderHTML(t, r)
		d := parseHTML(t, page)
		text := d.text.String()
		for _, frag := range []string{"</details><script>alert(1)</script>", "[x](http://evil.example/p)", "<http://evil.example>", "&lt;"} {
			if !strings.Contains(text, frag) {
				t.Errorf("the page does not show %q as text", frag)
			}
		}
		if strings.Contains(string(page), "<script>alert") || strings.Contains(string(page), "</details>") {
			t.Error("hostile markup appears unescaped in the page source")
		}
	}
}

var svgRE = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// svgCounts parses one SVG as XML (it must be well-formed) and counts its
// node groups by kind.
func svgCounts(src string) (map[string]int, error) {
	dec := xml.NewDecoder(strings.NewReader(src))
	dec.Strict = true
	counts := map[string]int{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return counts, nil
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "g" {
			for _, a := range se.Attr {
				if a.Name.Local == "class" && strings.HasPrefix(a.Value, "node ") {
					counts[strings.Fields(a.Value)[1]]++
					counts["all"]++
				}
			}
		}
	}
}

// Every SVG is well-formed XML; each finding's tree draws as many nodes,
// and as many processes, as its process tree has; the chain draws one box
// per finding.
func TestHTMLSVG(t *testing.T) {
	for _, r := range fixtures() {
		t.Run(r.HuntID[:min(len(r.HuntID), 12)], func(t *testing.T) {
			page := string(renderHTML(t, r))
			v := newView(r)
			var want []map[string]int
			// The chain closes the Executive Summary; the trees follow.
			if c := v.chain(); len(c.steps) > 0 {
				more := 0
				if c.more > 0 {
					more = 1
				}
				want = append(want, map[string]int{"all": len(c.steps) + more, "finding": len(c.steps), "more": more})
			}
			for _, f := range v.findings {
				tr := buildTree(f, v.enrich[f.ID])
				if tr.processes() == 0 {
					continue
				}
				want = append(want, map[string]int{"all": len(tr.nodes), "process": tr.processes()})
			}
			svgs := svgRE.FindAllString(page, -1)
			if len(svgs) != len(want) {
				t.Fatalf("%d SVG diagrams, want %d", len(svgs), len(want))
			}
			for i, s := range svgs {
				got, err := svgCounts(s)
				if err != nil {
					t.Errorf("svg %d is not well-formed XML: %v", i, err)
					continue
				}
				for k, n := range want[i] {
					if got[k] != n {
						t.Errorf("svg %d: %d %s nodes, want %d", i, got[k], k, n)
					}
				}
			}
		})
	}
}

// The hostile reports' Mermaid passes the check as well.
func TestHostileTreeMermaid(t *testing.T) {
	md := render(t, hostileTreeResult())
	blocks := mermaidBlocks(md)
	if len(blocks) < 2 {
		t.Fatalf("%d Mermaid blocks, want the tree and the chain", len(blocks))
	}
	for i, b := range blocks {
		if err := checkMermaid(b); err != nil {
			t.Errorf("block %d: %v\n%s", i, err, b)
		}
	}
}

// BenchmarkReports renders both reports of the largest fixture.
func BenchmarkReports(b *testing.B) {
	r := manyEventsResult()
	r.Findings = append(r.Findings, treeResult().Findings...)
	r.Enrichments = treeResult().Enrichments
	b.Run("markdown", func(b *testing.B) {
		for b.Loop() {
			if _, err := Markdown(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html", func(b *testing.B) {
		for b.Loop() {
			if _, err := HTML(r); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Both reports of the trees and chain fixtures are the same bytes however
// the hunt ordered its findings.
func TestDiagramsDeterministic(t *testing.T) {
	for _, r := range []huntflow.HuntResult{treeResult(), hostileTreeResult()} {
		md, page := render(t, r), string(renderHTML(t, r))
		p := r
		p.Findings = slices.Clone(r.Findings)
		slices.Reverse(p.Findings)
		for i := range p.Findings {
			p.Findings[i].Events = slices.Clone(p.Findings[i].Events)
			slices.Reverse(p.Findings[i].Events)
		}
		if render(t, p) != md {
			t.Errorf("%s: report.md depends on the order of findings or events", r.HuntID)
		}
		if string(renderHTML(t, p)) != page {
			t.Errorf("%s: report.html depends on the order of findings or events", r.HuntID)
		}
	}
}
