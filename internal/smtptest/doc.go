// Package smtptest runs a real SMTP server inside a test process, for tests
// of code that sends mail (the email magic-link provider, the sign-in flow,
// browser tests).
//
// The server speaks SMTP (RFC 5321) on a loopback port, written for these
// tests on net/textproto and crypto/tls: EHLO and HELO, STARTTLS (RFC 3207)
// or implicit TLS (smtps), each with a self-signed certificate generated
// for the test, AUTH PLAIN (RFC 4954, RFC 4616) with a configured user name
// and password, MAIL, RCPT, DATA with the transparency dots removed, RSET,
// NOOP and QUIT, a message size bound (the SIZE extension of RFC 1870), and
// configurable refusals of recipients. Every accepted message is kept in
// memory; Message.Parse decodes it (multipart/alternative,
// quoted-printable, base64, encoded-word headers) and FindLink pulls a
// link out of a body.
//
// It is test plumbing: internal, and built only on the standard library.
package smtptest
