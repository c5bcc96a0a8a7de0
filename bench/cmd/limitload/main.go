// Command limitload measures how many correct credentials sign-ins the
// rate limit refuses when many run at once: -n concurrent sign-ins of one
// user (password checks taking -delay each) against an in-process
// gatehouse handler with the default limits (5 per identifier, 50 per
// address). It prints the refused count. It uses only the public API, so
// the same program measures any version of gatehouse.
//
//	go run ./bench/cmd/limitload -n 32 -delay 20ms
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

func main() {
	n := flag.Int("n", 32, "concurrent correct sign-ins")
	rounds := flag.Int("rounds", 10, "rounds of -n sign-ins")
	delay := flag.Duration("delay", 20*time.Millisecond, "time each password check takes")
	flag.Parse()
	if err := run(*n, *rounds, *delay); err != nil {
		fmt.Fprintln(os.Stderr, "limitload:", err)
		os.Exit(1)
	}
}

func run(n, rounds int, delay time.Duration) error {
	p, err := credentials.New(credentials.Options{
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			time.Sleep(delay)
			if c["username"] == "alice" && c["password"] == "right" {
				return &adapter.User{ID: "alice", Name: "Alice"}, nil
			}
			return nil, nil
		},
	})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets:   []string{strings.Repeat("k", 32)},
		URL:       srv.URL + "/api/auth",
		Providers: []providers.Provider{p},
		Session:   gatehouse.SessionConfig{Strategy: gatehouse.StrategyJWT},
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return err
	}
	mux.Handle("/api/auth/", auth)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(srv.URL + "/api/auth/csrf")
	if err != nil {
		return err
	}
	var csrf struct{ CSRFToken string }
	err = json.NewDecoder(res.Body).Decode(&csrf)
	res.Body.Close()
	if err != nil {
		return err
	}
	var refused, total atomic.Int64
	began := time.Now()
	for range rounds {
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				res, err := client.PostForm(srv.URL+"/api/auth/callback/credentials", url.Values{
					"csrfToken": {csrf.CSRFToken}, "username": {"alice"}, "password": {"right"}, "callbackUrl": {"/"},
				})
				total.Add(1)
				if err != nil {
					refused.Add(1)
					return
				}
				res.Body.Close()
				if strings.Contains(res.Header.Get("Location"), "error=") {
					refused.Add(1)
				}
			})
		}
		wg.Wait()
	}
	fmt.Printf("concurrency %d, %d sign-ins (all with the right password, check %v): %d refused, in %v\n",
		n, total.Load(), delay, refused.Load(), time.Since(began).Round(time.Millisecond))
	return nil
}
