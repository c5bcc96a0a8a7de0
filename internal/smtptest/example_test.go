package smtptest_test

import (
	"fmt"
	"net/smtp"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
)

func Example() {
	s, err := smtptest.NewServer(smtptest.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	msg := "Subject: Sign in\r\n\r\nOpen https://example.com/callback?token=abc\r\n"
	if err := smtp.SendMail(s.Addr(), nil, "app@example.com", []string{"ann@example.com"}, []byte(msg)); err != nil {
		fmt.Println(err)
		return
	}
	m := s.Messages()[0]
	p, err := m.Parse()
	if err != nil {
		fmt.Println(err)
		return
	}
	link, err := smtptest.FindLink(p.Text, "https://example.com/")
	fmt.Println(m.To, p.Subject, link, err)
	// Output: [ann@example.com] Sign in https://example.com/callback?token=abc <nil>
}
