package passkey_test

import (
	"context"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/passkey"
	"github.com/gatehouse-go/gatehouse/providers/passkey/passkeytest"
)

var benchRP = providers.RelyingParty{ID: "localhost", Name: "localhost:3000", Origins: []string{"http://localhost:3000"}}

// BenchmarkRegistration is one registration ceremony in the provider:
// options, then verifying the attestation (the software authenticator's
// work is not timed).
func BenchmarkRegistration(b *testing.B) {
	p, _ := passkey.New(passkey.Config{})
	ctx := context.Background()
	a := passkeytest.New("http://localhost:3000")
	user := providers.WebAuthnUser{Email: "bench@example.com"}
	b.ReportAllocs()
	for b.Loop() {
		opts, state, err := p.BeginRegistration(ctx, benchRP, user, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		resp, err := a.Register(opts)
		b.StartTimer()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.FinishRegistration(ctx, benchRP, state, resp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthentication is one sign-in ceremony in the provider: options,
// then verifying the assertion against the stored credential.
func BenchmarkAuthentication(b *testing.B) {
	p, _ := passkey.New(passkey.Config{})
	ctx := context.Background()
	a := passkeytest.New("http://localhost:3000")
	opts, state, _ := p.BeginRegistration(ctx, benchRP, providers.WebAuthnUser{Email: "bench@example.com"}, nil)
	resp, err := a.Register(opts)
	if err != nil {
		b.Fatal(err)
	}
	stored, err := p.FinishRegistration(ctx, benchRP, state, resp)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		opts, state, err := p.BeginAuthentication(ctx, benchRP, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		resp, err := a.Authenticate(opts)
		b.StartTimer()
		if err != nil {
			b.Fatal(err)
		}
		counter, err := p.FinishAuthentication(ctx, benchRP, state, resp, stored)
		if err != nil {
			b.Fatal(err)
		}
		stored = &adapter.Authenticator{CredentialID: stored.CredentialID, CredentialPublicKey: stored.CredentialPublicKey, Counter: counter,
			CredentialDeviceType: stored.CredentialDeviceType, CredentialBackedUp: stored.CredentialBackedUp}
	}
}

// BenchmarkSignInHTTP is a whole passkey sign-in through the handler on a
// loopback server with the memory adapter and database sessions: GET
// options, POST the assertion (CSRF token fetch included), as the browser
// does. The authenticator's signing is timed too (about 30 µs).
func BenchmarkSignInHTTP(b *testing.B) {
	s := newSite(b)
	phone := passkeytest.New(s.origin)
	_, opts := s.options("action=register&email=bench@example.com")
	resp, err := phone.Register(opts)
	if err != nil {
		b.Fatal(err)
	}
	s.finish("register", resp)
	b.ReportAllocs()
	for b.Loop() {
		s.newBrowser()
		_, opts := s.options("action=authenticate")
		resp, err := phone.Authenticate(opts)
		if err != nil {
			b.Fatal(err)
		}
		s.finish("authenticate", resp)
	}
}
