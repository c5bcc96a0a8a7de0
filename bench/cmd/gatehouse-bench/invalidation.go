package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/bench"
)

// invalidation measures how long a session signed out on one gatehouse
// process stays accepted by another behind adapters/sessioncache, for
// each invalidation channel, quiet and under read load.
func invalidation(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("invalidation", flag.ExitOnError)
	via := fs.String("via", "postgres,redis,none", "invalidation channels to measure: postgres (LISTEN/NOTIFY), redis (pub/sub), none (the cache's TTL alone)")
	n := fs.Int("n", 200, "sign-outs per channel and load")
	noneN := fs.Int("none-n", 6, "sign-outs for -via none (each waits up to the TTL)")
	loads := fs.String("load", "0,32", "concurrent session readers on the reading server while measuring, comma-separated")
	space := fs.String("space", "gatehouse_bench_inv", "PostgreSQL schema of the sessions (dropped and recreated)")
	pgURL := fs.String("postgres", bench.DefaultPostgres, "PostgreSQL server URL")
	redisAddr := fs.String("redis", bench.DefaultRedis, "Redis address for -via redis")
	_ = fs.Parse(args)
	self, err := executable()
	if err != nil {
		return err
	}
	var loadList []int
	for _, s := range splitList(*loads) {
		l, err := strconv.Atoi(s)
		if err != nil || l < 0 {
			return fmt.Errorf("-load: %q is not a count", s)
		}
		loadList = append(loadList, l)
	}
	type job struct {
		via  string
		load int
		n    int
	}
	var jobs []job
	total := 0
	for _, v := range splitList(*via) {
		for _, l := range loadList {
			k := *n
			if v == "none" {
				k = *noneN
			}
			jobs = append(jobs, job{v, l, k})
			total += k
		}
	}
	const readers = 2000 // sessions only read by the background load
	b, err := bench.NewBackend("postgres", *space, *pgURL)
	if err != nil {
		return err
	}
	if err := bench.ResetAndSeed(ctx, b, readers+total, os.Stderr); err != nil {
		return err
	}
	cookies := bench.Cookies(readers + total)
	next := readers
	fmt.Printf("gatehouse-bench invalidation: two gatehouse processes, PostgreSQL sessions, adapters/sessioncache (default TTL), load average %s\n", loadAverage())
	fmt.Printf("%-10s %6s %6s %10s %10s %10s %10s\n", "channel", "load", "n", "p50", "p90", "p99", "max")
	for _, j := range jobs {
		argv := []string{self, "serve", "-kind", bench.KindGatehouseCache, "-backend", "postgres", "-space", *space, "-server", *pgURL, "-redis", *redisAddr}
		if j.via != "none" {
			argv = append(argv, "-invalidator", j.via)
		}
		a, err := bench.StartProcess(ctx, argv, nil, "", time.Minute)
		if err != nil {
			return err
		}
		r, err := bench.StartProcess(ctx, argv, nil, "", time.Minute)
		if err != nil {
			a.Stop()
			return err
		}
		lctx, stopLoad := context.WithCancel(ctx)
		var wg sync.WaitGroup
		if j.load > 0 {
			wg.Go(func() {
				_, _ = bench.Load(lctx, bench.LoadConfig{URL: r.URL + "/api/auth/session", Cookies: cookies[:readers],
					Concurrency: j.load, Duration: time.Hour, Warmup: 500 * time.Millisecond})
			})
			time.Sleep(time.Second)
		}
		ds, err := bench.InvalidationDelays(ctx, bench.InvalidationConfig{SignOut: a.URL, Read: r.URL, Cookies: cookies[next : next+j.n]})
		next += j.n
		stopLoad()
		wg.Wait()
		a.Stop()
		r.Stop()
		if err != nil {
			return fmt.Errorf("%s, load %d: %w", j.via, j.load, err)
		}
		k := len(ds)
		fmt.Printf("%-10s %6d %6d %10s %10s %10s %10s\n", j.via, j.load, k, round(ds[k/2]), round(ds[k*9/10]), round(ds[min(k-1, k*99/100)]), round(ds[k-1]))
	}
	fmt.Printf("load average at the end: %s\n", loadAverage())
	return nil
}

func round(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}
