// Package apple is the code of the "Sign in with Apple" service (OpenID
// Connect, id "apple"): Service, which providers/services lists as
// services.Apple, and New for a signing key given in code.
//
// Defaults: issuer https://appleid.apple.com; scopes "name email";
// response_mode=form_post (Apple POSTs the callback, which the handler reads
// into Callback.Params); client_secret_post; PKCE S256 and nonce. The
// profile comes from the ID token (sub, email, email_verified); Apple sends
// the user's name only on the first sign-in, as the "user" callback
// parameter, and it is used when present.
//
// Apple's client secret is a JWT signed ES256 with a key from the Apple
// developer account. Give TeamID, KeyID and PrivateKey (the .p8 file) and a
// fresh one is made for every token request; or give a JWT made beforehand
// as ClientSecret. Configuration not given in code is read through
// Options.Getenv: AUTH_APPLE_ID, AUTH_APPLE_SECRET, AUTH_APPLE_TEAM_ID,
// AUTH_APPLE_KEY_ID and AUTH_APPLE_PRIVATE_KEY (the PEM text).
package apple
