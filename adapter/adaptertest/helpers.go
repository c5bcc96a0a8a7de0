package adaptertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// env is what one subtest works with.
type env struct {
	*testing.T
	a   adapter.Adapter
	ctx context.Context
	cfg *config
}

// zone is the non-UTC zone fixtures use, so adapters must convert to UTC.
var zone = time.FixedZone("UTC+05:30", 5*3600+30*60)

// rnd returns 32 random hex characters (128 bits), enough to keep the data of
// concurrent and repeated runs apart.
func rnd() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// randCounter returns a random signature counter below 100, as Auth.js's
// fixture does.
func randCounter() int64 {
	b := make([]byte, 1)
	_, _ = rand.Read(b)
	return int64(b[0] % 100)
}

func newEmail() string { return "u-" + rnd() + "@example.com" }

// at returns now+d in the fixture zone, with a sub-millisecond part so that
// precision loss below the millisecond is tolerated but above is not.
func at(d time.Duration) time.Time {
	return time.Now().Add(d).In(zone)
}

func ptr[T any](v T) *T { return &v }

// newUser returns an unsaved user like Auth.js's fixture, with a random email
// and every declared extra field set to its sample value.
func (e *env) newUser() *adapter.User {
	u := &adapter.User{
		Name:          "Fill Murray",
		Email:         newEmail(),
		EmailVerified: ptr(at(0)),
		Image:         "https://www.fillmurray.com/460/300",
	}
	if len(e.cfg.userExtra) > 0 {
		u.Extra = map[string]any{}
		for _, f := range e.cfg.userExtra {
			u.Extra[f.name] = f.sample
		}
	}
	return u
}

// createUser stores a fixture user (changed by mods) and returns it as stored.
func (e *env) createUser(mods ...func(*adapter.User)) *adapter.User {
	e.Helper()
	u := e.newUser()
	for _, m := range mods {
		m(u)
	}
	got, err := e.a.CreateUser(e.ctx, u)
	if err != nil {
		e.Fatalf("CreateUser of a new user with a fresh email failed: %v", err)
	}
	if got == nil || got.ID == "" {
		e.Fatalf("CreateUser must return the stored user with its ID, got %+v", got)
	}
	return got
}

// newAccount returns an unsaved OAuth account like Auth.js's fixture.
func (e *env) newAccount(userID string) *adapter.Account {
	a := &adapter.Account{
		UserID:            userID,
		Type:              "oauth",
		Provider:          "github",
		ProviderAccountID: rnd(),
		RefreshToken:      rnd(),
		AccessToken:       rnd(),
		ExpiresAt:         time.Now().Unix() + 30*24*3600,
		TokenType:         "bearer",
		Scope:             "user",
		IDToken:           rnd(),
		SessionState:      rnd(),
	}
	if e.cfg.accountExtra != nil {
		a.Extra = cloneAny(e.cfg.accountExtra)
	} else {
		a.Extra = map[string]any{"refresh_expires_in": 1800}
	}
	return a
}

func cloneAny(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// linkAccount links a fixture account (changed by mods) to userID.
func (e *env) linkAccount(userID string, mods ...func(*adapter.Account)) *adapter.Account {
	e.Helper()
	a := e.newAccount(userID)
	for _, m := range mods {
		m(a)
	}
	if err := e.a.LinkAccount(e.ctx, a.Clone()); err != nil {
		e.Fatalf("LinkAccount of a new provider account failed: %v", err)
	}
	return a
}

// goneUserID returns the ID of a user that existed and was deleted: an ID
// of the store's own form (integer keys included) that no user has.
func (e *env) goneUserID() string {
	e.Helper()
	u := e.createUser()
	if err := e.a.DeleteUser(e.ctx, u.ID); err != nil {
		e.Fatalf("DeleteUser of a new user failed: %v", err)
	}
	return u.ID
}

// createSession stores a session for userID expiring after d.
func (e *env) createSession(userID string, d time.Duration) *adapter.Session {
	e.Helper()
	s := &adapter.Session{SessionToken: rnd(), UserID: userID, Expires: at(d)}
	c := *s
	if err := e.a.CreateSession(e.ctx, &c); err != nil {
		e.Fatalf("CreateSession of a new token failed: %v", err)
	}
	return s
}

// createToken stores a verification token expiring after d.
func (e *env) createToken(d time.Duration) *adapter.VerificationToken {
	e.Helper()
	vt := &adapter.VerificationToken{Identifier: newEmail(), Token: rnd() + rnd(), Expires: at(d)}
	c := *vt
	if err := e.a.CreateVerificationToken(e.ctx, &c); err != nil {
		e.Fatalf("CreateVerificationToken of a new token failed: %v", err)
	}
	return vt
}

// authStore returns the adapter's AuthenticatorStore, or skips the subtest
// with a message when it has none.
func (e *env) authStore() adapter.AuthenticatorStore {
	e.Helper()
	return capability[adapter.AuthenticatorStore](e, Authenticators)
}

// createAuthenticator links a webauthn account for userID and stores an
// authenticator for it. It skips the subtest, with a message, when the
// adapter returns adapter.ErrUnsupported.
func (e *env) createAuthenticator(userID, transports string) *adapter.Authenticator {
	e.Helper()
	s := e.authStore()
	cred := rnd()
	e.linkAccount(userID, func(a *adapter.Account) {
		*a = adapter.Account{UserID: userID, Type: "webauthn", Provider: "webauthn", ProviderAccountID: cred}
	})
	au := &adapter.Authenticator{
		CredentialID:         cred,
		UserID:               userID,
		ProviderAccountID:    cred,
		CredentialPublicKey:  rnd(),
		Counter:              randCounter(),
		CredentialDeviceType: "platform",
		CredentialBackedUp:   true,
		Transports:           transports,
	}
	c := *au
	err := s.CreateAuthenticator(e.ctx, &c)
	if errors.Is(err, adapter.ErrUnsupported) {
		e.lacks(Authenticators, fmt.Sprintf("CreateAuthenticator returned adapter.ErrUnsupported (%v): this adapter's configuration has no passkey storage", err))
	}
	if err != nil {
		e.Fatalf("CreateAuthenticator of a new credential failed: %v", err)
	}
	return au
}

// isNotFound fails unless err wraps adapter.ErrNotFound.
func (e *env) isNotFound(rule string, err error) {
	e.Helper()
	if !errors.Is(err, adapter.ErrNotFound) {
		e.Errorf("%s: want an error wrapping adapter.ErrNotFound, got %v", rule, err)
	}
}

// expiredGone reports whether err is adapter.ErrNotFound for a row past its
// Expires that a WithSelfExpiry store may have deleted by itself; it logs
// that. Any other outcome is for the caller to check.
func (e *env) expiredGone(what string, err error) bool {
	e.Helper()
	if e.cfg.selfExpiry && errors.Is(err, adapter.ErrNotFound) {
		e.Logf("%s: adapter.ErrNotFound, accepted for an expired row under WithSelfExpiry", what)
		return true
	}
	return false
}

// isConflict fails unless err wraps adapter.ErrConflict.
func (e *env) isConflict(rule string, err error) {
	e.Helper()
	if !errors.Is(err, adapter.ErrConflict) {
		e.Errorf("%s: want an error wrapping adapter.ErrConflict, got %v", rule, err)
	}
}

// ok fails the subtest now if err is not nil.
func (e *env) ok(rule string, err error) {
	e.Helper()
	if err != nil {
		e.Fatalf("%s: unexpected error: %v", rule, err)
	}
}

// show shortens long strings in failure messages.
func show(s string) string {
	if len(s) <= 80 {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q...(%d bytes)", s[:60], len(s))
}

// sameTime reports whether got is in UTC and within a millisecond of want.
func sameTime(got, want time.Time) bool {
	d := got.Sub(want)
	if d < 0 {
		d = -d
	}
	return got.Location() == time.UTC && d < time.Millisecond
}

func timeDiff(field string, got, want time.Time) string {
	if sameTime(got, want) {
		return ""
	}
	return fmt.Sprintf("%s: got %s, want %s (in UTC, to the millisecond)", field,
		got.Format(time.RFC3339Nano+" MST"), want.UTC().Format(time.RFC3339Nano))
}

// sameValue compares two Extra values: equal if deeply equal or equal in
// their %v forms (a driver may return int64 for int or float64 for a JSON
// number).
func sameValue(got, want any) bool {
	return reflect.DeepEqual(got, want) || fmt.Sprint(got) == fmt.Sprint(want)
}

type diffs struct {
	e    *env
	rule string
	list []string
}

func (d *diffs) str(field, got, want string) {
	if got != want {
		d.list = append(d.list, fmt.Sprintf("%s: got %s, want %s", field, show(got), show(want)))
	}
}

func (d *diffs) add(msg string) {
	if msg != "" {
		d.list = append(d.list, msg)
	}
}

func (d *diffs) report() {
	d.e.Helper()
	for _, m := range d.list {
		d.e.Errorf("%s: %s", d.rule, m)
	}
}

// checkUser compares got with want field by field; want.ID is compared when
// set, Extra only for declared extra fields present in want.Extra.
func (e *env) checkUser(rule string, got, want *adapter.User) {
	e.Helper()
	if got == nil {
		e.Errorf("%s: got a nil user", rule)
		return
	}
	d := &diffs{e: e, rule: rule}
	if want.ID != "" {
		d.str("ID", got.ID, want.ID)
	}
	d.str("Name", got.Name, want.Name)
	d.str("Email", got.Email, want.Email)
	d.str("Image", got.Image, want.Image)
	switch {
	case want.EmailVerified == nil && got.EmailVerified != nil:
		d.add(fmt.Sprintf("EmailVerified: got %v, want nil", *got.EmailVerified))
	case want.EmailVerified != nil && got.EmailVerified == nil:
		d.add("EmailVerified: got nil, want a time")
	case want.EmailVerified != nil:
		d.add(timeDiff("EmailVerified", *got.EmailVerified, *want.EmailVerified))
	}
	for _, f := range e.cfg.userExtra {
		w, ok := want.Extra[f.name]
		if !ok {
			continue
		}
		if g := got.Extra[f.name]; !sameValue(g, w) {
			d.add(fmt.Sprintf("Extra[%q]: got %#v, want %#v", f.name, g, w))
		}
	}
	d.report()
}

// checkAccount compares every field; Extra only with WithAccountExtra.
func (e *env) checkAccount(rule string, got, want *adapter.Account) {
	e.Helper()
	if got == nil {
		e.Errorf("%s: got a nil account", rule)
		return
	}
	d := &diffs{e: e, rule: rule}
	d.str("UserID", got.UserID, want.UserID)
	d.str("Type", got.Type, want.Type)
	d.str("Provider", got.Provider, want.Provider)
	d.str("ProviderAccountID", got.ProviderAccountID, want.ProviderAccountID)
	d.str("RefreshToken", got.RefreshToken, want.RefreshToken)
	d.str("AccessToken", got.AccessToken, want.AccessToken)
	if got.ExpiresAt != want.ExpiresAt {
		d.add(fmt.Sprintf("ExpiresAt: got %d, want %d", got.ExpiresAt, want.ExpiresAt))
	}
	d.str("TokenType", got.TokenType, want.TokenType)
	d.str("Scope", got.Scope, want.Scope)
	d.str("IDToken", got.IDToken, want.IDToken)
	d.str("SessionState", got.SessionState, want.SessionState)
	if e.cfg.accountExtra != nil {
		for k, w := range want.Extra {
			if g, ok := got.Extra[k]; !ok || !sameValue(g, w) {
				d.add(fmt.Sprintf("Extra[%q]: got %#v, want %#v (WithAccountExtra says Extra round-trips)", k, g, w))
			}
		}
	}
	d.report()
}

func (e *env) checkSession(rule string, got, want *adapter.Session) {
	e.Helper()
	if got == nil {
		e.Errorf("%s: got a nil session", rule)
		return
	}
	d := &diffs{e: e, rule: rule}
	d.str("SessionToken", got.SessionToken, want.SessionToken)
	d.str("UserID", got.UserID, want.UserID)
	d.add(timeDiff("Expires", got.Expires, want.Expires))
	d.report()
}

func (e *env) checkToken(rule string, got, want *adapter.VerificationToken) {
	e.Helper()
	if got == nil {
		e.Errorf("%s: got a nil verification token", rule)
		return
	}
	d := &diffs{e: e, rule: rule}
	d.str("Identifier", got.Identifier, want.Identifier)
	d.str("Token", got.Token, want.Token)
	d.add(timeDiff("Expires", got.Expires, want.Expires))
	d.report()
}

func (e *env) checkAuthenticator(rule string, got, want *adapter.Authenticator) {
	e.Helper()
	if got == nil {
		e.Errorf("%s: got a nil authenticator", rule)
		return
	}
	if *got != *want {
		e.Errorf("%s: got %+v, want %+v", rule, *got, *want)
	}
}

// capability returns the adapter's capability T, found with adapter.As as
// gatehouse finds it, or skips the subtest (fails it, if WithCapabilities
// requires c) when the adapter lacks it.
func capability[T any](e *env, c Capability) T {
	e.Helper()
	x, ok := adapter.As[T](e.a)
	if !ok {
		e.lacks(c, "the adapter does not implement "+string(c))
	}
	return x
}

// lacks skips the subtest because the adapter lacks capability c, or fails
// it when WithCapabilities requires c.
func (e *env) lacks(c Capability, why string) {
	e.Helper()
	if e.cfg.required[c] {
		e.Fatalf("%s, which WithCapabilities requires", why)
	}
	e.Skip("skipped: " + why)
}
