package redisadapter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

var ctx = context.Background()

func TestNewRejectsBadOptions(t *testing.T) {
	rdb, _ := newClient(t)
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"brace in prefix", Options{Prefix: "app{1}:"}, "contains '{' or '}'"},
		{"negative retain", Options{Retain: -time.Second}, "Retain is negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(rdb, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New(%+v) = %v, want error containing %q", tc.opts, err, tc.want)
			}
		})
	}
	if _, err := New(nil, Options{}); err == nil {
		t.Fatal("New(nil) succeeded")
	}
}

func TestUserRoundTripAndOddStrings(t *testing.T) {
	a, _ := newTestAdapter(t, Options{})
	ev := time.Date(2024, 2, 29, 23, 59, 59, 123456789, time.FixedZone("x", 3600))
	odd := []string{"plain", "quote'\"`\\", "braces {u:1}} {", "colon:a:b", "emoji 🎉 ünï", "% _ *?[]", strings.Repeat("k", 10<<10)}
	for i, s := range odd {
		u, err := a.CreateUser(ctx, &adapter.User{
			ID: s, Name: s, Email: fmt.Sprintf("%d-%s@example.com", i, s), EmailVerified: &ev, Image: s,
			Extra: map[string]any{"role": s, "n": 2.5},
		})
		if err != nil {
			t.Fatalf("CreateUser(%.20q): %v", s, err)
		}
		if u.ID != s || u.Name != s || u.Image != s || u.Extra["role"] != s || u.Extra["n"] != 2.5 {
			t.Fatalf("CreateUser(%.20q) returned %+v", s, u)
		}
		if !u.EmailVerified.Equal(ev.Truncate(time.Millisecond)) || u.EmailVerified.Location() != time.UTC {
			t.Fatalf("EmailVerified = %v, want %v in UTC", u.EmailVerified, ev)
		}
		got, err := a.GetUserByEmail(ctx, u.Email)
		if err != nil || got.ID != s {
			t.Fatalf("GetUserByEmail: %v, %v", got, err)
		}
	}
	if _, err := a.GetUserByEmail(ctx, ""); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("GetUserByEmail(\"\") = %v, want ErrNotFound", err)
	}
}

func TestUpdateUserMovesEmailAndMergesExtra(t *testing.T) {
	a, _ := newTestAdapter(t, Options{})
	u1, err := a.CreateUser(ctx, &adapter.User{Email: "one@example.com", Name: "One", Extra: map[string]any{"role": "admin", "team": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	u2, err := a.CreateUser(ctx, &adapter.User{Email: "two@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	// Taking another user's email is a conflict and changes nothing.
	_, err = a.UpdateUser(ctx, &adapter.User{ID: u1.ID, Email: u2.Email, Name: "Changed"})
	if !errors.Is(err, adapter.ErrConflict) {
		t.Fatalf("UpdateUser to a taken email = %v, want ErrConflict", err)
	}
	if got, _ := a.GetUser(ctx, u1.ID); got.Name != "One" || got.Email != "one@example.com" {
		t.Fatalf("after failed update the user is %+v", got)
	}
	up, err := a.UpdateUser(ctx, &adapter.User{ID: u1.ID, Email: "new@example.com", Extra: map[string]any{"team": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if up.Name != "" || up.Email != "new@example.com" || up.Extra["role"] != "admin" || up.Extra["team"] != "b" {
		t.Fatalf("UpdateUser returned %+v", up)
	}
	if _, err := a.GetUserByEmail(ctx, "one@example.com"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("old email still finds a user: %v", err)
	}
	// The freed email can be used again.
	if _, err := a.CreateUser(ctx, &adapter.User{Email: "one@example.com"}); err != nil {
		t.Fatalf("reusing a freed email: %v", err)
	}
	if _, err := a.UpdateUser(ctx, &adapter.User{ID: "missing"}); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("UpdateUser(missing) = %v", err)
	}
}

// TestConcurrentWritersOneWinner races writers on each unique key: exactly
// one must win and the others get ErrConflict (or ErrNotFound for use).
func TestConcurrentWritersOneWinner(t *testing.T) {
	a, _ := newTestAdapter(t, Options{})
	exp := time.Now().Add(time.Hour)
	if err := a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "x@example.com", Token: "t", Expires: exp}); err != nil {
		t.Fatal(err)
	}
	owner, err := a.CreateUser(ctx, &adapter.User{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		op   func(i int) error
		lose error
	}{
		{"CreateUser same email", func(i int) error {
			_, err := a.CreateUser(ctx, &adapter.User{Email: "race@example.com"})
			return err
		}, adapter.ErrConflict},
		{"LinkAccount same account", func(i int) error {
			return a.LinkAccount(ctx, &adapter.Account{UserID: owner.ID, Type: "oauth", Provider: "gh", ProviderAccountID: "1"})
		}, adapter.ErrConflict},
		{"CreateSession same token", func(i int) error {
			return a.CreateSession(ctx, &adapter.Session{SessionToken: "s", UserID: owner.ID, Expires: exp})
		}, adapter.ErrConflict},
		{"UseVerificationToken", func(i int) error {
			_, err := a.UseVerificationToken(ctx, "x@example.com", "t")
			return err
		}, adapter.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const n = 20
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() { errs[i] = tc.op(i) })
			}
			wg.Wait()
			wins := 0
			for _, err := range errs {
				switch {
				case err == nil:
					wins++
				case !errors.Is(err, tc.lose):
					t.Fatalf("unexpected error: %v", err)
				}
			}
			if wins != 1 {
				t.Fatalf("%d winners, want 1", wins)
			}
		})
	}
}

func TestDeleteUserRemovesEverything(t *testing.T) {
	a, rdb := newTestAdapter(t, Options{})
	keep, _ := a.CreateUser(ctx, &adapter.User{Email: "keep@example.com"})
	u, err := a.CreateUser(ctx, &adapter.User{Email: "gone@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Now().Add(time.Hour)
	for _, uid := range []string{u.ID, keep.ID} {
		must(t, a.LinkAccount(ctx, &adapter.Account{UserID: uid, Type: "oauth", Provider: "gh", ProviderAccountID: uid, AccessToken: "at"}))
		must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: "s-" + uid, UserID: uid, Expires: exp}))
		must(t, a.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "c-" + uid, UserID: uid, ProviderAccountID: uid, CredentialPublicKey: "pk", CredentialDeviceType: "singleDevice"}))
	}
	before := len(keysUnder(t, rdb, a.prefix))
	must(t, a.DeleteUser(ctx, u.ID))
	checks := map[string]error{}
	_, checks["GetUser"] = a.GetUser(ctx, u.ID)
	_, checks["GetUserByEmail"] = a.GetUserByEmail(ctx, u.Email)
	_, checks["GetUserByAccount"] = a.GetUserByAccount(ctx, "gh", u.ID)
	_, checks["GetAccount"] = a.GetAccount(ctx, "gh", u.ID)
	_, _, checks["GetSessionAndUser"] = a.GetSessionAndUser(ctx, "s-"+u.ID)
	_, checks["GetAuthenticator"] = a.GetAuthenticator(ctx, "c-"+u.ID)
	checks["DeleteUser again"] = a.DeleteUser(ctx, u.ID)
	for name, err := range checks {
		if !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("%s after DeleteUser = %v, want ErrNotFound", name, err)
		}
	}
	// The user had 8 keys: user, email, account, account set, session,
	// session index, passkey, passkey set.
	if after := len(keysUnder(t, rdb, a.prefix)); before-after != 8 {
		t.Errorf("DeleteUser removed %d keys, want 8: left %v", before-after, keysUnder(t, rdb, a.prefix))
	}
	if _, _, err := a.GetSessionAndUser(ctx, "s-"+keep.ID); err != nil {
		t.Errorf("the other user's session: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestIdentityKeysShareOneSlot checks the layout doc: every key except
// sessions and verification tokens hashes to one Cluster slot.
func TestIdentityKeysShareOneSlot(t *testing.T) {
	a, rdb := newTestAdapter(t, Options{})
	exp := time.Now().Add(time.Hour)
	for i := range 5 {
		u, err := a.CreateUser(ctx, &adapter.User{Email: fmt.Sprintf("{%d}@x", i)})
		must(t, err)
		must(t, a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Provider: "p}", ProviderAccountID: fmt.Sprint(i)}))
		must(t, a.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: fmt.Sprint("{c", i), UserID: u.ID}))
		must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: fmt.Sprint("tok", i), UserID: u.ID, Expires: exp}))
		must(t, a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: u.Email, Token: "v", Expires: exp}))
	}
	if got := keySlot("123456789"); got != 0x31C3 { // the CRC16/XMODEM check value
		t.Fatalf("keySlot self-check = %d, want %d", got, 0x31C3)
	}
	want := keySlot(a.base)
	var identity, other int
	for _, k := range keysUnder(t, rdb, a.prefix) {
		switch {
		case strings.HasPrefix(k, a.base):
			identity++
			if s := keySlot(k); s != want {
				t.Errorf("identity key %q is on slot %d, want %d", k, s, want)
			}
		case strings.HasPrefix(k, a.prefix+"s:{"), strings.HasPrefix(k, a.prefix+"v:{"):
			other++
		default:
			t.Errorf("key %q matches no documented layout", k)
		}
	}
	// 5 × (user, email, account, set, passkey, set, session index) and the
	// two expiry indexes.
	if identity != 5*7+2 || other != 10 {
		t.Errorf("found %d identity and %d session/token keys, want 37 and 10", identity, other)
	}
}

func TestSessionKeyExpiresAtExpires(t *testing.T) {
	a, rdb := newTestAdapter(t, Options{})
	u, err := a.CreateUser(ctx, &adapter.User{})
	must(t, err)
	exp := time.Now().Add(300 * time.Millisecond)
	must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: "short", UserID: u.ID, Expires: exp}))
	must(t, a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "i", Token: "short", Expires: exp}))
	pttl := rdb.PExpireTime(ctx, a.sessionKey("short")).Val()
	if pttl != time.Duration(exp.UnixMilli())*time.Millisecond {
		t.Fatalf("PEXPIRETIME = %v, want %v", pttl, exp.UnixMilli())
	}
	s, _, err := a.GetSessionAndUser(ctx, "short")
	if err != nil || !s.Expires.Equal(exp.Truncate(time.Millisecond)) {
		t.Fatalf("before expiry: %v, %v", s, err)
	}
	time.Sleep(time.Until(exp) + 100*time.Millisecond)
	if n := rdb.Exists(ctx, a.sessionKey("short"), a.tokenKey("i", "short")).Val(); n != 0 {
		t.Fatalf("%d keys still exist after expiry", n)
	}
	if _, _, err := a.GetSessionAndUser(ctx, "short"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("after expiry: %v, want ErrNotFound", err)
	}
	// UpdateSession moves the TTL.
	must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: "moved", UserID: u.ID, Expires: time.Now().Add(200 * time.Millisecond)}))
	must(t, a.UpdateSession(ctx, &adapter.Session{SessionToken: "moved", Expires: time.Now().Add(time.Hour)}))
	time.Sleep(300 * time.Millisecond)
	if _, _, err := a.GetSessionAndUser(ctx, "moved"); err != nil {
		t.Fatalf("extended session vanished: %v", err)
	}
	if ss, err := a.ListSessions(ctx, u.ID); err != nil || len(ss) != 1 || ss[0].SessionToken != "moved" {
		t.Fatalf("ListSessions = %v, %v; want only the extended session", ss, err)
	}
}

func TestRetainKeepsExpiredSessions(t *testing.T) {
	a, _ := newTestAdapter(t, Options{Retain: time.Hour})
	u, _ := a.CreateUser(ctx, &adapter.User{})
	past := time.Now().Add(-time.Minute)
	must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: "old", UserID: u.ID, Expires: past}))
	must(t, a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "i", Token: "old", Expires: past}))
	if s, _, err := a.GetSessionAndUser(ctx, "old"); err != nil || !s.Expires.Equal(past.Truncate(time.Millisecond)) {
		t.Fatalf("expired session with Retain: %v, %v", s, err)
	}
	if vt, err := a.UseVerificationToken(ctx, "i", "old"); err != nil || !vt.Expires.Equal(past.Truncate(time.Millisecond)) {
		t.Fatalf("expired token with Retain: %v, %v", vt, err)
	}
}

// TestClusterPath runs GetSessionAndUser the way it runs on a Cluster (two
// commands, no cross-slot script) against the real server.
func TestClusterPath(t *testing.T) {
	a, _ := newTestAdapter(t, Options{})
	a.single = false
	u, _ := a.CreateUser(ctx, &adapter.User{Name: "N"})
	must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: "t", UserID: u.ID, Expires: time.Now().Add(time.Hour)}))
	s, got, err := a.GetSessionAndUser(ctx, "t")
	if err != nil || s.UserID != u.ID || got.Name != "N" {
		t.Fatalf("GetSessionAndUser = %v, %v, %v", s, got, err)
	}
	must(t, a.DeleteUser(ctx, u.ID))
	if _, _, err := a.GetSessionAndUser(ctx, "t"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("after DeleteUser: %v", err)
	}
}
