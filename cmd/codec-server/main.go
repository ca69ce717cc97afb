// Command codec-server lets the Temporal Web UI (and `temporal` CLI) show
// huntflow's encrypted payloads in the clear to those allowed. It serves
// Temporal's codec-server protocol (POST /encode, /decode) with the key the
// worker uses (HUNTFLOW_CODEC_KEY or HUNTFLOW_CODEC_KEY_FILE, plus
// HUNTFLOW_CODEC_KEY_ID and old keys), answers CORS for the Web UI's
// origins and, with a token, asks for "Authorization: Bearer <token>":
//
//	codec-server --addr :8081 --origins http://localhost:8233
//	temporal server start-dev --ui-codec-endpoint http://localhost:8081
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/huntflow/huntflow/codec"
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(logger); err != nil {
		logger.Error("codec-server stopped", "error", err)
		os.Exit(1)
	}
}

func run(logger *slog.Logger) error {
	fs := flag.NewFlagSet("codec-server", flag.ExitOnError)
	addr := fs.String("addr", envOr("HUNTFLOW_CODEC_ADDR", ":8081"), "listen address (env HUNTFLOW_CODEC_ADDR)")
	origins := fs.String("origins", envOr("HUNTFLOW_CODEC_ORIGINS", "http://localhost:8233,http://localhost:8080"), "comma-separated Web UI origins allowed by CORS, * for any (env HUNTFLOW_CODEC_ORIGINS)")
	tokenFile := fs.String("token-file", os.Getenv("HUNTFLOW_CODEC_TOKEN_FILE"), "file holding the bearer token callers must send (env HUNTFLOW_CODEC_TOKEN_FILE; or HUNTFLOW_CODEC_TOKEN)")
	fs.Parse(os.Args[1:])

	c, err := codec.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	if c == nil {
		return fmt.Errorf("no key: set %s or %s (the worker's key)", codec.EnvKey, codec.EnvKeyFile)
	}
	token := os.Getenv("HUNTFLOW_CODEC_TOKEN")
	if *tokenFile != "" {
		b, err := os.ReadFile(*tokenFile)
		if err != nil {
			return fmt.Errorf("token file: %w", err)
		}
		token = strings.TrimSpace(string(b))
	}
	var allowed []string
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			allowed = append(allowed, o)
		}
	}
	if token == "" {
		logger.Warn("no bearer token: anyone who can reach this port can decrypt hunts; set HUNTFLOW_CODEC_TOKEN or --token-file")
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.Handle("/", codec.Handler(c, codec.ServerOptions{Origins: allowed, Token: token}))
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	logger.Info("codec server listening", "addr", *addr, "key_id", c.KeyID(), "decodes", c.KeyIDs(), "origins", allowed, "token", token != "")
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	return nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
