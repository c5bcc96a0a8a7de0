package email

import (
	"errors"
	"strings"
	"testing"
)

func TestParseServer(t *testing.T) {
	tests := []struct {
		in      string
		want    Server
		wantErr string
	}{
		{in: "smtp://mail.example.com", want: Server{Host: "mail.example.com", Port: 587, StartTLS: StartTLSRequired, Auth: AuthPlain}},
		{in: "smtp://localhost:1025", want: Server{Host: "localhost", Port: 1025, StartTLS: StartTLSOpportunistic, Auth: AuthPlain}},
		{in: "smtp://127.0.0.1:25", want: Server{Host: "127.0.0.1", Port: 25, StartTLS: StartTLSOpportunistic, Auth: AuthPlain}},
		{in: "smtp://[::1]:25", want: Server{Host: "::1", Port: 25, StartTLS: StartTLSOpportunistic, Auth: AuthPlain}},
		{in: "smtp://user:pa%40ss%3A@mail.example.com:2525", want: Server{Host: "mail.example.com", Port: 2525, StartTLS: StartTLSRequired, Username: "user", Password: "pa@ss:", Auth: AuthPlain}},
		{in: "smtps://apikey:secret@smtp.example.com", want: Server{Host: "smtp.example.com", Port: 465, ImplicitTLS: true, Username: "apikey", Password: "secret", Auth: AuthPlain}},
		{in: "smtp://mail.example.com?starttls=off&auth=LOGIN", want: Server{Host: "mail.example.com", Port: 587, StartTLS: StartTLSOff, Auth: AuthLogin}},
		{in: "smtp://localhost/?starttls=required", want: Server{Host: "localhost", Port: 587, StartTLS: StartTLSRequired, Auth: AuthPlain}},
		{in: "smtps://u@h?auth=cram-md5", want: Server{Host: "h", Port: 465, ImplicitTLS: true, Username: "u", Auth: AuthCRAMMD5}},
		{in: "", wantErr: "empty"},
		{in: "http://mail.example.com", wantErr: `unsupported scheme "http"`},
		{in: "mail.example.com:587", wantErr: "scheme"},
		{in: "smtp:mail.example.com", wantErr: "two slashes"},
		{in: "smtp://", wantErr: "missing host"},
		{in: "smtp://user:pw@:25", wantErr: "missing host"},
		{in: "smtp://mail.example.com:smtp", wantErr: "port"},
		{in: "smtp://mail.example.com:0", wantErr: `port "0"`},
		{in: "smtp://mail.example.com:70000", wantErr: `port "70000"`},
		{in: "smtp://mail.example.com:", wantErr: "empty port"},
		{in: "smtp://mail.example.com/inbox", wantErr: "unexpected path"},
		{in: "smtp://:pw@mail.example.com", wantErr: "without a user name"},
		{in: "smtps://h?starttls=required", wantErr: "does not apply to smtps"},
		{in: "smtp://h?starttls=maybe", wantErr: "use required, opportunistic or off"},
		{in: "smtp://h?auth=xoauth", wantErr: "use plain, login or cram-md5"},
		{in: "smtp://h?tls=1", wantErr: `unknown parameter "tls"`},
		{in: "smtp://h?starttls=%zz", wantErr: "query"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseServer(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("ParseServer(%q) = %+v, want an error containing %q", tt.in, got, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrInvalidServer) {
					t.Errorf("error %q: want ErrInvalidServer containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != tt.want {
				t.Errorf("ParseServer(%q) = %+v, want %+v", tt.in, *got, tt.want)
			}
		})
	}
}

func TestServerStringHidesPassword(t *testing.T) {
	s, err := ParseServer("smtps://user:hunter2@smtp.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.String(), "smtps://user@smtp.example.com:465"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// FuzzParseServer checks that ParseServer never panics and never puts the
// password into an error, whatever follows the credentials.
func FuzzParseServer(f *testing.F) {
	for _, s := range []string{"mail.example.com:587", "h:x", "[::1", "h/%zz", "h?starttls=off", ":", "h:99999?auth=bad"} {
		f.Add("smtp", s)
		f.Add("smtps", s)
	}
	const secret = "Zq9SecretPw"
	f.Fuzz(func(t *testing.T, scheme, rest string) {
		if strings.Contains(scheme+rest, secret) {
			t.Skip("the input itself repeats the password")
		}
		raw := scheme + "://user:" + secret + "@" + rest
		s, err := ParseServer(raw)
		if err != nil {
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("error reveals the password: %v", err)
			}
			if !errors.Is(err, ErrInvalidServer) {
				t.Fatalf("error %v does not match ErrInvalidServer", err)
			}
			return
		}
		if s.Host == "" || s.Port < 1 || s.Port > 65535 {
			t.Fatalf("%q accepted with host %q port %d", raw, s.Host, s.Port)
		}
		if strings.Contains(s.String(), secret) {
			t.Fatalf("String() reveals the password: %s", s)
		}
	})
}
