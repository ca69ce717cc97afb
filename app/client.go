package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"

	"github.com/huntflow/huntflow/codec"
	"github.com/huntflow/huntflow/metrics"
)

// ClientOptions are the worker's Temporal client options: address and
// namespace from cfg, the payload codec the environment configures (see
// codec.FromEnv: with a key, every payload is encrypted before it reaches
// Temporal), and, when d carries metrics, the SDK's metrics handler.
// The starter and the replayer must use the same codec.
func ClientOptions(cfg Config, getenv func(string) string, d *Deps, logger *slog.Logger) (client.Options, error) {
	c, err := codec.FromEnv(getenv)
	if err != nil {
		return client.Options{}, err
	}
	opts := client.Options{
		HostPort:      cfg.TemporalAddress,
		Namespace:     cfg.Namespace,
		Logger:        log.NewStructuredLogger(logger),
		DataConverter: codec.DataConverter(c),
		// Error messages are sealed too: they can name hosts and users.
		FailureConverter: codec.FailureConverter(c),
	}
	if c != nil {
		logger.Info("payload encryption on", "key_id", c.KeyID(), "decodes", c.KeyIDs())
	}
	if d != nil && d.Metrics != nil {
		opts.MetricsHandler = d.Metrics.Temporal()
	}
	return opts, nil
}

// ServeMetrics serves m at /metrics on addr until ctx ends. It returns the
// bound address (addr may use port 0).
func ServeMetrics(ctx context.Context, addr string, m *metrics.Metrics, logger *slog.Logger) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("metrics endpoint %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("metrics endpoint stopped", "error", err)
		}
	}()
	bound := ln.Addr().String()
	logger.Info("metrics endpoint", "url", "http://"+bound+"/metrics")
	return bound, nil
}
