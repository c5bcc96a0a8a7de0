// Package smtptest runs a real SMTP server inside a test process, for tests
// of code that sends mail (the email magic-link provider, the sign-in flow,
// browser tests).
//
// The server is github.com/emersion/go-smtp listening on a loopback port. It
// can speak plain SMTP, offer STARTTLS, or use implicit TLS (smtps), each with
// a self-signed certificate generated for the test, and it can require AUTH
// PLAIN with a user name and password. Every accepted message is kept in
// memory; Message.Parse decodes it (multipart/alternative, quoted-printable,
// base64, encoded-word headers) and FindLink pulls a link out of a body.
//
// It is test plumbing: internal, and built only on the standard library and
// go-smtp.
package smtptest
