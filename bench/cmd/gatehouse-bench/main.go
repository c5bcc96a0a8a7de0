// Command gatehouse-bench seeds users and sessions, starts gatehouse, the
// floor server and Auth.js as separate processes on 127.0.0.1, and measures
// GET /api/auth/session on each with a keep-alive Go load generator.
//
// Usage, from the module root (see BENCHMARKS.md):
//
//	go run ./bench/cmd/gatehouse-bench run [flags]     seed, serve, measure, print the table
//	go run ./bench/cmd/gatehouse-bench stmts            statements per request, as a table
//	go run ./bench/cmd/gatehouse-bench scale [flags]    1 000 000 users against 10 000, PostgreSQL
//	go run ./bench/cmd/gatehouse-bench invalidation     sign-out on one cached instance, refused by another after …
//	go run ./bench/cmd/gatehouse-bench seed [flags]     seed only
//	gatehouse-bench serve [flags]                       one server (run uses this itself)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/gatehouse-go/gatehouse/bench"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "run":
		err = run(ctx, os.Args[2:])
	case "serve":
		err = serve(ctx, os.Args[2:])
	case "seed":
		err = seed(ctx, os.Args[2:])
	case "scale":
		err = scale(ctx, os.Args[2:])
	case "stmts":
		err = stmts(ctx, os.Args[2:])
	case "invalidation":
		err = invalidation(ctx, os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gatehouse-bench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: gatehouse-bench run|stmts|scale|invalidation|seed|serve [flags] (-h for flags)")
	os.Exit(2)
}

func serve(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	var c bench.ServeConfig
	fs.StringVar(&c.Kind, "kind", bench.KindGatehouse, "server: gatehouse, gatehouse-url, gatehouse-cache, gatehouse-jwt or floor")
	fs.StringVar(&c.Backend, "backend", "sqlite", "database: sqlite, postgres or mariadb")
	fs.StringVar(&c.Space, "space", "", "SQLite file, PostgreSQL schema or MariaDB database with the seeded data")
	fs.StringVar(&c.Server, "server", "", "PostgreSQL URL or MySQL DSN of the server (default: the local test server)")
	fs.IntVar(&c.Conns, "conns", 16, "connection pool size")
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:0", "listen address")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "write a CPU profile of the serving time to this file")
	fs.BoolVar(&c.ReusePort, "reuseport", false, "listen with SO_REUSEPORT (several servers on one port)")
	fs.StringVar(&c.Invalidator, "invalidator", "", "gatehouse-cache only: cross-instance invalidation, postgres or redis (default none: the TTL alone)")
	fs.StringVar(&c.Redis, "redis", bench.DefaultRedis, "Redis address of -invalidator redis")
	fs.DurationVar(&c.CacheTTL, "cache-ttl", 0, "gatehouse-cache only: the cache's TTL (0: its default)")
	instances := fs.Int("instances", 1, "run this many server processes on one port (SO_REUSEPORT), each with GOMAXPROCS=-instance-procs")
	instanceProcs := fs.Int("instance-procs", 1, "GOMAXPROCS of each of -instances")
	_ = fs.Parse(args)
	if *instances > 1 {
		self, err := executable()
		if err != nil {
			return err
		}
		argv := []string{self, "serve", "-kind", c.Kind, "-backend", c.Backend, "-space", c.Space, "-server", c.Server,
			"-conns", strconv.Itoa(c.Conns), "-invalidator", c.Invalidator, "-redis", c.Redis, "-cache-ttl", c.CacheTTL.String()}
		if c.CPUProfile != "" {
			return errors.New("-cpuprofile: not with -instances")
		}
		return bench.ServeInstances(ctx, *instances, argv, []string{"GOMAXPROCS=" + strconv.Itoa(*instanceProcs)}, os.Stdout)
	}
	return bench.Serve(ctx, c, os.Stdout)
}

func seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	backend := fs.String("backend", "postgres", "database: sqlite, postgres or mariadb")
	space := fs.String("space", "gatehouse_bench", "SQLite file, PostgreSQL schema or MariaDB database (dropped and recreated)")
	server := fs.String("server", "", "PostgreSQL URL or MySQL DSN of the server (default: the local test server)")
	n := fs.Int("n", 10000, "users and sessions")
	_ = fs.Parse(args)
	b, err := bench.NewBackend(*backend, *space, *server)
	if err != nil {
		return err
	}
	return bench.ResetAndSeed(ctx, b, *n, os.Stderr)
}
