// Package email is gatehouse's email magic-link provider, the Go
// counterpart of Auth.js's Email/Nodemailer provider.
//
// A user types an address; the gatehouse handler normalises it with
// NormalizeIdentifier, creates a one-time token (32 random bytes, stored as
// sha256hex(token+secret) as Auth.js stores it), and calls
// SendVerificationRequest with the link. This package delivers the link:
//
//   - by SMTP (github.com/wneessen/go-mail), configured by a server URL such
//     as smtp://user:password@smtp.example.com:587 or smtps://… and a From
//     address; the message has a text and an HTML part with the link, the
//     site name and the expiry time (RenderMessage);
//   - by a function of your own (Options.SendVerificationRequest), for an
//     HTTP mail API;
//   - or, in development, not at all: DevMode logs the link with log/slog
//     and keeps the latest ones for Provider.DevLinks.
//
// The token, the confirm page, consuming the token and rate limiting are the
// handler's work, not this package's.
//
// Address normalisation (NormalizeAddress) gives what Auth.js stores (NFKC,
// JavaScript's lowercase and trim) for every address both accept, with
// stricter checks: a comma, for one, is rejected instead of silently
// cutting the domain at it.
package email
