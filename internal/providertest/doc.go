// Package providertest checks a built-in provider package against its
// service's documented answers, replayed from the package's testdata
// directory by an oidctest.Fake.
//
// Fixtures, all JSON, in the calling package's testdata/:
//   - discovery.json: the OIDC discovery document (OIDC services only); its
//     jwks_uri is answered with the fake's key.
//   - token.json: the token endpoint's answer. For OIDC an "id_token" is
//     added, signed by the fake, with the claims of id_token.json plus iss,
//     aud, iat, exp and nonce.
//   - userinfo.json: the profile endpoint's answer, when the service has one.
//   - any further files named in Case.Routes.
package providertest
