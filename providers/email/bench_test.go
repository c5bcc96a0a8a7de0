package email

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/providers"
)

func BenchmarkNormalizeAddress(b *testing.B) {
	for _, in := range []string{"  Ann.Lee+news@Example.COM ", "ＡＮＮ＠ＥＸＡＭＰＬＥ.ＣＯＭ"} {
		b.Run(in, func(b *testing.B) {
			for b.Loop() {
				if _, err := NormalizeAddress(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRenderMessage(b *testing.B) {
	r := providers.VerificationRequest{Identifier: "ann@example.com", URL: longLink, Expires: time.Now().Add(time.Hour)}
	for b.Loop() {
		if _, err := RenderMessage("Acme", r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSendSMTP measures one whole delivery (connect, EHLO, MAIL, RCPT,
// DATA, QUIT) to the in-process server over loopback, without TLS and with
// STARTTLS.
func BenchmarkSendSMTP(b *testing.B) {
	for _, tt := range []struct {
		name string
		mode smtptest.Mode
	}{{"plain", smtptest.Plain}, {"starttls", smtptest.StartTLS}} {
		b.Run(tt.name, func(b *testing.B) {
			srv := smtptest.Start(b, smtptest.Options{Mode: tt.mode})
			p, err := New(Options{Server: srv.URL(), From: "no-reply@acme.example", TLSConfig: srv.ClientTLSConfig()})
			if err != nil {
				b.Fatal(err)
			}
			r := providers.VerificationRequest{Identifier: "ann@example.com", URL: longLink, Expires: time.Now().Add(time.Hour)}
			for b.Loop() {
				if err := p.SendVerificationRequest(context.Background(), r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
