package github_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/github"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func ExampleService() {
	env := map[string]string{"AUTH_GITHUB_ID": "Iv1.0123", "AUTH_GITHUB_SECRET": "..."}
	p, err := github.Service.New(oauth.Options{Getenv: func(k string) string { return env[k] }})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Scopes(), err)
	// Output: github oauth [read:user user:email] <nil>
}

// GitHub Enterprise Server: users sign in at the server's address.
func ExampleService_enterprise() {
	p, err := github.Service.New(oauth.Options{ClientID: "Iv1.0123", ClientSecret: "...", BaseURL: "https://github.example.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := p.AuthCodeURL(context.Background(), providers.AuthRequest{
		RedirectURL: "https://app.example/api/auth/callback/github", State: "st", CodeChallenge: oauth.S256Challenge("a-random-verifier-of-at-least-43-characters-x"),
	})
	endpoint, _, _ := strings.Cut(u, "?")
	fmt.Println(endpoint, err)
	// Output: https://github.example.com/login/oauth/authorize <nil>
}
