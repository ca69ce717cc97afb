package tokens

import (
	"strings"
	"testing"
)

func TestCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		// Reference counts of tiktoken's cl100k_base.
		{"hello world", 2},
		{"tiktoken is great!", 6},
	}
	for _, tt := range tests {
		if got := Count(tt.in); got != tt.want {
			t.Errorf("Count(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestHeuristicAgainstTokenizer keeps the fallback honest: on log-like
// text it must not undercount the tokenizer by more than a tenth.
func TestHeuristicAgainstTokenizer(t *testing.T) {
	samples := []string{
		`{"id":"e1","t":"+12.5","eid":1,"img":"C:\\Windows\\System32\\cmd.exe","cmd":"cmd.exe /c whoami /all","guid":"{a1b2c3d4-0000-1111-2222-333344445555}"}`,
		strings.Repeat(`{"EventID":10,"SourceImage":"C:\\Windows\\system32\\lsass.exe","TargetImage":"C:\\Windows\\System32\\svchost.exe","GrantedAccess":"0x1010"}`, 20),
		"The attacker dumped LSASS memory on host WORKSTATION5 using rundll32 and comsvcs.dll MiniDump.",
	}
	for _, s := range samples {
		exact, est := Count(s), Heuristic(s)
		if float64(est) < 0.9*float64(exact) {
			t.Errorf("Heuristic = %d, tokenizer = %d for %.60q: undercounts", est, exact, s)
		}
	}
}

func TestBudget(t *testing.T) {
	if got := Budget(16384, 2048); got != 11468 {
		t.Errorf("Budget(16384, 2048) = %d", got)
	}
	if got := Budget(1000, 2000); got != 0 {
		t.Errorf("Budget(1000, 2000) = %d, want 0", got)
	}
}
