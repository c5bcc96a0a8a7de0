// Package oidctest runs OpenID Connect and OAuth 2.0 servers inside a test
// process, for the provider, flow and browser tests.
//
// OP is a real OpenID provider on a loopback port, written for these tests
// on net/http and go-jose: discovery (OpenID Connect Discovery 1.0), a JWKS,
// an authorization endpoint that signs in a queued or default user at
// once, a token endpoint (authorization_code with PKCE as RFC 7636 says,
// refresh_token; client_secret_basic and client_secret_post), RS256-signed
// ID tokens with nonce and at_hash (OpenID Connect Core 1.0), and a
// UserInfo endpoint. Tests talk to it over HTTP as a relying party would.
// It serialises requests, has its own clock (FastForward), and can answer
// with queued errors or tamper with its next token responses so tests can
// check that bad ID tokens are rejected.
//
// Fake is a scripted server for a service's documented answers: every
// request made through Fake.Client, whatever its host, reaches the fake,
// which answers by host and path from fixtures. Built-in provider tests use
// it to run a provider against its real endpoint URLs.
package oidctest
