package elastic

import (
	"bytes"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
)

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		want   Config
		wantOK bool
	}{
		{"not configured", map[string]string{"ELASTIC_API_KEY": "k"},
			Config{APIKey: "k", Index: DefaultIndex, Mapping: SysmonMapping}, false},
		{"urls", map[string]string{"ELASTICSEARCH_URL": " http://es1:9200, http://es2:9200 ,", "ELASTICSEARCH_INDEX": "winlogs", "ELASTICSEARCH_MAPPING": "ECS"},
			Config{URLs: []string{"http://es1:9200", "http://es2:9200"}, Index: "winlogs", Mapping: ECSMapping}, true},
		{"cloud", map[string]string{"ELASTICSEARCH_CLOUD_ID": "hunt:ZXUtY2VudHJhbC0x", "ELASTIC_API_KEY": "a2V5"},
			Config{CloudID: "hunt:ZXUtY2VudHJhbC0x", APIKey: "a2V5", Index: DefaultIndex, Mapping: SysmonMapping}, true},
		{"api key alias", map[string]string{"ELASTICSEARCH_URL": "https://es:9200", "ELASTICSEARCH_API_KEY": "a2V5"},
			Config{URLs: []string{"https://es:9200"}, APIKey: "a2V5", Index: DefaultIndex, Mapping: SysmonMapping}, true},
		{"basic auth and CA", map[string]string{"ELASTICSEARCH_URL": "https://es:9200", "ELASTICSEARCH_USERNAME": "elastic",
			"ELASTICSEARCH_PASSWORD": " pass word ", "ELASTICSEARCH_CA_CERT": "/certs/ca.crt", "ELASTICSEARCH_MAPPING": "sysmon"},
			Config{URLs: []string{"https://es:9200"}, Username: "elastic", Password: " pass word ", CACertPath: "/certs/ca.crt",
				Index: DefaultIndex, Mapping: SysmonMapping}, true},
		{"unknown mapping kept for Open to reject", map[string]string{"ELASTICSEARCH_URL": "http://es:9200", "ELASTICSEARCH_MAPPING": "cef"},
			Config{URLs: []string{"http://es:9200"}, Index: DefaultIndex, Mapping: FieldMapping{Name: "cef"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if ok != tt.wantOK {
				t.Errorf("ok = %v, want %v", ok, tt.wantOK)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got.Mapping, tt.want.Mapping)
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestConfigRedactsSecrets(t *testing.T) {
	const pass, key, urlPass = "hunter2-password", "YXBpLWtleS1zZWNyZXQ=", "url-embedded-secret"
	cfg := Config{
		URLs:     []string{"https://elastic:" + urlPass + "@es.example:9200", "https://es2.example:9200"},
		CloudID:  "hunt:ZXUtY2VudHJhbC0x",
		APIKey:   key,
		Username: "elastic",
		Password: pass,
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "es", cfg)
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "es", cfg)
	outputs := map[string]string{
		"String": cfg.String(),
		"%v":     fmt.Sprintf("%v", cfg),
		"%+v":    fmt.Sprintf("%+v", cfg),
		"%#v":    fmt.Sprintf("%#v", cfg),
		"slog":   logged.String(),
	}
	for name, out := range outputs {
		for _, secret := range []string{pass, key, urlPass} {
			if strings.Contains(out, secret) {
				t.Errorf("%s reveals a secret: %s", name, out)
			}
		}
		for _, visible := range []string{"es.example:9200", "elastic", "[REDACTED]", "huntflow-events"} {
			if !strings.Contains(out, visible) {
				t.Errorf("%s lacks %q: %s", name, visible, out)
			}
		}
	}
}
