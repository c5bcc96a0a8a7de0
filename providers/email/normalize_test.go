package email

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var normalizeCases = []struct {
	name, in, want string
	wantErr        string // substring of the error; empty when valid
}{
	{name: "plain", in: "ann@example.com", want: "ann@example.com"},
	{name: "uppercase", in: "Ann.Lee@Example.COM", want: "ann.lee@example.com"},
	{name: "surrounding spaces", in: "  ann@example.com \t\n", want: "ann@example.com"},
	{name: "plus tag kept", in: "ann+news@example.com", want: "ann+news@example.com"},
	{name: "subdomain", in: "a@mail.example.co.uk", want: "a@mail.example.co.uk"},
	{name: "local host", in: "dev@localhost", want: "dev@localhost"},
	{name: "nfkc full width", in: "ＡＮＮ＠ＥＸＡＭＰＬＥ.ＣＯＭ", want: "ann@example.com"},
	{name: "nfkc ligature", in: "ﬁ@example.com", want: "fi@example.com"},
	{name: "nfkc composes", in: "jo\u0308rg@example.com", want: "jörg@example.com"},
	{name: "unicode uppercase", in: "JÖRG@BÜCHER.DE", want: "jörg@bücher.de"},
	{name: "nfkc after lower", in: "ℌ@example.com", want: "h@example.com"},
	{name: "nbsp trimmed", in: "\u00a0ann@example.com\u00a0", want: "ann@example.com"},
	{name: "empty", in: "", wantErr: "empty"},
	{name: "only spaces", in: "   ", wantErr: "empty"},
	{name: "no at", in: "ann.example.com", wantErr: "exactly one @"},
	{name: "two at", in: "ann@b@example.com", wantErr: "exactly one @"},
	{name: "full width second at", in: "ann@b＠example.com", wantErr: "exactly one @"},
	{name: "empty local", in: "@example.com", wantErr: "name before the @"},
	{name: "empty domain", in: "ann@", wantErr: "domain after the @"},
	{name: "inner space", in: "ann lee@example.com", wantErr: "spaces"},
	{name: "inner tab", in: "ann@exa\tmple.com", wantErr: "spaces"},
	{name: "quotes", in: `"ann"@example.com`, wantErr: "quotes"},
	{name: "comma second address", in: "ann@example.com,eve@evil.test", wantErr: "exactly one @"},
	{name: "comma in domain", in: "ann@example.com,evil", wantErr: "comma"},
	{name: "angle brackets", in: "Ann <ann@example.com>", wantErr: "spaces"},
	{name: "angle bracket", in: "ann@example.com>", wantErr: `'>'`},
	{name: "semicolon", in: "ann@example.com;x", wantErr: `';'`},
	{name: "header injection", in: "ann@example.com\r\nBcc: eve@evil.test", wantErr: "exactly one @"},
	{name: "control char", in: "ann\x00@example.com", wantErr: "control"},
	{name: "zero width space", in: "ann\u200b@example.com", wantErr: "invisible"},
	{name: "leading dot domain", in: "ann@.example.com", wantErr: "empty part"},
	{name: "double dot domain", in: "ann@example..com", wantErr: "empty part"},
	{name: "trailing dot domain", in: "ann@example.com.", wantErr: "empty part"},
	{name: "local too long", in: strings.Repeat("a", 65) + "@example.com", wantErr: "before the @ is too long"},
	{name: "local at limit", in: strings.Repeat("a", 64) + "@example.com", want: strings.Repeat("a", 64) + "@example.com"},
	{name: "address too long", in: "a@" + strings.Repeat("b", 250) + ".com", wantErr: "too long"},
	{name: "huge input", in: strings.Repeat("a", 5000) + "@example.com", wantErr: "too long"},
	{name: "invalid utf8", in: "ann\xff@example.com", wantErr: "UTF-8"},
}

func TestNormalizeAddress(t *testing.T) {
	for _, tt := range normalizeCases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeAddress(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("NormalizeAddress(%q) = %q, want an error containing %q", tt.in, got, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %q does not contain %q", err, tt.wantErr)
				}
				if !errors.Is(err, ErrInvalidAddress) {
					t.Errorf("error %v does not match ErrInvalidAddress", err)
				}
				if got != "" {
					t.Errorf("result %q returned with an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("NormalizeAddress(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("NormalizeAddress(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestProviderUsesCustomNormalize(t *testing.T) {
	onlyExample := func(address string) (string, error) {
		a, err := NormalizeAddress(address)
		if err != nil {
			return "", err
		}
		if !strings.HasSuffix(a, "@example.com") {
			return "", errors.New("only example.com addresses may sign in")
		}
		return a, nil
	}
	p, err := New(Options{DevMode: true, Normalize: onlyExample})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := p.NormalizeIdentifier(" Ann@Example.com "); err != nil || got != "ann@example.com" {
		t.Errorf("NormalizeIdentifier = %q, %v", got, err)
	}
	if _, err := p.NormalizeIdentifier("eve@evil.test"); err == nil || !strings.Contains(err.Error(), "only example.com") {
		t.Errorf("err = %v, want the custom rule's error", err)
	}
}

// FuzzNormalizeIdentifier checks that NormalizeAddress never panics, that
// whatever it accepts is a fixed point with exactly one '@', no space,
// control or header-special characters and within the length limits, and
// that every rejection matches ErrInvalidAddress.
func FuzzNormalizeIdentifier(f *testing.F) {
	for _, tt := range normalizeCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := NormalizeAddress(in)
		if err != nil {
			if !errors.Is(err, ErrInvalidAddress) {
				t.Fatalf("error %v does not match ErrInvalidAddress", err)
			}
			return
		}
		if again, err := NormalizeAddress(got); err != nil || again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", in, got, again, err)
		}
		if strings.Count(got, "@") != 1 || strings.HasPrefix(got, "@") || strings.HasSuffix(got, "@") {
			t.Fatalf("%q -> %q: bad '@'", in, got)
		}
		if len(got) > MaxAddressLength || !utf8.ValidString(got) {
			t.Fatalf("%q -> %q: too long or invalid UTF-8", in, got)
		}
		for _, r := range got {
			if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("\",;:<>()[]\\", r) {
				t.Fatalf("%q -> %q: contains %q", in, got, r)
			}
		}
		if strings.ToLower(got) != got {
			t.Fatalf("%q -> %q: not lowercase", in, got)
		}
	})
}
