package codec

import (
	"encoding/json"
	"fmt"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
)

// BenchmarkCodec seals and opens a payload the size of a large hunt
// result (activities cap results at 200 KB).
func BenchmarkCodec(b *testing.B) {
	type finding struct {
		Host, User, CommandLine, Rule string
		Events                        []string
	}
	var fs []finding
	for i := 0; len(fs) < 400; i++ {
		fs = append(fs, finding{Host: fmt.Sprintf("WKS%03d.corp.local", i%40), User: `CORP\user` + fmt.Sprint(i%13),
			CommandLine: `C:\Windows\System32\rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 624 C:\temp\out.dmp full`,
			Rule:        "LSASS memory dump via comsvcs", Events: []string{fmt.Sprintf("ev-%06d", i), fmt.Sprintf("ev-%06d", i+1)}})
	}
	raw, _ := json.Marshal(fs)
	p, _ := converter.GetDefaultDataConverter().ToPayload(json.RawMessage(raw))
	key := make([]byte, KeySize)
	c, err := New(Key{ID: "bench", Secret: key})
	if err != nil {
		b.Fatal(err)
	}
	in := []*commonpb.Payload{p}
	sealed, _ := c.Encode(in)
	b.Logf("payload %d bytes, sealed %d bytes", len(p.Data), len(sealed[0].Data))
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(p.Data)))
		for b.Loop() {
			if _, err := c.Encode(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(p.Data)))
		for b.Loop() {
			if _, err := c.Decode(sealed); err != nil {
				b.Fatal(err)
			}
		}
	})
}
