package codec

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

const ui = "http://localhost:8233"

func post(t *testing.T, url, body string, hdr map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func payloadsJSON(t *testing.T, ps []*commonpb.Payload) string {
	t.Helper()
	b, err := protojson.Marshal(&commonpb.Payloads{Payloads: ps})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readPayloads(t *testing.T, resp *http.Response) []*commonpb.Payload {
	t.Helper()
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
	var ps commonpb.Payloads
	if err := protojson.Unmarshal(b, &ps); err != nil {
		t.Fatalf("response %s: %v", b, err)
	}
	return ps.Payloads
}

// The Web UI's round trip: it decodes what the worker encoded, and the
// encode endpoint seals what the CLI sends.
func TestServerEncodeDecode(t *testing.T) {
	c := mustCodec(t, newKey(t, "k1"))
	srv := httptest.NewServer(Handler(c, ServerOptions{Origins: []string{ui}, Token: "s3cret"}))
	defer srv.Close()
	auth := map[string]string{"Authorization": "Bearer s3cret", "Origin": ui, "X-Namespace": "default"}

	plain := samplePayloads(t)[:3]
	enc := readPayloads(t, post(t, srv.URL+"/encode", payloadsJSON(t, plain), auth))
	if len(enc) != len(plain) {
		t.Fatalf("%d payloads back, want %d", len(enc), len(plain))
	}
	for i, p := range enc {
		if string(p.Metadata[MetadataEncodingKey]) != EncodingEncrypted || bytes.Contains(p.Data, []byte("WORKSTATION5")) {
			t.Fatalf("payload %d not sealed: %v", i, p)
		}
	}
	// What the server sealed, the worker's codec opens, and the reverse.
	if _, err := c.Decode(enc); err != nil {
		t.Fatal(err)
	}
	fromWorker, _ := c.Encode(plain)
	dec := readPayloads(t, post(t, srv.URL+"/decode", payloadsJSON(t, fromWorker), auth))
	for i := range plain {
		if !proto.Equal(plain[i], dec[i]) {
			t.Errorf("payload %d decoded to %v, want %v", i, dec[i], plain[i])
		}
	}
	// The UI's configured endpoint may carry a path prefix.
	dec = readPayloads(t, post(t, srv.URL+"/codec/decode", payloadsJSON(t, fromWorker), auth))
	if len(dec) != len(plain) {
		t.Fatal("prefixed /codec/decode failed")
	}
}

func TestServerRefusals(t *testing.T) {
	c := mustCodec(t, newKey(t, "k1"))
	sealed, _ := c.Encode(samplePayloads(t)[:1])
	body := payloadsJSON(t, sealed)
	srv := httptest.NewServer(Handler(c, ServerOptions{Origins: []string{ui}, Token: "s3cret"}))
	defer srv.Close()
	foreign := mustCodec(t, newKey(t, "k9"))
	foreignSealed, _ := foreign.Encode(samplePayloads(t)[:1])

	tests := []struct {
		name   string
		method string
		path   string
		body   string
		hdr    map[string]string
		status int
		says   string
	}{
		{"no token", http.MethodPost, "/decode", body, nil, http.StatusUnauthorized, "bearer token"},
		{"wrong token", http.MethodPost, "/decode", body, map[string]string{"Authorization": "Bearer guess"}, http.StatusUnauthorized, "bearer token"},
		{"token without Bearer", http.MethodPost, "/decode", body, map[string]string{"Authorization": "s3cret"}, http.StatusUnauthorized, "bearer token"},
		{"GET", http.MethodGet, "/decode", "", map[string]string{"Authorization": "Bearer s3cret"}, http.StatusNotFound, "POST"},
		{"other path", http.MethodPost, "/admin", body, map[string]string{"Authorization": "Bearer s3cret"}, http.StatusNotFound, "POST"},
		{"malformed JSON", http.MethodPost, "/decode", "{payloads", map[string]string{"Authorization": "Bearer s3cret"}, http.StatusBadRequest, ""},
		{"payload under an unknown key", http.MethodPost, "/decode", payloadsJSON(t, foreignSealed), map[string]string{"Authorization": "Bearer s3cret"}, http.StatusBadRequest, `"k9"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			for k, v := range tt.hdr {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d (%s), want %d", resp.StatusCode, b, tt.status)
			}
			if !strings.Contains(string(b), tt.says) {
				t.Errorf("body %q does not say %q", b, tt.says)
			}
			if tt.status != http.StatusOK && bytes.Contains(b, []byte(`"payloads"`)) {
				t.Error("refused request got payloads back")
			}
		})
	}
}

func TestServerCORS(t *testing.T) {
	c := mustCodec(t, newKey(t, "k1"))
	tests := []struct {
		name       string
		origins    []string
		origin     string
		wantStatus int
		wantAllow  string
	}{
		{"allowed origin", []string{ui, "https://temporal.example.com"}, ui, http.StatusNoContent, ui},
		{"second allowed origin, trailing slash in flag", []string{ui, "https://temporal.example.com/"}, "https://temporal.example.com", http.StatusNoContent, "https://temporal.example.com"},
		{"other origin", []string{ui}, "https://evil.example", http.StatusForbidden, ""},
		{"no origins configured", nil, ui, http.StatusForbidden, ""},
		{"any origin", []string{"*"}, "http://10.0.0.5:8080", http.StatusNoContent, "http://10.0.0.5:8080"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(Handler(c, ServerOptions{Origins: tt.origins, Token: "s3cret"}))
			defer srv.Close()
			// A browser's preflight carries no Authorization header.
			req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/decode", nil)
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "authorization,content-type,x-namespace")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("preflight status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			h := resp.Header
			if got := h.Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
				t.Fatalf("Allow-Origin %q, want %q", got, tt.wantAllow)
			}
			if tt.wantAllow == "" {
				return
			}
			for _, want := range []string{"authorization", "content-type", "x-namespace"} {
				if !strings.Contains(strings.ToLower(h.Get("Access-Control-Allow-Headers")), want) {
					t.Errorf("Allow-Headers %q lacks %s", h.Get("Access-Control-Allow-Headers"), want)
				}
			}
			if !strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") || h.Get("Access-Control-Allow-Credentials") != "true" {
				t.Errorf("Allow-Methods %q, Allow-Credentials %q", h.Get("Access-Control-Allow-Methods"), h.Get("Access-Control-Allow-Credentials"))
			}
			// The real request from that origin gets the header too.
			sealed, _ := c.Encode(samplePayloads(t)[:1])
			resp = post(t, srv.URL+"/decode", payloadsJSON(t, sealed), map[string]string{"Origin": tt.origin, "Authorization": "Bearer s3cret"})
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
				t.Errorf("POST Allow-Origin %q, want %q", got, tt.wantAllow)
			}
			readPayloads(t, resp)
		})
	}
}

// The response is the JSON shape the Web UI reads: {"payloads":[{"metadata":{...},"data":"base64"}]}.
func TestServerWireFormat(t *testing.T) {
	c := mustCodec(t, newKey(t, "k1"))
	srv := httptest.NewServer(Handler(c, ServerOptions{}))
	defer srv.Close()
	resp := post(t, srv.URL+"/encode", `{"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":"eyJob3N0IjoiREMwMSJ9"}]}`, nil)
	defer resp.Body.Close()
	var got struct {
		Payloads []struct {
			Metadata map[string]string `json:"metadata"`
			Data     string            `json:"data"`
		} `json:"payloads"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if len(got.Payloads) != 1 || got.Payloads[0].Metadata["encoding"] != "YmluYXJ5L2VuY3J5cHRlZA==" { // base64("binary/encrypted")
		t.Fatalf("response %+v", got)
	}
}
