package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
)

// secretBytes is the size of a generated secret: 256 bits.
const secretBytes = 32

func runSecret(_ context.Context, args []string, stdout, _ io.Writer, _ env) error {
	fs := newFlagSet("secret", "", "Secret prints a new random secret (32 bytes from crypto/rand, base64) for\nAUTH_SECRET, like 'npx auth secret' or 'openssl rand -base64 32'.", stdout)
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, newSecret())
	return nil
}

// newSecret returns 256 random bits in standard base64 (44 characters).
func newSecret() string {
	return base64.StdEncoding.EncodeToString(randomBytes(secretBytes))
}

// randomBytes returns n bytes from crypto/rand, which never fails (Go 1.24+).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}
