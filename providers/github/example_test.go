package github_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/github"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func ExampleNew() {
	env := map[string]string{"AUTH_GITHUB_ID": "Iv1.0123", "AUTH_GITHUB_SECRET": "..."}
	p, err := github.New(github.Options{Options: oauth.Options{Getenv: func(k string) string { return env[k] }}})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Scopes(), err)
	// Output: github oauth [read:user user:email] <nil>
}
