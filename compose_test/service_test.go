package compose_test

import (
	"encoding/base64"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	commonpb "go.temporal.io/api/common/v1"
	"gopkg.in/yaml.v3"

	"github.com/huntflow/huntflow/codec"
)

func envOf(svc types.ServiceConfig) func(string) string {
	return func(k string) string {
		if v := svc.Environment[k]; v != nil {
			return *v
		}
		return ""
	}
}

func imageTag(image string) (repo, tag string) {
	i := strings.LastIndex(image, ":")
	if i < 0 {
		return image, ""
	}
	return image[:i], image[i+1:]
}

// Temporal runs from the supported server image, never the deprecated
// auto-setup one, and the schema tools are the server's own version.
func TestComposeTemporalFromSupportedImages(t *testing.T) {
	tests := []struct {
		name    string
		shell   map[string]string
		wantTag string
	}{
		{"default", nil, "1.31.0"},
		{"version from the shell", map[string]string{"TEMPORAL_VERSION": "1.30.4"}, "1.30.4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustLoad(t, tt.shell, "tools", "codec", "metrics")
			for name, svc := range p.Services {
				if strings.Contains(svc.Image, "auto-setup") {
					t.Errorf("%s uses the deprecated image %s", name, svc.Image)
				}
			}
			for name, wantRepo := range map[string]string{
				"temporal":             "temporalio/server",
				"temporal-schema":      "temporalio/admin-tools",
				"temporal-admin-tools": "temporalio/admin-tools",
			} {
				repo, tag := imageTag(p.Services[name].Image)
				if repo != wantRepo || tag != tt.wantTag {
					t.Errorf("%s runs %s, want %s:%s", name, p.Services[name].Image, wantRepo, tt.wantTag)
				}
			}
		})
	}
}

// The server finds the databases the schema step made, listens beyond
// localhost, and is reachable by the UI and workers.
func TestComposeTemporalServerConfig(t *testing.T) {
	p := mustLoad(t, nil)
	server, schema := envOf(p.Services["temporal"]), envOf(p.Services["temporal-schema"])
	for k, want := range map[string]string{
		"DB": "postgres12", "POSTGRES_SEEDS": "postgresql", "DB_PORT": "5432", "POSTGRES_USER": "temporal",
		"BIND_ON_IP": "0.0.0.0", "DBNAME": "temporal", "VISIBILITY_DBNAME": "temporal_visibility",
	} {
		if got := server(k); got != want {
			t.Errorf("temporal %s = %q, want %q", k, got, want)
		}
	}
	for _, k := range []string{"DB", "POSTGRES_SEEDS", "DB_PORT", "POSTGRES_USER", "DBNAME", "VISIBILITY_DBNAME"} {
		if server(k) != schema(k) {
			t.Errorf("%s: server %q, schema step %q", k, server(k), schema(k))
		}
	}
	if server("POSTGRES_PWD") == "" || server("POSTGRES_PWD") != schema("SQL_PASSWORD") {
		t.Errorf("server password %q, schema step password %q", server("POSTGRES_PWD"), schema("SQL_PASSWORD"))
	}
	// auto-setup's knobs mean nothing to temporalio/server.
	for _, k := range []string{"SKIP_SCHEMA_SETUP", "SKIP_DB_CREATE", "AUTO_SETUP"} {
		if server(k) != "" {
			t.Errorf("temporal sets auto-setup's %s", k)
		}
	}
	pw := mustLoad(t, map[string]string{"TEMPORAL_DB_PASSWORD": "s3cret"})
	if envOf(pw.Services["temporal"])("POSTGRES_PWD") != "s3cret" || envOf(pw.Services["temporal-schema"])("SQL_PASSWORD") != "s3cret" || *pw.Services["postgresql"].Environment["POSTGRES_PASSWORD"] != "s3cret" {
		t.Error("TEMPORAL_DB_PASSWORD does not reach the database, the schema step and the server alike")
	}
	entry := strings.Join(p.Services["temporal-schema"].Entrypoint, " ")
	if !strings.Contains(entry, "huntflow-temporal-schema.sh") {
		t.Errorf("temporal-schema runs %q, not the schema script", entry)
	}
}

// fakeTools puts a temporal-sql-tool and nc on PATH that log their
// arguments (and whether the password reached the tool).
func fakeTools(t *testing.T) (dir, log string) {
	t.Helper()
	dir = t.TempDir()
	log = filepath.Join(dir, "calls.log")
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("temporal-sql-tool", `echo "pw=${SQL_PASSWORD:-} $*" >> "`+log+`"`+"\n")
	write("nc", "exit 0\n")
	return dir, log
}

// The schema script, run with stand-ins for temporal-sql-tool and nc,
// creates and migrates both databases in order, the way the admin-tools
// image offers the schemas (as files, or embedded in newer releases).
func TestSchemaScript(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	schemaFiles := t.TempDir()
	for _, kind := range []string{"temporal", "visibility"} {
		if err := os.MkdirAll(filepath.Join(schemaFiles, kind, "versioned"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		schemaDir string
		wantMig   []string
	}{
		{"schema files in the image", schemaFiles, []string{"update-schema -d " + schemaFiles + "/temporal/versioned", "update-schema -d " + schemaFiles + "/visibility/versioned"}},
		{"embedded schemas", filepath.Join(t.TempDir(), "none"), []string{"update-schema --schema-name postgresql/v12/temporal", "update-schema --schema-name postgresql/v12/visibility"}},
	}
	p := mustLoad(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bin, log := fakeTools(t)
			cmd := exec.Command("sh", filepath.Join(root, "deploy", "temporal-schema.sh"))
			cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "TEMPORAL_SCHEMA_DIR=" + tt.schemaDir}
			// The schema service's own environment, as compose passes it.
			for k, v := range p.Services["temporal-schema"].Environment {
				if v != nil {
					cmd.Env = append(cmd.Env, k+"="+*v)
				}
			}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("script failed: %v\n%s", err, out)
			}
			b, err := os.ReadFile(log)
			if err != nil {
				t.Fatal(err)
			}
			calls := strings.Split(strings.TrimSpace(string(b)), "\n")
			conn := "pw=temporal --plugin postgres12 --ep postgresql -p 5432 -u temporal --db "
			want := []string{
				conn + "temporal create",
				conn + "temporal setup-schema -v 0.0",
				conn + "temporal " + tt.wantMig[0],
				conn + "temporal_visibility create",
				conn + "temporal_visibility setup-schema -v 0.0",
				conn + "temporal_visibility " + tt.wantMig[1],
			}
			if !slices.Equal(calls, want) {
				t.Errorf("temporal-sql-tool calls:\n%s\nwant:\n%s", strings.Join(calls, "\n"), strings.Join(want, "\n"))
			}
		})
	}
	// A failing step fails the service, so the server never starts on a
	// half-made schema.
	bin, _ := fakeTools(t)
	os.WriteFile(filepath.Join(bin, "temporal-sql-tool"), []byte("#!/bin/sh\ncase \"$*\" in *update-schema*) exit 3;; esac\n"), 0o755)
	cmd := exec.Command("sh", filepath.Join(root, "deploy", "temporal-schema.sh"))
	cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin"}
	if err := cmd.Run(); err == nil {
		t.Error("the script succeeded though update-schema failed")
	}
}

// The codec server decrypts with exactly the worker's keys, only under its
// profile, and the UI can be pointed at it.
func TestComposeCodecServer(t *testing.T) {
	p := mustLoad(t, nil)
	if _, ok := p.Services["codec-server"]; ok {
		t.Error("codec-server runs without --profile codec")
	}
	key := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	old := base64.StdEncoding.EncodeToString([]byte("fedcba9876543210fedcba9876543210"))
	shell := map[string]string{
		"HUNTFLOW_CODEC_KEY": key, "HUNTFLOW_CODEC_KEY_ID": "2026-12", "HUNTFLOW_CODEC_OLD_KEYS": "2026-06=" + old,
		"HUNTFLOW_CODEC_TOKEN": "tok", "TEMPORAL_CODEC_ENDPOINT": "http://localhost:8081",
	}
	p = mustLoad(t, shell, "codec")
	cs, ok := p.Services["codec-server"]
	if !ok {
		t.Fatal("no codec-server under --profile codec")
	}
	wc, err := codec.FromEnv(envOf(p.Services["worker"]))
	if err != nil || wc == nil {
		t.Fatalf("worker codec: %v %v", wc, err)
	}
	sc, err := codec.FromEnv(envOf(cs))
	if err != nil || sc == nil {
		t.Fatalf("codec-server codec: %v %v", sc, err)
	}
	if wc.KeyID() != sc.KeyID() || !slices.Equal(wc.KeyIDs(), sc.KeyIDs()) || !slices.Equal(sc.KeyIDs(), []string{"2026-06", "2026-12"}) {
		t.Errorf("worker keys %s %v, codec server keys %s %v", wc.KeyID(), wc.KeyIDs(), sc.KeyID(), sc.KeyIDs())
	}
	// What the worker seals, the codec server opens.
	sealed, err := wc.Encode([]*commonpb.Payload{{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"WKS1"`)}})
	if err != nil {
		t.Fatal(err)
	}
	if opened, err := sc.Decode(sealed); err != nil || string(opened[0].Data) != `"WKS1"` {
		t.Fatalf("codec server opens the worker's payload as %v, %v", opened, err)
	}
	if envOf(cs)("HUNTFLOW_CODEC_TOKEN") != "tok" || envOf(cs)("HUNTFLOW_CODEC_ORIGINS") != "http://localhost:8080" {
		t.Errorf("codec-server token %q origins %q", envOf(cs)("HUNTFLOW_CODEC_TOKEN"), envOf(cs)("HUNTFLOW_CODEC_ORIGINS"))
	}
	if envOf(p.Services["temporal-ui"])("TEMPORAL_CODEC_ENDPOINT") != "http://localhost:8081" {
		t.Error("the UI is not pointed at the codec server")
	}
	if !slices.Contains(cs.Command, "codec-server") || cs.Image != p.Services["worker"].Image {
		t.Errorf("codec-server runs %v from %s", cs.Command, cs.Image)
	}
	published := false
	for _, pc := range cs.Ports {
		published = published || (pc.Target == 8081 && pc.Published == "8081")
	}
	if !published {
		t.Errorf("codec-server ports %+v, want 8081 published", cs.Ports)
	}
	// The codec server gets only what it reads.
	allowed := map[string]bool{codec.EnvKey: true, codec.EnvKeyFile: true, codec.EnvKeyID: true, codec.EnvOldKeys: true, codec.EnvOldKeysFile: true,
		"HUNTFLOW_CODEC_ORIGINS": true, "HUNTFLOW_CODEC_TOKEN": true, "HUNTFLOW_CODEC_TOKEN_FILE": true, "HUNTFLOW_CODEC_ADDR": true}
	for k := range cs.Environment {
		if !allowed[k] {
			t.Errorf("codec-server sets %s, which it does not read", k)
		}
	}
	// Without a key in the shell the worker runs unencrypted, not broken.
	if c, err := codec.FromEnv(envOf(mustLoad(t, nil).Services["worker"])); c != nil || err != nil {
		t.Errorf("no key in the shell: codec %v, error %v", c, err)
	}
}

func port(t *testing.T, addr string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("address %q: %v", addr, err)
	}
	return p
}

// Prometheus scrapes the port each worker serves metrics on, and the
// server's.
func TestComposeMetrics(t *testing.T) {
	p := mustLoad(t, nil, "metrics")
	worker := p.Services["worker"]
	workerPort := port(t, envOf(worker)("HUNTFLOW_METRICS_ADDR"))
	if !slices.Contains(worker.Expose, workerPort) {
		t.Errorf("worker serves metrics on %s but exposes %v", workerPort, worker.Expose)
	}
	for _, pc := range worker.Ports {
		if pc.Target == 9090 {
			t.Error("worker publishes its metrics port: --scale would clash")
		}
	}
	temporalPort := port(t, envOf(p.Services["temporal"])("PROMETHEUS_ENDPOINT"))
	if !slices.Contains(p.Services["temporal"].Expose, temporalPort) {
		t.Errorf("temporal serves metrics on %s but exposes %v", temporalPort, p.Services["temporal"].Expose)
	}

	b, err := os.ReadFile(filepath.Join(root, "deploy", "prometheus", "prometheus.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		ScrapeConfigs []struct {
			JobName string `yaml:"job_name"`
			DNSSD   []struct {
				Names []string
				Type  string
				Port  int
			} `yaml:"dns_sd_configs"`
			StaticCfgs []struct{ Targets []string } `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	var scrapesWorker, scrapesTemporal bool
	for _, sc := range cfg.ScrapeConfigs {
		for _, d := range sc.DNSSD {
			if slices.Contains(d.Names, "worker") && d.Type == "A" && strconv.Itoa(d.Port) == workerPort {
				scrapesWorker = true
			}
		}
		for _, s := range sc.StaticCfgs {
			scrapesTemporal = scrapesTemporal || slices.Contains(s.Targets, "temporal:"+temporalPort)
		}
	}
	if !scrapesWorker || !scrapesTemporal {
		t.Errorf("prometheus.yml scrapes every worker on %s: %v, temporal on %s: %v", workerPort, scrapesWorker, temporalPort, scrapesTemporal)
	}
	prom := p.Services["prometheus"]
	mounted := false
	for _, v := range prom.Volumes {
		mounted = mounted || (v.Type == types.VolumeTypeBind && strings.HasSuffix(v.Source, "deploy/prometheus/prometheus.yml") && v.Target == "/etc/prometheus/prometheus.yml")
	}
	if !mounted {
		t.Errorf("prometheus does not mount deploy/prometheus/prometheus.yml: %+v", prom.Volumes)
	}
	if _, ok := mustLoad(t, nil).Services["prometheus"]; ok {
		t.Error("prometheus runs without --profile metrics")
	}
}
