package codec

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/proto"
)

func newKey(t *testing.T, id string) Key {
	t.Helper()
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return Key{ID: id, Secret: b}
}

func mustCodec(t *testing.T, cur Key, old ...Key) *Codec {
	t.Helper()
	c, err := New(cur, old...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// payloads as the default converter makes them from a hunt's values.
func samplePayloads(t *testing.T) []*commonpb.Payload {
	t.Helper()
	dc := converter.GetDefaultDataConverter()
	var out []*commonpb.Payload
	for _, v := range []any{
		map[string]any{"host": "WORKSTATION5.contoso.local", "user": "CONTOSO\\alice", "cmd": `powershell -enc SQBFAFgA`},
		"",
		nil,
		[]byte{0, 1, 2, 255},
		strings.Repeat("mimikatz sekurlsa::logonpasswords ", 20000),
	} {
		p, err := dc.ToPayload(v)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	c := mustCodec(t, newKey(t, "2026-12"))
	in := samplePayloads(t)
	enc, err := c.Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range enc {
		if got := string(p.Metadata[MetadataEncodingKey]); got != EncodingEncrypted {
			t.Errorf("payload %d: encoding %q", i, got)
		}
		if got := string(p.Metadata[MetadataKeyID]); got != "2026-12" {
			t.Errorf("payload %d: key id %q", i, got)
		}
		for _, secret := range []string{"WORKSTATION5", "alice", "SQBFAFgA", "json/plain", "mimikatz"} {
			if bytes.Contains(p.Data, []byte(secret)) || bytes.Contains([]byte(p.String()), []byte(secret)) {
				t.Errorf("payload %d carries %q in the clear", i, secret)
			}
		}
	}
	if len(enc[4].Data) > len(in[4].Data)/10 {
		t.Errorf("repetitive payload was not compressed before sealing: %d -> %d bytes", len(in[4].Data), len(enc[4].Data))
	}
	// Sealing twice gives different ciphertexts (random nonces).
	again, _ := c.Encode(in[:1])
	if bytes.Equal(again[0].Data, enc[0].Data) {
		t.Error("same payload sealed twice to the same bytes: nonce reused")
	}
	dec, err := c.Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if !proto.Equal(in[i], dec[i]) {
			t.Errorf("payload %d: round trip changed it:\n in %v\nout %v", i, in[i], dec[i])
		}
	}
}

func TestDecodePassesPlainPayloadsThrough(t *testing.T) {
	c := mustCodec(t, newKey(t, "a"))
	in := samplePayloads(t)
	out, err := c.Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if !proto.Equal(in[i], out[i]) {
			t.Errorf("plain payload %d changed by Decode", i)
		}
	}
}

func TestKeyRotation(t *testing.T) {
	k1, k2 := newKey(t, "k1"), newKey(t, "k2")
	before := mustCodec(t, k1)
	sealedOld, err := before.Encode(samplePayloads(t)[:1])
	if err != nil {
		t.Fatal(err)
	}
	after := mustCodec(t, k2, k1) // k2 encodes, k1 still decodes
	sealedNew, err := after.Encode(samplePayloads(t)[:1])
	if err != nil {
		t.Fatal(err)
	}
	if got := string(sealedNew[0].Metadata[MetadataKeyID]); got != "k2" {
		t.Fatalf("rotated codec seals with %q, want k2", got)
	}
	if _, err := after.Decode(sealedOld); err != nil {
		t.Fatalf("old key no longer decodes: %v", err)
	}
	if _, err := after.Decode(sealedNew); err != nil {
		t.Fatalf("new key does not decode: %v", err)
	}
	// The pre-rotation codec cannot read what the new key sealed, and says why.
	_, err = before.Decode(sealedNew)
	if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), `"k2"`) {
		t.Fatalf("decode with a codec lacking k2: %v", err)
	}
	// Retiring k1 entirely makes its payloads unreadable.
	if _, err := mustCodec(t, k2).Decode(sealedOld); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("k1 payload without k1: %v", err)
	}
}

func TestDecodeFailures(t *testing.T) {
	k := newKey(t, "prod")
	c := mustCodec(t, k)
	other := mustCodec(t, k, newKey(t, "other"))
	sealed := func() *commonpb.Payload {
		p, err := c.Encode(samplePayloads(t)[:1])
		if err != nil {
			t.Fatal(err)
		}
		return p[0]
	}
	tests := []struct {
		name    string
		codec   *Codec
		payload func() *commonpb.Payload
		want    error
		msg     string
	}{
		{"wrong key under the same ID", mustCodec(t, newKey(t, "prod")), sealed, ErrDecrypt, `key "prod"`},
		{"flipped ciphertext bit", c, func() *commonpb.Payload {
			p := sealed()
			p.Data[len(p.Data)/2] ^= 0x01
			return p
		}, ErrDecrypt, "tampered"},
		{"flipped nonce bit", c, func() *commonpb.Payload {
			p := sealed()
			p.Data[0] ^= 0x80
			return p
		}, ErrDecrypt, "tampered"},
		{"truncated", c, func() *commonpb.Payload {
			p := sealed()
			p.Data = p.Data[:20]
			return p
		}, ErrDecrypt, "too short"},
		{"key ID rewritten to another held key", other, func() *commonpb.Payload {
			p := sealed()
			p.Metadata[MetadataKeyID] = []byte("other")
			return p
		}, ErrDecrypt, `key "other"`},
		{"unknown key ID", c, func() *commonpb.Payload {
			p := sealed()
			p.Metadata[MetadataKeyID] = []byte("2019")
			return p
		}, ErrUnknownKey, "holds prod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.codec.Decode([]*commonpb.Payload{tt.payload()})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if strings.Contains(err.Error(), base64.StdEncoding.EncodeToString(k.Secret)) {
				t.Error("error leaks the key")
			}
		})
	}
}

func TestNewRejectsBadKeys(t *testing.T) {
	good := newKey(t, "a")
	tests := []struct {
		name string
		cur  Key
		old  []Key
		want string
	}{
		{"short key", Key{ID: "a", Secret: make([]byte, 16)}, nil, "16 bytes, want 32"},
		{"empty ID", Key{Secret: good.Secret}, nil, "empty key ID"},
		{"duplicate ID", good, []Key{newKey(t, "a")}, "given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cur, tt.old...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestFromEnv(t *testing.T) {
	dir := t.TempDir()
	k1, k2 := newKey(t, "old"), newKey(t, "")
	b64 := func(k Key) string { return base64.StdEncoding.EncodeToString(k.Secret) }
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte(b64(k2)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	oldFile := filepath.Join(dir, "old")
	if err := os.WriteFile(oldFile, []byte("# retired 2026-11\nold="+b64(k1)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     map[string]string
		wantNil bool
		wantID  string
		wantIDs []string
		wantErr string
	}{
		{name: "nothing set: no codec", env: nil, wantNil: true},
		{name: "key in env, default ID", env: map[string]string{EnvKey: b64(k2)}, wantID: DefaultKeyID(k2.Secret)},
		{name: "key file and ID", env: map[string]string{EnvKeyFile: keyFile, EnvKeyID: "2026-12"}, wantID: "2026-12", wantIDs: []string{"2026-12"}},
		{name: "old keys from file", env: map[string]string{EnvKeyFile: keyFile, EnvKeyID: "new", EnvOldKeysFile: oldFile}, wantID: "new", wantIDs: []string{"new", "old"}},
		{name: "old keys from env", env: map[string]string{EnvKey: b64(k2), EnvKeyID: "new", EnvOldKeys: "old=" + b64(k1)}, wantID: "new", wantIDs: []string{"new", "old"}},
		{name: "unpadded URL base64", env: map[string]string{EnvKey: base64.RawURLEncoding.EncodeToString(k2.Secret), EnvKeyID: "x"}, wantID: "x"},
		{name: "both key and file", env: map[string]string{EnvKey: b64(k2), EnvKeyFile: keyFile}, wantErr: "not both"},
		{name: "short key", env: map[string]string{EnvKey: base64.StdEncoding.EncodeToString([]byte("0123456789abcdef"))}, wantErr: "16 bytes, want 32"},
		{name: "not base64", env: map[string]string{EnvKey: "correct horse battery staple!!"}, wantErr: "not base64"},
		{name: "missing file", env: map[string]string{EnvKeyFile: filepath.Join(dir, "nope")}, wantErr: EnvKeyFile},
		{name: "old keys without a current key", env: map[string]string{EnvOldKeys: "old=" + b64(k1)}, wantErr: "without a current key"},
		{name: "bad old entry", env: map[string]string{EnvKey: b64(k2), EnvOldKeys: b64(k1)}, wantErr: "want id=base64key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				for _, v := range tt.env {
					if len(v) > 20 && strings.Contains(err.Error(), v) && !strings.HasPrefix(v, dir) {
						t.Errorf("error leaks a key: %v", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantNil {
				if c != nil {
					t.Fatal("codec configured from an empty environment")
				}
				return
			}
			if c.KeyID() != tt.wantID {
				t.Errorf("key ID %q, want %q", c.KeyID(), tt.wantID)
			}
			if tt.wantIDs != nil && strings.Join(c.KeyIDs(), ",") != strings.Join(tt.wantIDs, ",") {
				t.Errorf("key IDs %v, want %v", c.KeyIDs(), tt.wantIDs)
			}
		})
	}
}

// The data converter the worker and starter use seals what it converts and
// reads it back.
func TestDataConverter(t *testing.T) {
	c := mustCodec(t, newKey(t, "a"))
	dc := DataConverter(c)
	p, err := dc.ToPayload(map[string]string{"host": "DC01"})
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Metadata[MetadataEncodingKey]) != EncodingEncrypted || bytes.Contains(p.Data, []byte("DC01")) {
		t.Fatalf("converter did not seal: %v", p)
	}
	var back map[string]string
	if err := dc.FromPayload(p, &back); err != nil || back["host"] != "DC01" {
		t.Fatalf("FromPayload: %v %v", back, err)
	}
	if DataConverter(nil) != converter.GetDefaultDataConverter() {
		t.Error("no codec must mean the default converter")
	}
}

// Error text can name hosts and users: with the codec on, a failure's
// message travels sealed and comes back whole.
func TestFailureConverterSealsMessages(t *testing.T) {
	c := mustCodec(t, newKey(t, "a"))
	fc := FailureConverter(c)
	f := fc.ErrorToFailure(temporal.NewApplicationError(`read window: host WORKSTATION5 user CONTOSO\alice`, "StoreDown"))
	raw, err := proto.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("WORKSTATION5")) || bytes.Contains(raw, []byte("alice")) {
		t.Fatalf("failure carries the message in the clear: %v", f)
	}
	if enc := f.GetEncodedAttributes(); enc == nil || string(enc.Metadata[MetadataEncodingKey]) != EncodingEncrypted {
		t.Fatalf("encoded attributes not sealed: %v", f.GetEncodedAttributes())
	}
	back := fc.FailureToError(f)
	if !strings.Contains(back.Error(), "WORKSTATION5") {
		t.Fatalf("decoded failure %q lost its message", back)
	}
	if FailureConverter(nil) != temporal.GetDefaultFailureConverter() {
		t.Error("no codec must mean the default failure converter")
	}
}

func TestUndecodable(t *testing.T) {
	k := newKey(t, "a")
	sealed, _ := mustCodec(t, k).Encode(samplePayloads(t)[:1])
	var v any
	tests := []struct {
		name string
		dc   converter.DataConverter
		want bool
	}{
		{"no codec", converter.GetDefaultDataConverter(), true},
		{"another key under another ID", DataConverter(mustCodec(t, newKey(t, "b"))), true},
		{"another key under the same ID", DataConverter(mustCodec(t, newKey(t, "a"))), true},
		{"the key", DataConverter(mustCodec(t, k)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.dc.FromPayload(sealed[0], &v)
			if got := Undecodable(err); got != tt.want {
				t.Fatalf("Undecodable(%v) = %v, want %v", err, got, tt.want)
			}
		})
	}
	if Undecodable(errors.New("connection refused")) {
		t.Error("an unrelated error counted as a key problem")
	}
}
