package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// LoadConfig configures Load.
type LoadConfig struct {
	// URL is the page requested, for example
	// "http://127.0.0.1:8080/api/auth/session". Its host must be a loopback
	// address or "localhost". Required.
	URL string
	// CookieName is the session cookie's name. Default CookieName.
	CookieName string
	// Cookies are the session cookie values; worker w sends Cookies[w],
	// Cookies[w+Concurrency], ... in turn, so every user is used. Required.
	Cookies []string
	// Concurrency is the number of workers, each with one request in
	// flight over its own keep-alive connection. Default 64.
	Concurrency int
	// Duration is how long requests are measured. Default 10 s.
	Duration time.Duration
	// Warmup is how long requests are sent before measuring starts (pools
	// fill, caches warm). Default 1 s.
	Warmup time.Duration
	// FreshClients makes every request arrive without the cookies the
	// server set before (other than the session cookie). By default each
	// worker keeps them, as a browser does: Auth.js sets its CSRF and
	// callback-URL cookies on a session read that lacks them, and a
	// returning browser would not make it do that on every read.
	FreshClients bool
	// Expect is a substring every good response body contains (status 200
	// is required too); any other response counts as an error. Default
	// `"expires"` (the session JSON, so a missing session is an error).
	Expect string
}

// Result is what Load measured.
type Result struct {
	// Requests is the number of good responses in the measured window.
	Requests int
	// Errors is the number of failed requests and bad responses in it.
	Errors int
	// FirstError describes the first error seen ("" when none).
	FirstError string
	// Duration is the measured window.
	Duration time.Duration
	// P50, P99 and Max are latencies of the good responses.
	P50, P99, Max time.Duration
}

// RPS is good responses per second.
func (r Result) RPS() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Duration.Seconds()
}

// String formats r on one line.
func (r Result) String() string {
	return fmt.Sprintf("%8.0f req/s  p50 %7s  p99 %7s  errors %d", r.RPS(), fmtDur(r.P50), fmtDur(r.P99), r.Errors)
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/1e6)
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/1e6)
	}
	return fmt.Sprintf("%dµs", d/time.Microsecond)
}

func (c *LoadConfig) defaults() error {
	if c.CookieName == "" {
		c.CookieName = CookieName
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 64
	}
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.Warmup < 0 {
		return errors.New("bench: negative Warmup")
	}
	if c.Warmup == 0 {
		c.Warmup = time.Second
	}
	if c.Expect == "" {
		c.Expect = `"expires"`
	}
	if len(c.Cookies) == 0 {
		return errors.New("bench: no cookies to send: seed some users first")
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return fmt.Errorf("bench: load URL: %w", err)
	}
	if h := u.Hostname(); h != "localhost" {
		if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("bench: load URL host %q is not loopback: the harness only loads 127.0.0.1", h)
		}
	}
	return nil
}

// Load sends GET requests to cfg.URL from cfg.Concurrency keep-alive
// workers for cfg.Warmup + cfg.Duration and returns what it measured in
// the last cfg.Duration. It stops early, with what it has, when ctx ends.
func Load(ctx context.Context, cfg LoadConfig) (Result, error) {
	if err := cfg.defaults(); err != nil {
		return Result{}, err
	}
	tr := &http.Transport{
		MaxIdleConns:        cfg.Concurrency,
		MaxIdleConnsPerHost: cfg.Concurrency,
		MaxConnsPerHost:     cfg.Concurrency,
		DisableCompression:  true,
		IdleConnTimeout:     time.Minute,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	start := time.Now()
	from := start.Add(cfg.Warmup)
	until := from.Add(cfg.Duration)
	ctx, cancel := context.WithDeadline(ctx, until)
	defer cancel()
	expect := []byte(cfg.Expect)

	type tally struct {
		lat   []time.Duration
		errs  int
		first string
	}
	tallies := make([]tally, cfg.Concurrency)
	var wg sync.WaitGroup
	for w := range cfg.Concurrency {
		wg.Go(func() {
			t := &tallies[w]
			var body bytes.Buffer
			jar := map[string]string{}
			extra := ""
			for k := w; ctx.Err() == nil; k += cfg.Concurrency {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.URL, nil)
				if err != nil {
					t.errs++
					t.first = err.Error()
					return
				}
				req.Header["Cookie"] = []string{cfg.CookieName + "=" + cfg.Cookies[k%len(cfg.Cookies)] + extra}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					body.Reset()
					_, err = body.ReadFrom(resp.Body)
					resp.Body.Close()
					if !cfg.FreshClients && keep(jar, resp, cfg.CookieName) {
						extra = ""
						for name, v := range jar {
							extra += "; " + name + "=" + v
						}
					}
					if err == nil && (resp.StatusCode != http.StatusOK || !bytes.Contains(body.Bytes(), expect)) {
						err = fmt.Errorf("status %d, body %.200q", resp.StatusCode, body.Bytes())
					}
				}
				t1 := time.Now()
				if t0.Before(from) || t1.After(until) {
					continue // warm-up, or cut off by the end
				}
				if err != nil {
					if ctx.Err() != nil {
						continue
					}
					if t.first == "" {
						t.first = err.Error()
					}
					t.errs++
					continue
				}
				t.lat = append(t.lat, t1.Sub(t0))
			}
		})
	}
	wg.Wait()
	var r Result
	r.Duration = cfg.Duration
	if el := time.Since(from); el < r.Duration {
		r.Duration = max(el, 0) // stopped early
	}
	var all []time.Duration
	for _, t := range tallies {
		all = append(all, t.lat...)
		r.Errors += t.errs
		if r.FirstError == "" {
			r.FirstError = t.first
		}
	}
	slices.Sort(all)
	r.Requests = len(all)
	if n := len(all); n > 0 {
		r.P50 = all[n/2]
		r.P99 = all[min(n-1, n*99/100)]
		r.Max = all[n-1]
	}
	return r, nil
}

// keep records in jar the cookies resp sets, except the session cookie, and
// reports whether jar changed.
func keep(jar map[string]string, resp *http.Response, session string) bool {
	changed := false
	for _, c := range resp.Cookies() {
		if c.Name == session || jar[c.Name] == c.Value {
			continue
		}
		if c.MaxAge < 0 || c.Value == "" {
			delete(jar, c.Name)
		} else {
			jar[c.Name] = c.Value
		}
		changed = true
	}
	return changed
}
