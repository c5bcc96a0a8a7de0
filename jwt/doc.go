// Package jwt encodes and decodes session tokens exactly as Auth.js
// (@auth/core, next-auth v5) and NextAuth.js v4 write them, so a gatehouse
// app and a Next.js app can share JWT sessions, and a Go API server can read
// the session cookie of a Next.js app.
//
// # Format
//
// A token is a JWE in compact serialization with "alg" "dir". Version [V5]
// (the default) uses "enc" "A256CBC-HS512" with a 64-byte key from
// HKDF-SHA256(secret, salt = cookie name, info = "Auth.js Generated
// Encryption Key (<salt>)") and puts the key's RFC 7638 thumbprint (SHA-512)
// in "kid"; it also decodes "A256GCM" tokens keyed with the same derivation
// at 32 bytes. Version [V4] uses "A256GCM" with a 32-byte key from
// HKDF-SHA256(secret, salt = "", info = "NextAuth.js Generated Encryption
// Key"). The payload is a JSON object ([Claims]) with "name", "email",
// "picture", "sub" and whatever the application adds; Encode sets "iat",
// "exp" and a random "jti". Decode accepts 15 s of clock skew.
//
// Build a [Codec] once with [New]: keys are derived there, per secret, never
// per call. The first secret encrypts; every secret decrypts, so secrets
// rotate by prepending the new one. Errors are typed: [ErrMalformed],
// [ErrDecryption], [ErrDisallowedAlgorithm] (*[AlgorithmError]),
// [ErrExpired] and [ErrNotYetValid] (*[ClaimError]).
//
// # Cookies
//
// A value longer than [ChunkSizeV5] (3936) characters is stored in cookies
// "<name>.0", "<name>.1", …; [ChunkCookie] splits, [ReadChunked]
// reassembles, and [ReplaceChunked] and [ClearChunked] also delete stale
// chunks. The OAuth check cookies (state, PKCE verifier, nonce) use the same
// codec with Salt = the cookie name, payload {"value", "provider"} and a
// MaxAge of 15 minutes.
//
// # Reading a Next.js app's session from Go
//
// [Getter] is Auth.js's getToken for Go servers: it reads the session cookie
// (authjs.session-token / __Secure-authjs.session-token, or the next-auth.*
// names for V4; chunked or not), falls back to an "Authorization: Bearer"
// header, and decodes the token with the app's AUTH_SECRET:
//
//	getter, err := jwt.NewGetter(jwt.GetterOptions{Secrets: strings.Split(os.Getenv("AUTH_SECRET"), ",")})
//	...
//	claims, err := getter.GetToken(r)
//	if errors.Is(err, jwt.ErrNoToken) { /* not signed in */ }
//	userID := claims.Subject()
package jwt
