package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// InvalidationConfig configures InvalidationDelays.
type InvalidationConfig struct {
	// SignOut is the origin of the server the sessions are signed out on,
	// such as "http://127.0.0.1:8080". Required.
	SignOut string
	// Read is the origin of the other server, whose session cache must
	// stop accepting them. Required.
	Read string
	// Cookies are the session cookie values to sign out, one per sample;
	// each must be a live session. Required.
	Cookies []string
	// Poll is the pause between reads on Read while it still accepts a
	// signed-out session. Default 200 µs.
	Poll time.Duration
	// Limit fails the measurement when Read still accepts a session this
	// long after its sign-out. Default 30 s.
	Limit time.Duration
}

// InvalidationDelays measures, for every cookie, how long the Read server
// keeps accepting a session after the SignOut server has answered its
// sign-out: it reads the session on both (so that both caches hold it),
// signs it out through the REST API on SignOut (CSRF token, then POST
// /signout), then reads it on Read every Poll until the answer holds no
// session. The delays come back sorted. The figure includes one HTTP round
// trip of the read that sees the sign-out.
func InvalidationDelays(ctx context.Context, cfg InvalidationConfig) ([]time.Duration, error) {
	if cfg.SignOut == "" || cfg.Read == "" || len(cfg.Cookies) == 0 {
		return nil, errors.New("bench: InvalidationDelays needs SignOut, Read and Cookies")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 200 * time.Microsecond
	}
	if cfg.Limit <= 0 {
		cfg.Limit = 30 * time.Second
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport: tr,
		Timeout:   10 * time.Second,
		// The sign-out answers with a redirect to follow no further.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	delays := make([]time.Duration, 0, len(cfg.Cookies))
	for _, c := range cfg.Cookies {
		cookie := CookieName + "=" + c
		for _, origin := range []string{cfg.Read, cfg.SignOut} {
			has, err := hasSession(ctx, client, origin, cookie)
			if err != nil {
				return nil, err
			}
			if !has {
				return nil, fmt.Errorf("bench: %s does not know a seeded session before its sign-out: reseed", origin)
			}
		}
		if err := signOut(ctx, client, cfg.SignOut, cookie); err != nil {
			return nil, err
		}
		start := time.Now()
		for {
			has, err := hasSession(ctx, client, cfg.Read, cookie)
			if err != nil {
				return nil, err
			}
			if !has {
				break
			}
			if time.Since(start) > cfg.Limit {
				return nil, fmt.Errorf("bench: %s still accepts a session %s after its sign-out on %s", cfg.Read, cfg.Limit, cfg.SignOut)
			}
			time.Sleep(cfg.Poll)
		}
		delays = append(delays, time.Since(start))
	}
	slices.Sort(delays)
	return delays, nil
}

// hasSession reads GET /api/auth/session with cookie and reports whether
// the answer is a session.
func hasSession(ctx context.Context, client *http.Client, origin, cookie string) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/api/auth/session", nil)
	if err != nil {
		return false, err
	}
	req.Header.Set("Cookie", cookie)
	resp, err := client.Do(req)
	if err != nil {
		return false, fmt.Errorf("bench: session read: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return false, fmt.Errorf("bench: session read: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("bench: session read on %s: status %d, body %.200q", origin, resp.StatusCode, body)
	}
	return bytes.Contains(body, []byte(`"expires"`)), nil
}

// signOut signs the session cookie out on origin as a browser's sign-out
// form does, and checks that the answer clears the session cookie.
func signOut(ctx context.Context, client *http.Client, origin, cookie string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/api/auth/csrf", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Cookie", cookie)
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("bench: csrf: %w", err)
	}
	var csrf struct {
		CSRFToken string `json:"csrfToken"`
	}
	err = json.NewDecoder(resp.Body).Decode(&csrf)
	resp.Body.Close()
	if err != nil || csrf.CSRFToken == "" {
		return fmt.Errorf("bench: csrf on %s: status %d: no token (%v)", origin, resp.StatusCode, err)
	}
	cookies := []string{cookie}
	for _, c := range resp.Cookies() {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	form := url.Values{"csrfToken": {csrf.CSRFToken}, "callbackUrl": {origin}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, origin+"/api/auth/signout", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", strings.Join(cookies, "; "))
	resp, err = client.Do(req)
	if err != nil {
		return fmt.Errorf("bench: sign-out: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == CookieName && (c.MaxAge < 0 || c.Value == "") {
			return nil
		}
	}
	return fmt.Errorf("bench: sign-out on %s: status %d did not clear the session cookie", origin, resp.StatusCode)
}
