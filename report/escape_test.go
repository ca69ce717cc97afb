package report

import "testing"

func TestEscapeHelpers(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"sanitize line breaks", sanitize, "a\r\nb\tc\u2028d", "a  b c d"},
		{"sanitize bidi override", sanitize, "evil\u202etxt.exe", "evil[U+202E]txt.exe"},
		{"sanitize control", sanitize, "a\x1b[31mb", "a[U+001B][31mb"},
		{"sanitize invalid UTF-8", sanitize, "a\xffb", "a\ufffdb"},
		{"text link", text, "[x](http://e)", `\[x\](http\[:\]//e)`},
		{"text heading and html", text, "# <b>", `\# \<b\>`},
		{"text www", text, "see WWW.evil.com", `see WWW\[.\]evil.com`},
		{"text pipe and backslash", text, `a|b\c`, `a\|b\\c`},
		{"text entity", text, "&lt;", `\&lt;`},
		{"code plain", code, "cmd.exe /c dir", "`cmd.exe /c dir`"},
		{"code empty", code, " \n", "—"},
		{"code with backticks", code, "a`b``c", "```a`b``c```"},
		{"code starting with backtick", code, "`x", "`` `x ``"},
		{"code keeps markup literal", code, "[x](y) <b>", "`[x](y) <b>`"},
		{"code cell pipe", codeCell, `a|b\|c`, "`a\\|b\\\\|c`"},
		{"clip", func(s string) string { return clip(s, 3) }, "abcdef", "abc…"},
		{"clip runes", func(s string) string { return clip(s, 2) }, "ääää", "ää…"},
		{"clipLeft", func(s string) string { return clipLeft(s, 3) }, `C:\a\b.exe`, "…exe"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCodeBlockFence(t *testing.T) {
	got := codeBlock("text", "a ```` b")
	want := "`````text\na ```` b\n`````\n"
	if got != want {
		t.Errorf("codeBlock = %q, want %q", got, want)
	}
}
