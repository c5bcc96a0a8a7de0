// Package oidctest runs OpenID Connect and OAuth 2.0 servers inside a test
// process, for the provider, flow and browser tests.
//
// OP is a real OpenID provider (github.com/oauth2-proxy/mockoidc) on a
// loopback port: discovery, authorization with PKCE and nonce, token,
// userinfo and JWKS endpoints, with RS256-signed ID tokens. OP serialises
// requests (mockoidc's session store is not safe for concurrent use),
// reports expires_in in seconds as RFC 6749 requires (mockoidc sends
// nanoseconds), and can tamper with its next token responses so tests can
// check that bad ID tokens are rejected.
//
// Fake is a scripted server for a service's documented answers: every
// request made through Fake.Client, whatever its host, reaches the fake,
// which answers by host and path from fixtures. Built-in provider tests use
// it to run a provider against its real endpoint URLs.
package oidctest
