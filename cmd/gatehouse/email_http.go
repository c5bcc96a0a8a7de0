package main

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers/email"
)

// httpEmailHelp is the --help text on the HTTP mail APIs.
const httpEmailHelp = "AUTH_RESEND_KEY, AUTH_SENDGRID_KEY, AUTH_POSTMARK_KEY, AUTH_MAILGUN_KEY (and\n" +
	"AUTH_MAILGUN_REGION) or AUTH_LOOPS_KEY (and AUTH_LOOPS_TRANSACTIONAL_ID) send email\n" +
	"through that HTTP API instead of SMTP, from EMAIL_FROM."

// httpEmailChoice returns the email provider sending through the HTTP mail
// API whose key is set (AUTH_RESEND_KEY, AUTH_SENDGRID_KEY,
// AUTH_POSTMARK_KEY, AUTH_MAILGUN_KEY or AUTH_LOOPS_KEY, see
// email.SenderFromEnv), with the API's id and name as Auth.js gives them;
// ok is false when no key is set.
func httpEmailChoice(getenv env) (c emailChoice, ok bool, err error) {
	s, err := email.SenderFromEnv(getenv)
	if err != nil || s == nil {
		return emailChoice{}, err != nil, err
	}
	p, err := email.New(email.Options{ID: s.API, Name: s.Name(), SendVerificationRequest: s.Send})
	if err != nil {
		return emailChoice{}, true, fmt.Errorf("%s: %w", s.Name(), err)
	}
	from := s.From
	if from == "" {
		from = "the Loops template's sender"
	}
	return emailChoice{p: p, from: from, via: s.Name()}, true, nil
}

// sentBy names how the provider sends: SMTP or an HTTP mail API.
func (c emailChoice) sentBy() string {
	if c.via == "" {
		return "SMTP"
	}
	return c.via
}
