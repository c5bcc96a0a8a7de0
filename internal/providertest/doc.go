// Package providertest checks a built-in sign-in service against its
// documented answers, replayed from fixtures by an oidctest.Fake. The
// shared table of providers/services runs it for every service there; the
// services with a package of their own (apple, github, microsoftentraid)
// run it in their tests.
//
// Fixtures, all JSON, in the calling package's testdata/, or in
// testdata/<Case.Dir>/ (providers/services names it for the service):
//   - discovery.json: the OIDC discovery document (OIDC services only); its
//     jwks_uri is answered with the fake's key.
//   - token.json: the token endpoint's answer. For OIDC an "id_token" is
//     added, signed by the fake, with the claims of id_token.json plus iss,
//     aud, iat, exp and nonce.
//   - userinfo.json: the profile endpoint's answer, when the service has one.
//   - any further files named in Case.Routes.
package providertest
