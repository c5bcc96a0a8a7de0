package gatehouse

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/jsstring"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// TestAuthJSNormalizerCorpus normalises every address of
// testdata/email-corpus.jsonl (Turkish dotted and dotless i, Greek final
// sigma, German ß and ẞ, ligatures, full-width forms, combining marks,
// compatibility characters, Cyrillic, Armenian, Georgian, Cherokee,
// Deseret, CJK, mixed scripts, white space and malformed addresses; one
// JSON string per line) with the real @auth/core and with gatehouse. For
// every address gatehouse accepts, Auth.js must accept it too and store
// byte for byte the same identifier; gatehouse may refuse addresses Auth.js
// accepts (its checks are stricter), never store another form. An OAuth
// profile's email is lowercased as Auth.js does (JavaScript's
// toLowerCase) for every address.
func TestAuthJSNormalizerCorpus(t *testing.T) {
	node := needNodeClient(t)
	corpus, err := os.ReadFile("testdata/email-corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "normalize.mjs")
	cmd.Dir = clientDir
	cmd.Stdin = bytes.NewReader(corpus)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node normalize.mjs: %v\n%s", err, stderr.String())
	}

	in := bufio.NewScanner(bytes.NewReader(corpus))
	res := bufio.NewScanner(bytes.NewReader(out))
	var both, refused, authjsRefused, n int
	for in.Scan() {
		n++
		if !res.Scan() {
			t.Fatalf("node printed %d results for more addresses", n-1)
		}
		var address string
		if err := json.Unmarshal(in.Bytes(), &address); err != nil {
			t.Fatalf("corpus line %d: %v", n, err)
		}
		var want struct{ Authjs, Error, OAuth string }
		if err := json.Unmarshal(res.Bytes(), &want); err != nil {
			t.Fatalf("node line %d: %v", n, err)
		}
		if got := jsstring.ToLower(address); got != want.OAuth {
			t.Errorf("OAuth email %q: gatehouse %q (% x), Auth.js %q (% x)", address, got, got, want.OAuth, want.OAuth)
		}
		got, err := email.NormalizeAddress(address)
		switch {
		case err != nil && want.Error != "":
			authjsRefused++
		case err != nil:
			refused++
			t.Logf("refused by gatehouse only: %q (Auth.js stores %q): %v", address, want.Authjs, err)
		case want.Error != "":
			t.Errorf("%q: gatehouse stores %q, Auth.js refuses it (%s)", address, got, want.Error)
		case got != want.Authjs:
			t.Errorf("%q: gatehouse stores %q (% x), Auth.js %q (% x)", address, got, got, want.Authjs, want.Authjs)
		default:
			both++
		}
	}
	if res.Scan() {
		t.Errorf("node printed more results than addresses")
	}
	t.Logf("%d addresses: %d stored identically, %d refused by both, %d refused by gatehouse only", n, both, authjsRefused, refused)
	if both < 250 {
		t.Errorf("only %d addresses compared; the corpus should exercise the normaliser", both)
	}
}
