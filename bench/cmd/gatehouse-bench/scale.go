package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/gatehouse-go/gatehouse/bench"
)

// scale compares session reads on a large PostgreSQL data set with a small
// one, in alternating rounds so that both meet the same background load.
func scale(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("scale", flag.ExitOnError)
	var f runFlags
	large := fs.Int("n", 1000000, "users and sessions in the large data set")
	small := fs.Int("small", 10000, "users and sessions in the small data set")
	bigSpace := fs.String("space", "gatehouse_bench_1m", "PostgreSQL schema of the large data set (kept when it already holds -n sessions)")
	smallSpace := fs.String("small-space", "gatehouse_bench_small", "PostgreSQL schema of the small data set")
	fs.IntVar(&f.c, "c", 64, "load generator concurrency")
	fs.DurationVar(&f.d, "d", 10*time.Second, "measured duration per configuration")
	fs.DurationVar(&f.warmup, "warmup", 2*time.Second, "unmeasured warm-up per configuration")
	fs.IntVar(&f.conns, "conns", 16, "database connections per server process")
	fs.IntVar(&f.rounds, "rounds", 3, "rounds, alternating small and large; the median row is kept")
	fs.IntVar(&f.serverProcs, "server-procs", 0, "GOMAXPROCS of the server processes (0: all cores)")
	fs.StringVar(&f.pgURL, "postgres", bench.DefaultPostgres, "PostgreSQL server URL")
	kind := fs.String("kind", bench.KindGatehouse, "server kind: gatehouse, gatehouse-cache (a cache far smaller than the large set: mostly misses) or floor")
	_ = fs.Parse(args)
	self, err := executable()
	if err != nil {
		return err
	}
	type set struct {
		name  string
		space string
		n     int
		rows  []bench.Row
	}
	sets := []*set{{name: fmt.Sprintf("postgres %d users", *small), space: *smallSpace, n: *small},
		{name: fmt.Sprintf("postgres %d users", *large), space: *bigSpace, n: *large}}
	for _, s := range sets {
		b, err := bench.NewBackend("postgres", s.space, f.pgURL)
		if err != nil {
			return err
		}
		g := f
		g.n, g.reuse = s.n, true
		if err := ensureSeeded(ctx, b, g); err != nil {
			return err
		}
	}
	cookies := bench.Cookies(*large)
	lc := bench.LoadConfig{Concurrency: f.c, Duration: f.d, Warmup: f.warmup}
	fmt.Printf("gatehouse-bench scale: %s, concurrency=%d duration=%s rounds=%d, load average %s\n", *kind, f.c, f.d, f.rounds, loadAverage())
	defer func() { fmt.Printf("load average at the end: %s\n", loadAverage()) }()
	fmt.Println(bench.Header)
	for round := range max(f.rounds, 1) {
		order := sets
		if round%2 == 1 {
			order = []*set{sets[1], sets[0]}
		}
		for _, s := range order {
			argv := []string{self, "serve", "-kind", *kind, "-backend", "postgres", "-space", s.space, "-server", f.pgURL, "-conns", strconv.Itoa(f.conns)}
			r, err := measureProcess(ctx, s.name, argv, goEnv(f.serverProcs), "", lc, cookies[:s.n])
			if err != nil {
				return err
			}
			fmt.Printf("  round %d: %s\n", round+1, r.Format())
			s.rows = append(s.rows, r)
		}
	}
	for _, s := range sets {
		fmt.Println(median(s.rows).Format())
	}
	// Latency medians are taken per column: a round that met a burst of
	// other work moves one row's p99 a long way.
	med := func(rows []bench.Row, f func(bench.Row) float64) float64 {
		v := make([]float64, len(rows))
		for i, r := range rows {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	p50 := func(r bench.Row) float64 { return float64(r.P50) }
	p99 := func(r bench.Row) float64 { return float64(r.P99) }
	rps := func(r bench.Row) float64 { return r.RPS() }
	cpu := func(r bench.Row) float64 { return r.ServerCPU.Seconds() / float64(max(r.Requests, 1)) }
	a, b := sets[0].rows, sets[1].rows
	fmt.Printf("%d / %d users (medians over rounds): p50 %.2fx, p99 %.2fx, req/s %.2fx, server CPU/req %.2fx\n", *large, *small,
		med(b, p50)/med(a, p50), med(b, p99)/med(a, p99), med(b, rps)/med(a, rps), med(b, cpu)/med(a, cpu))
	for _, s := range sets {
		b, err := bench.NewBackend("postgres", s.space, f.pgURL)
		if err != nil {
			return err
		}
		plan, err := bench.ExplainSessionRead(ctx, b, bench.CookieToken(s.n/2))
		if err != nil {
			return err
		}
		fmt.Printf("\nEXPLAIN ANALYZE of the session read, %s:\n%s\n", s.name, plan)
	}
	return nil
}
