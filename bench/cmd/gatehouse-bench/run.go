package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/bench"
)

type runFlags struct {
	backends    string
	n, c, conns int
	d, warmup   time.Duration
	authjs      bool
	authjsDir   string
	jwt         bool
	jwtUsers    int
	cache       bool
	cacheInv    string
	instances   int
	space       string
	sqliteDir   string
	reuse       bool
	serverProcs int
	workers     int
	profileDir  string
	rounds      int
	pgURL       string
	myDSN       string
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	var f runFlags
	fs.StringVar(&f.backends, "backends", "sqlite,postgres,mariadb", "database-session backends to measure (comma-separated; empty for none)")
	fs.IntVar(&f.n, "n", 10000, "users and sessions to seed")
	fs.IntVar(&f.c, "c", 64, "load generator concurrency (keep-alive connections)")
	fs.DurationVar(&f.d, "d", 10*time.Second, "measured duration per configuration")
	fs.DurationVar(&f.warmup, "warmup", 2*time.Second, "unmeasured warm-up per configuration")
	fs.IntVar(&f.conns, "conns", 16, "database connections per server process")
	fs.BoolVar(&f.authjs, "authjs", true, "also measure Auth.js (needs node and npm; database mode needs postgres)")
	fs.StringVar(&f.authjsDir, "authjs-dir", "bench/authjs", "the Auth.js server directory")
	fs.BoolVar(&f.jwt, "jwt", true, "also measure JWT sessions")
	fs.IntVar(&f.jwtUsers, "jwt-users", 10000, "distinct JWT cookies cycled through (above the verified-token cache's 8 192, most reads decrypt)")
	fs.BoolVar(&f.cache, "cache", false, "also measure gatehouse behind adapters/sessioncache")
	fs.StringVar(&f.cacheInv, "cache-invalidator", "postgres", "invalidation of the -cache runs: postgres (LISTEN/NOTIFY, PostgreSQL backend only), redis, or none")
	fs.IntVar(&f.instances, "instances", runtime.NumCPU(), "also measure this many gatehouse processes on one port (SO_REUSEPORT, GOMAXPROCS=1 each), against the Auth.js cluster (PostgreSQL and JWT; 0 or 1: not)")
	fs.StringVar(&f.space, "space", "gatehouse_bench", "PostgreSQL schema / MariaDB database for gatehouse's tables (dropped and recreated)")
	fs.StringVar(&f.sqliteDir, "sqlite-dir", os.TempDir(), "directory of the SQLite file")
	fs.BoolVar(&f.reuse, "reuse", false, "keep the data when it already holds exactly -n sessions (for the 1 000 000-user run)")
	fs.IntVar(&f.serverProcs, "server-procs", 0, "GOMAXPROCS of the Go server processes (0: Go's default, all cores)")
	fs.IntVar(&f.workers, "workers", runtime.NumCPU(), "node:cluster workers for the Auth.js cluster runs")
	fs.IntVar(&f.rounds, "rounds", 3, "rounds per backend, alternating floor and gatehouse; the row with the median req/s is kept")
	fs.StringVar(&f.profileDir, "cpuprofile-dir", "", "write a CPU profile of each Go server to this directory")
	fs.StringVar(&f.pgURL, "postgres", bench.DefaultPostgres, "PostgreSQL server URL")
	fs.StringVar(&f.myDSN, "mysql", bench.DefaultMySQL, "MariaDB server DSN")
	_ = fs.Parse(args)

	self, err := executable()
	if err != nil {
		return err
	}
	if f.profileDir != "" {
		if err := os.MkdirAll(f.profileDir, 0o755); err != nil {
			return fmt.Errorf("-cpuprofile-dir: %w", err)
		}
	}
	lc := bench.LoadConfig{Concurrency: f.c, Duration: f.d, Warmup: f.warmup}
	var rows []bench.Row
	report := func(r bench.Row) {
		rows = append(rows, r)
		fmt.Println(r.Format())
		if r.FirstError != "" {
			fmt.Printf("    first error: %s\n", r.FirstError)
		}
	}
	fmt.Printf("gatehouse-bench: n=%d concurrency=%d duration=%s warmup=%s conns=%d server GOMAXPROCS=%s, %d CPUs, load average %s\n",
		f.n, f.c, f.d, f.warmup, f.conns, procsName(f.serverProcs), runtime.NumCPU(), loadAverage())
	defer func() { fmt.Printf("\nload average at the end: %s\n", loadAverage()) }()
	fmt.Println(bench.Header)
	cookies := bench.Cookies(f.n)
	var paired []string
	find := func(name string) *bench.Row {
		for i := range rows {
			if rows[i].Name == name {
				return &rows[i]
			}
		}
		return nil
	}

	for _, name := range splitList(f.backends) {
		space, server := f.space, ""
		switch name {
		case "sqlite":
			space = filepath.Join(f.sqliteDir, f.space+".db")
		case "postgres":
			server = f.pgURL
		case "mariadb":
			server = f.myDSN
		}
		b, err := bench.NewBackend(name, space, server)
		if err != nil {
			return err
		}
		if err := ensureSeeded(ctx, b, f); err != nil {
			return err
		}
		// Rounds alternate floor and gatehouse so that both meet the same
		// background load on a shared machine, each going first in every
		// other round; the median round is kept.
		kinds := []variant{{kind: bench.KindFloor}, {kind: bench.KindGatehouse}}
		if name != "sqlite" {
			// The pool a URL-only configuration leaves (no tuning).
			kinds = append(kinds, variant{kind: bench.KindGatehouseURL})
		}
		if f.cache {
			v := variant{kind: bench.KindGatehouseCache}
			if inv := f.cacheInv; inv == "redis" || (inv == "postgres" && name == "postgres") {
				v.label, v.extra = bench.KindGatehouseCache+" +"+inv, []string{"-invalidator", inv}
			}
			kinds = append(kinds, v)
		}
		if f.instances > 1 && name == "postgres" {
			kinds = append(kinds, variant{kind: bench.KindGatehouse, label: fmt.Sprintf("%s x%d", bench.KindGatehouse, f.instances),
				extra: []string{"-instances", strconv.Itoa(f.instances)}})
		}
		for i := range kinds {
			kinds[i].row = name + " " + kinds[i].name()
			kinds[i].args = append([]string{"-kind", kinds[i].kind, "-backend", name, "-space", space, "-server", server, "-conns", strconv.Itoa(f.conns)}, kinds[i].extra...)
		}
		runs, err := measureRounds(ctx, self, name, kinds, f, lc, cookies)
		if err != nil {
			return err
		}
		for _, rs := range runs {
			report(median(rs))
		}
		// Each round pairs a floor run with a gatehouse run under about the
		// same background load; the median of those paired ratios is the
		// steadier figure on a shared machine.
		for k := 1; k < len(kinds); k++ {
			if l, ok := pairedRatio(name+" "+kinds[k].name()+" / floor, median of paired rounds", runs[0], runs[k]); ok {
				paired = append(paired, l)
			}
		}
	}

	if f.jwt {
		jc, err := bench.JWTCookies(f.jwtUsers)
		if err != nil {
			return err
		}
		vs := []variant{{kind: bench.KindCeiling}, {kind: bench.KindGatehouseJWT}}
		if f.instances > 1 {
			vs = append(vs, variant{kind: bench.KindGatehouseJWT, label: fmt.Sprintf("%s x%d", bench.KindGatehouseJWT, f.instances),
				extra: []string{"-instances", strconv.Itoa(f.instances)}})
		}
		for i := range vs {
			vs[i].row = jwtName(vs[i].name())
			if vs[i].kind == bench.KindCeiling {
				vs[i].row = "ceiling (fixed JSON)"
			}
			vs[i].args = append([]string{"-kind", vs[i].kind}, vs[i].extra...)
		}
		runs, err := measureRounds(ctx, self, "jwt", vs, f, lc, jc)
		if err != nil {
			return err
		}
		for _, rs := range runs {
			report(median(rs))
		}
		for k := 1; k < len(vs); k++ {
			if l, ok := pairedRatio(fmt.Sprintf("%s (%d users) / ceiling, median of paired rounds", jwtName(vs[k].name()), f.jwtUsers), runs[0], runs[k]); ok {
				paired = append(paired, l)
			}
		}
	}

	if f.authjs {
		a := bench.AuthJS{Dir: f.authjsDir, DatabaseURL: f.pgURL}
		if err := a.Install(ctx, os.Stderr); err != nil {
			return err
		}
		if strings.Contains(f.backends, "postgres") {
			b, err := bench.NewBackend("postgres", bench.AuthJSSchema, f.pgURL)
			if err != nil {
				return err
			}
			if err := ensureAuthJS(ctx, b, f); err != nil {
				return err
			}
			for _, w := range []int{0, f.workers} {
				r, err := measureAuthJS(ctx, a, "database", w, f.rounds, lc, cookies)
				if err != nil {
					return err
				}
				report(r)
			}
		}
		if f.jwt {
			jc, err := a.JWTCookies(ctx, f.jwtUsers)
			if err != nil {
				return err
			}
			for _, w := range []int{0, f.workers} {
				r, err := measureAuthJS(ctx, a, "jwt", w, f.rounds, lc, jc)
				if err != nil {
					return err
				}
				report(r)
			}
		}
	}

	fmt.Println()
	fmt.Println("ratios: req/s, and server CPU per request (theirs / ours: above 1 means gatehouse spends less)")
	ratio := func(label, a, b string) {
		ra, rb := find(a), find(b)
		if ra == nil || rb == nil || rb.RPS() == 0 || ra.Requests == 0 || rb.Requests == 0 {
			return
		}
		pa := ra.ServerCPU.Seconds() / float64(ra.Requests)
		pb := rb.ServerCPU.Seconds() / float64(rb.Requests)
		fmt.Printf("  %-50s %6.2fx   CPU/req %6.2fx\n", label, ra.RPS()/rb.RPS(), pb/max(pa, 1e-12))
	}
	for _, name := range splitList(f.backends) {
		ratio(name+" gatehouse / floor", name+" gatehouse", name+" floor")
	}
	for _, l := range paired {
		fmt.Println(l)
	}
	ratio("postgres gatehouse / Auth.js database (1 process)", "postgres gatehouse", "authjs database x1")
	ratio("postgres gatehouse / Auth.js database (cluster)", "postgres gatehouse", authjsName("database", f.workers))
	ratio("gatehouse JWT / Auth.js JWT (1 process)", "gatehouse jwt", "authjs jwt x1")
	ratio("gatehouse JWT / Auth.js JWT (cluster)", "gatehouse jwt", authjsName("jwt", f.workers))
	if f.instances > 1 {
		x := fmt.Sprintf(" x%d", f.instances)
		ratio("postgres gatehouse"+x+" / Auth.js database (cluster)", "postgres gatehouse"+x, authjsName("database", f.workers))
		ratio("gatehouse JWT"+x+" / Auth.js JWT (cluster)", "gatehouse jwt"+x, authjsName("jwt", f.workers))
		ratio("postgres gatehouse"+x+" / gatehouse (1 process)", "postgres gatehouse"+x, "postgres gatehouse")
		ratio("gatehouse JWT"+x+" / gatehouse JWT (1 process)", "gatehouse jwt"+x, "gatehouse jwt")
	}
	return nil
}

// variant is one server configuration of a backend's rounds: a server
// kind, the row label when it is not the kind, and extra serve flags; row
// and args are its row name and all its serve flags.
type variant struct {
	kind, label string
	extra       []string
	row         string
	args        []string
}

// measureRounds measures every variant f.rounds times, taking turns going
// first (who goes first must not matter), and returns each variant's rows
// in order: round i of every variant met about the same background load.
func measureRounds(ctx context.Context, self, prefix string, vs []variant, f runFlags, lc bench.LoadConfig, cookies []string) ([][]bench.Row, error) {
	runs := make([][]bench.Row, len(vs))
	for round := range max(f.rounds, 1) {
		for j := range vs {
			k := (j + round) % len(vs)
			v := vs[k]
			argv := append([]string{self, "serve"}, v.args...)
			if f.profileDir != "" && !v.group() {
				argv = append(argv, "-cpuprofile", filepath.Join(f.profileDir, fmt.Sprintf("%s-%s-%d.pprof", prefix, v.kind, round)))
			}
			r, err := measureProcess(ctx, v.row, argv, v.env(f.serverProcs), "", lc, cookies)
			if err != nil {
				return nil, err
			}
			fmt.Printf("  round %d: %s\n", round+1, r.Format())
			runs[k] = append(runs[k], r)
		}
	}
	return runs, nil
}

func (v variant) name() string { return cmp.Or(v.label, v.kind) }

// group reports whether the variant runs several processes (-instances).
func (v variant) group() bool { return slices.Contains(v.extra, "-instances") }

// env is the environment of the variant's server: its GOMAXPROCS, unless
// it runs instances that set their own.
func (v variant) env(procs int) []string {
	if v.group() {
		return nil
	}
	return goEnv(procs)
}

// jwtName is the row name of a JWT variant: "gatehouse jwt" and
// "gatehouse jwt x2".
func jwtName(kind string) string {
	return "gatehouse jwt" + strings.TrimPrefix(kind, bench.KindGatehouseJWT)
}

// loadAverage is the 1, 5 and 15 minute load averages (Linux).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fs := strings.Fields(string(b))
	if len(fs) < 3 {
		return "unknown"
	}
	return strings.Join(fs[:3], " ")
}

// pairedRatio formats the median, over rounds, of other's req/s and CPU
// per request against base's in the same round: each round pairs the two
// under about the same background load, the steadier figure on a shared
// machine.
func pairedRatio(label string, base, other []bench.Row) (string, bool) {
	var pr, pc []float64
	for i := range min(len(base), len(other)) {
		b, o := base[i], other[i]
		if b.RPS() > 0 && o.Requests > 0 && b.Requests > 0 {
			pr = append(pr, o.RPS()/b.RPS())
			pc = append(pc, (b.ServerCPU.Seconds()/float64(b.Requests))/max(o.ServerCPU.Seconds()/float64(o.Requests), 1e-12))
		}
	}
	if len(pr) == 0 {
		return "", false
	}
	slices.Sort(pr)
	slices.Sort(pc)
	return fmt.Sprintf("  %-50s %6.2fx   CPU/req %6.2fx", label, pr[len(pr)/2], pc[len(pc)/2]), true
}

// median returns the row with the median requests/s.
func median(rs []bench.Row) bench.Row {
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b bench.Row) int { return cmp.Compare(a.RPS(), b.RPS()) })
	return s[len(s)/2]
}

func authjsName(strategy string, workers int) string {
	if workers == 0 {
		return "authjs " + strategy + " x1"
	}
	return fmt.Sprintf("authjs %s cluster x%d", strategy, workers)
}

// measureAuthJS measures Auth.js rounds times and returns the median row.
func measureAuthJS(ctx context.Context, a bench.AuthJS, strategy string, workers, rounds int, lc bench.LoadConfig, cookies []string) (bench.Row, error) {
	var rs []bench.Row
	for round := range max(rounds, 1) {
		p, err := a.Start(ctx, strategy, workers)
		if err != nil {
			return bench.Row{}, err
		}
		lc.URL, lc.Cookies = p.URL+"/api/auth/session", cookies
		r, err := bench.Measure(ctx, authjsName(strategy, workers), p, lc)
		p.Stop()
		if err != nil {
			return bench.Row{}, err
		}
		fmt.Printf("  round %d: %s\n", round+1, r.Format())
		rs = append(rs, r)
	}
	return median(rs), nil
}

func measureProcess(ctx context.Context, name string, argv, env []string, dir string, lc bench.LoadConfig, cookies []string) (bench.Row, error) {
	p, err := bench.StartProcess(ctx, argv, env, dir, time.Minute)
	if err != nil {
		return bench.Row{}, err
	}
	defer p.Stop()
	lc.URL, lc.Cookies = p.URL+"/api/auth/session", cookies
	return bench.Measure(ctx, name, p, lc)
}

func ensureSeeded(ctx context.Context, b *bench.Backend, f runFlags) error {
	if f.reuse {
		db, err := b.Open(1)
		if err != nil {
			return err
		}
		n, err := bench.SeededSessions(ctx, b, db)
		db.Close()
		if err == nil && n == f.n {
			fmt.Fprintf(os.Stderr, "%s: reusing %d seeded sessions\n", b.Name, n)
			return nil
		}
	}
	t0 := time.Now()
	if err := bench.ResetAndSeed(ctx, b, f.n, os.Stderr); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: seeded %d users and sessions in %s\n", b.Name, f.n, time.Since(t0).Round(time.Millisecond))
	return nil
}

func ensureAuthJS(ctx context.Context, b *bench.Backend, f runFlags) error {
	if err := b.Reset(ctx); err != nil {
		return err
	}
	db, err := b.Open(4)
	if err != nil {
		return err
	}
	defer db.Close()
	t0 := time.Now()
	if err := bench.SeedAuthJS(ctx, b, db, f.n, os.Stderr); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "authjs: seeded %d users and sessions in %s\n", f.n, time.Since(t0).Round(time.Millisecond))
	return nil
}

func goEnv(procs int) []string {
	if procs > 0 {
		return []string{"GOMAXPROCS=" + strconv.Itoa(procs)}
	}
	return nil
}

func procsName(p int) string {
	if p == 0 {
		return "default"
	}
	return strconv.Itoa(p)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// executable is this program, which runs the Go servers as "serve".
func executable() (string, error) { return os.Executable() }
