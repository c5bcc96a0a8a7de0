package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"time"
)

// ServeConfig configures Serve.
type ServeConfig struct {
	// Kind is KindGatehouse, KindGatehouseJWT or KindFloor. Required.
	Kind string
	// Backend is "sqlite", "postgres" or "mariadb". Required except for
	// KindGatehouseJWT.
	Backend string
	// Space is the SQLite file, PostgreSQL schema or MariaDB database the
	// data was seeded into. Required.
	Space string
	// Server is the PostgreSQL URL or MySQL DSN of the server's default
	// database. Default DefaultPostgres or DefaultMySQL.
	Server string
	// Conns is the size of the connection pool, all kept idle. Default 16.
	Conns int
	// Addr is the address to listen on. Default "127.0.0.1:0" (any port).
	Addr string
	// CPUProfile is a file to write a CPU profile of the whole serving
	// time to. Default: none.
	CPUProfile string
}

// Serve opens the backend, listens on cfg.Addr, writes one line
// "listening http://host:port" to out, and serves until ctx ends.
func Serve(ctx context.Context, cfg ServeConfig, out io.Writer) error {
	if cfg.Conns <= 0 {
		cfg.Conns = 16
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	var (
		b  *Backend
		db *sql.DB
	)
	if cfg.Kind != KindGatehouseJWT {
		var err error
		if b, err = NewBackend(cfg.Backend, cfg.Space, cfg.Server); err != nil {
			return err
		}
		if cfg.Kind != KindGatehouseURL { // that one opens its own pool
			if db, err = b.Open(cfg.Conns); err != nil {
				return err
			}
			defer db.Close()
			if err := db.PingContext(ctx); err != nil {
				return fmt.Errorf("bench: %s: %w", b.Name, err)
			}
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("bench: listen: %w", err)
	}
	base := "http://" + ln.Addr().String()
	h, release, err := NewHandler(ctx, cfg.Kind, b, db, base)
	if err != nil {
		ln.Close()
		return err
	}
	defer release()
	if cfg.CPUProfile != "" {
		f, err := os.Create(cfg.CPUProfile)
		if err != nil {
			ln.Close()
			return fmt.Errorf("bench: cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			ln.Close()
			return fmt.Errorf("bench: cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(out, "listening %s\n", base)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
