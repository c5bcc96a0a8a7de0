package bench

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// ServeConfig configures Serve.
type ServeConfig struct {
	// Kind is one of the server kinds of NewHandler. Required.
	Kind string
	// Backend is "sqlite", "postgres" or "mariadb". Required except for
	// KindGatehouseJWT and KindCeiling.
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
	// ReusePort listens with SO_REUSEPORT, so that several server
	// processes can share Addr and the kernel spreads connections over
	// them (Linux).
	ReusePort bool
	// Invalidator is the cross-instance invalidation of KindGatehouseCache:
	// "" for none (the TTL alone), "postgres" (LISTEN/NOTIFY on the
	// backend's server) or "redis" (pub/sub on Redis).
	Invalidator string
	// Redis is the Redis address of Invalidator "redis". Default
	// DefaultRedis.
	Redis string
	// CacheTTL is the session cache's TTL. Default: the cache's default.
	CacheTTL time.Duration
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
	if cfg.Kind != KindGatehouseJWT && cfg.Kind != KindCeiling {
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
	ln, err := listen(ctx, cfg.Addr, cfg.ReusePort)
	if err != nil {
		return fmt.Errorf("bench: listen: %w", err)
	}
	base := "http://" + ln.Addr().String()
	h, release, err := newHandler(ctx, cfg, b, db, base)
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

// listen listens on addr, with SO_REUSEPORT when reuse is set.
func listen(ctx context.Context, addr string, reuse bool) (net.Listener, error) {
	var lc net.ListenConfig
	if reuse {
		lc.Control = func(_, _ string, c syscall.RawConn) error {
			var serr error
			if err := c.Control(func(fd uintptr) {
				serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
			}); err != nil {
				return err
			}
			return serr
		}
	}
	return lc.Listen(ctx, "tcp", addr)
}

// ServeInstances runs n copies of the server argv (a "serve" command line
// without -addr) as child processes sharing one port through
// SO_REUSEPORT, each with env added (GOMAXPROCS=1 for one core each), the
// way a Node cluster's workers share one. It writes "listening
// http://127.0.0.1:port" to out once every child listens and stops them
// all when ctx ends. The children stay in this process's group and die
// with it.
func ServeInstances(ctx context.Context, n int, argv, env []string, out io.Writer) error {
	if n < 1 {
		return fmt.Errorf("bench: %d instances: need at least 1", n)
	}
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench: listen: %w", err)
	}
	addr := probe.Addr().String()
	probe.Close()
	type child struct {
		cmd  *exec.Cmd
		done chan error
	}
	var children []child
	defer func() {
		for _, c := range children {
			_ = c.cmd.Process.Signal(syscall.SIGTERM)
		}
		for _, c := range children {
			select {
			case <-c.done:
			case <-time.After(5 * time.Second):
				_ = c.cmd.Process.Kill()
				<-c.done
			}
		}
	}()
	listening := make(chan string, n)
	exited := make(chan error, n)
	for i := range n {
		cmd := exec.Command(argv[0], append(slices.Clone(argv[1:]), "-addr", addr, "-reuseport")...)
		cmd.Env = append(os.Environ(), env...)
		cmd.Stderr = os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			return err
		}
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("bench: instance %d: %w", i, err)
		}
		c := child{cmd: cmd, done: make(chan error, 1)}
		children = append(children, c)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if u, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
					listening <- u
				}
			}
			err := cmd.Wait()
			c.done <- err
			exited <- fmt.Errorf("bench: instance %d exited: %v", i, err)
		}()
	}
	for range n {
		select {
		case <-listening:
		case err := <-exited:
			return err
		case <-time.After(time.Minute):
			return errors.New("bench: the instances did not all listen within a minute")
		case <-ctx.Done():
			return nil
		}
	}
	fmt.Fprintf(out, "listening http://%s\n", addr)
	select {
	case <-ctx.Done():
		return nil
	case err := <-exited:
		return err
	}
}
