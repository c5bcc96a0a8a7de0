package email_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// An SMTP provider is configured by a server URL and a sender.
func ExampleNew() {
	p, err := email.New(email.Options{
		Server:   "smtps://apikey:secret@smtp.example.com",
		From:     "Acme <no-reply@acme.example>",
		SiteName: "Acme",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.MaxAge())
	// Output: email email 24h0m0s
}

// SendVerificationRequest replaces SMTP, for example with an HTTP mail API;
// RenderMessage gives it the standard subject and bodies.
func ExampleOptions_sendVerificationRequest() {
	p, err := email.New(email.Options{
		SendVerificationRequest: func(ctx context.Context, r providers.VerificationRequest) error {
			m, err := email.RenderMessage("Acme", r)
			if err != nil {
				return err
			}
			// A real application posts m.Subject, m.Text and m.HTML to its
			// mail API here.
			fmt.Println("to:", r.Identifier)
			fmt.Println("subject:", m.Subject)
			return nil
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	addr, err := p.NormalizeIdentifier("  Ann@Example.COM ")
	if err != nil {
		fmt.Println(err)
		return
	}
	err = p.SendVerificationRequest(context.Background(), providers.VerificationRequest{
		Identifier: addr,
		URL:        "https://acme.example/api/auth/callback/email?token=abc&email=ann%40example.com",
		Expires:    time.Now().Add(p.MaxAge()),
	})
	fmt.Println(err)
	// Output:
	// to: ann@example.com
	// subject: Sign in to Acme
	// <nil>
}

func ExampleNormalizeAddress() {
	for _, in := range []string{"  Ann.Lee@EXAMPLE.com", "ＡＮＮ＠ＥＸＡＭＰＬＥ.ＣＯＭ", "ann@b@example.com", "ann@example.com,evil.test"} {
		fmt.Println(email.NormalizeAddress(in))
	}
	// Output:
	// ann.lee@example.com <nil>
	// ann@example.com <nil>
	//  email address must contain exactly one @ (found 2)
	//  email address must not contain a comma; enter a single address
}
