package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/metrics/promtext"
)

// Defaults of serve's HTTP server. The request-side ones cut off clients
// that send slowly (or not at all) so that they cannot hold connections,
// and file descriptors, for minutes.
const (
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = 30 * time.Second  // headers and body of one request
	defaultWriteTimeout      = 60 * time.Second  // from the end of the headers to the end of the answer
	defaultIdleTimeout       = 120 * time.Second // a kept-alive connection between requests
	defaultMaxHeaderBytes    = 64 << 10          // browsers send at most a few KB of cookies per site
	defaultShutdownGrace     = 10 * time.Second
)

// httpOptions are serve's flags for the HTTP server.
type httpOptions struct {
	readHeaderTimeout, readTimeout, writeTimeout, idleTimeout time.Duration
	maxHeaderBytes                                            int
	shutdownGrace, drainDelay                                 time.Duration
	metricsAddr                                               string
	accessLog                                                 bool
	metrics                                                   *promtext.Registry // nil without --metrics
}

// register adds the flags to fs.
func (o *httpOptions) register(fs *flag.FlagSet) {
	fs.DurationVar(&o.readHeaderTimeout, "read-header-timeout", defaultReadHeaderTimeout, "time a client has to send a request's headers")
	fs.DurationVar(&o.readTimeout, "read-timeout", defaultReadTimeout, "time a client has to send a whole request, body included (a slow body is cut off)")
	fs.DurationVar(&o.writeTimeout, "write-timeout", defaultWriteTimeout, "time to answer a request, from the end of its headers (a slow reader is cut off)")
	fs.DurationVar(&o.idleTimeout, "idle-timeout", defaultIdleTimeout, "how long a kept-alive connection may wait for its next request")
	fs.IntVar(&o.maxHeaderBytes, "max-header-bytes", defaultMaxHeaderBytes, "largest request header accepted, in bytes (larger ones get 431)")
	fs.DurationVar(&o.shutdownGrace, "shutdown-grace", defaultShutdownGrace, "on SIGTERM or Ctrl-C, how long requests in flight may take to finish before their connections are closed")
	fs.BoolVar(&o.accessLog, "access-log", false, "log one line per request (method, path without the query, status, bytes, time, request id)")
	fs.StringVar(&o.metricsAddr, "metrics", "", "serve Prometheus metrics at http://ADDR/metrics, such as 127.0.0.1:9100 (a separate listener, so they are not public); with an SQL database they include the pool's connections (gatehouse_db_pool_*)")
	fs.DurationVar(&o.drainDelay, "drain-delay", 0, "on SIGTERM, how long /readyz answers 503 before the listener closes (so that a load balancer stops sending first)")
}

// check reports flag values that make no sense, and makes the metrics
// registry when --metrics is set.
func (o *httpOptions) check() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read-header-timeout", o.readHeaderTimeout}, {"read-timeout", o.readTimeout}, {"write-timeout", o.writeTimeout}, {"idle-timeout", o.idleTimeout}, {"shutdown-grace", o.shutdownGrace}, {"drain-delay", o.drainDelay}} {
		if d.v < 0 {
			return fmt.Errorf("--%s is negative (%v); use a positive duration such as 30s", d.name, d.v)
		}
	}
	if o.metricsAddr != "" {
		o.metrics = &promtext.Registry{}
	}
	if o.maxHeaderBytes < 4096 {
		return fmt.Errorf("--max-header-bytes %d is too small for browsers' cookies; use at least 4096", o.maxHeaderBytes)
	}
	return nil
}

// metricsHook returns the registry gatehouse reports to with --metrics,
// or nil.
func (o *httpOptions) metricsHook() gatehouse.Metrics {
	if o.metrics == nil {
		return nil
	}
	return o.metrics
}

// observePool adds the SQL pool's statistics (gatehouse_db_pool_*, with
// db="<type>") to the --metrics registry when store is the SQL adapter.
func (o *httpOptions) observePool(store any, dbType string) {
	sa, ok := store.(*sqladapter.Adapter)
	if o.metrics == nil || !ok {
		return
	}
	o.metrics.ObservePool(sa.Stats, gatehouse.Attr{Key: "db", Value: dbType})
}

// serveMetrics serves /metrics on --metrics until ctx ends.
func (o *httpOptions) serveMetrics(ctx context.Context, stdout io.Writer) error {
	if o.metrics == nil {
		return nil
	}
	ln, err := net.Listen("tcp", o.metricsAddr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s for --metrics: %w", o.metricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", o.metrics)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: o.readHeaderTimeout, ReadTimeout: o.readTimeout, WriteTimeout: o.writeTimeout, IdleTimeout: o.idleTimeout}
	go func() { _ = srv.Serve(ln) }()
	context.AfterFunc(ctx, func() { _ = srv.Close() })
	fmt.Fprintf(stdout, "gatehouse demo: metrics at http://%s/metrics\n", ln.Addr())
	return nil
}

// withHealth answers GET /healthz and /readyz from health, before any
// other handler (probes come with whatever Host the platform uses).
func withHealth(next http.Handler, health *gatehouse.Health) http.Handler {
	live, ready := health.Live(), health.Ready()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			switch r.URL.Path {
			case "/healthz":
				live.ServeHTTP(w, r)
				return
			case "/readyz":
				ready.ServeHTTP(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// serveHTTP serves h on ln until ctx ends, then shuts down: readiness off,
// drainDelay, the listener closed, requests in flight given shutdownGrace
// to finish and their connections closed after it. Requests cut off by
// the grace period are reported but are not an error: a normal SIGTERM
// exits 0.
func (o *httpOptions) serveHTTP(ctx context.Context, ln net.Listener, h http.Handler, auth *gatehouse.Auth, logger *slog.Logger, stdout io.Writer, banner string) error {
	health := auth.Health()
	srv := &http.Server{
		Handler:           withRequestLog(withHealth(h, health), logger, o.accessLog),
		ReadHeaderTimeout: o.readHeaderTimeout,
		ReadTimeout:       o.readTimeout,
		WriteTimeout:      o.writeTimeout,
		IdleTimeout:       o.idleTimeout,
		MaxHeaderBytes:    o.maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	if err := o.serveMetrics(ctx, stdout); err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintln(stdout, banner)

	select {
	case err := <-served:
		return fmt.Errorf("server stopped: %w", err)
	case <-ctx.Done():
	}
	health.SetDraining()
	fmt.Fprintln(stdout, "gatehouse demo: shutting down")
	if o.drainDelay > 0 {
		time.Sleep(o.drainDelay)
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("shutdown: %w", err)
		}
		fmt.Fprintf(stdout, "gatehouse demo: requests still running after --shutdown-grace %v were cut off\n", o.shutdownGrace)
		_ = srv.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// withRequestLog gives every request an id (X-Request-Id: the client's or
// proxy's when it is short and printable, else a random one), echoes it in
// the answer, and with --access-log logs one line per request: method,
// path (never the query, which may hold a sign-in token), status, bytes,
// duration and id.
func withRequestLog(next http.Handler, logger *slog.Logger, access bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(gatehouse.RequestIDHeader)
		if !validRequestID(id) {
			id = rand.Text()[:16]
			r.Header.Set(gatehouse.RequestIDHeader, id)
		}
		w.Header().Set(gatehouse.RequestIDHeader, id)
		if !access {
			next.ServeHTTP(w, r)
			return
		}
		began := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		logger.LogAttrs(r.Context(), slog.LevelInfo, "access",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes), slog.Duration("took", time.Since(began)),
			slog.String("request_id", id), slog.String("remote", r.RemoteAddr))
	})
}

// validRequestID accepts ids of 1 to 64 characters of [A-Za-z0-9._-].
func validRequestID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// statusRecorder notes the status and size of an answer.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
