// Package credentials is the credentials provider: sign-in with a form whose
// values the application checks itself (a user name and password, a one-time
// code, a test login).
//
// Unlike Auth.js, gatehouse lets credentials sign-ins use database sessions:
// Authorize then returns a user stored in the adapter (its ID set). Failed
// attempts are rate-limited by gatehouse per identifier and per client
// address (gatehouse.Config.Credentials.RateLimit) and answered with the
// CredentialsSignin error.
package credentials
