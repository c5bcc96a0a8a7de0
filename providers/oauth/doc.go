// Package oauth implements the OAuth 2.0 and OpenID Connect provider kinds on
// golang.org/x/oauth2 and github.com/coreos/go-oidc/v3.
//
// One type, Provider, serves both kinds. A Config with an Issuer is an OpenID
// Connect provider (Type "oidc"): its endpoints come from the issuer's
// discovery document, its ID tokens are verified (signature, issuer,
// audience, expiry, nonce) and its profile is read from the ID token claims,
// optionally merged with the userinfo endpoint. A Config without an Issuer is
// a plain OAuth 2.0 provider (Type "oauth") with explicit authorization,
// token and userinfo endpoints.
//
// Discovery is lazy: it runs on first use, with the context of that call
// (AuthCodeURL, Exchange or Refresh), and is retried on the next call if it
// failed. Call Provider.Discover at start-up to fail fast instead.
//
// PKCE (S256) is on by default for both kinds; Config.DisablePKCE turns it
// off for services that reject it. OIDC providers always send and verify a
// nonce. The gatehouse handler generates state, PKCE verifier and nonce,
// keeps them in cookies and passes them to AuthCodeURL and Exchange; this
// package only talks to the service.
//
// Errors from Exchange and Refresh are checkable with errors.Is against the
// package's sentinel errors (ErrCallback, ErrTokenEndpoint, ErrIDToken,
// ErrUserinfo, ErrProfile, ErrDiscovery); a provider's refusal in the
// callback (error=access_denied) is a *providers.AuthError, and a token
// endpoint failure is also a *TokenError. Error messages never contain the
// client secret, codes or tokens.
//
// A Service is a sign-in service as data: the part of a Config that every
// application shares, built into a provider with Service.New and Options
// (credentials from code or from AUTH_<ID>_* through Options.Getenv). The
// built-in services are the values of providers/services (services.GitHub,
// services.Google, services.Okta, ...); those with code of their own keep
// it in providers/apple, providers/github and providers/microsoftentraid.
package oauth
