package main

import (
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// needsMore names the services that need a variable of their own besides
// AUTH_<ID>_ID, _SECRET and _ISSUER, by its suffix.
var needsMore = map[string][]string{"bungie": {"API_KEY"}}

// TestEnvProviders checks that every built-in service is enabled by its
// variables alone (the self-hosted ones with an issuer), and nothing
// without them.
func TestEnvProviders(t *testing.T) {
	none, err := envProviders(func(string) string { return "" })
	if err != nil || len(none) != 0 {
		t.Fatalf("envProviders with no variables = %v, %v; want none", none, err)
	}
	for _, s := range services.All() {
		id := s.Config.ID
		t.Run(id, func(t *testing.T) {
			prefix := "AUTH_" + oauth.EnvPrefix(id) + "_"
			env := map[string]string{prefix + "ID": "client-id", prefix + "SECRET": "client-secret"}
			if s.IssuerExample != "" {
				env[prefix+"ISSUER"] = s.IssuerExample
			}
			for _, suffix := range needsMore[id] {
				env[prefix+suffix] = "value-of-" + suffix
			}
			got, err := envProviders(func(k string) string { return env[k] })
			if err != nil || len(got) != 1 || got[0].Info().ID != id {
				t.Fatalf("envProviders(%v) = %v, %v; want the %s provider", env, got, err, id)
			}
			// Each required variable missing from a half-made set is a
			// configuration error naming it (serve must not list the
			// provider as active).
			required := []string{prefix + "SECRET"}
			if s.IssuerExample != "" {
				required = append(required, prefix+"ISSUER")
			}
			for _, suffix := range needsMore[id] {
				required = append(required, prefix+suffix)
			}
			for _, v := range required {
				half := map[string]string{}
				for k, x := range env {
					if k != v {
						half[k] = x
					}
				}
				if _, err := envProviders(func(k string) string { return half[k] }); err == nil || !strings.Contains(err.Error(), v) {
					t.Errorf("envProviders without %s = %v, want an error naming it", v, err)
				}
			}
			delete(env, prefix+"ID")
			if _, err := envProviders(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), prefix+"ID") {
				t.Errorf("envProviders without %sID = %v, want an error naming it", prefix, err)
			}
		})
	}
}

func TestBuiltinIDs(t *testing.T) {
	got := builtinIDs(30)
	for _, line := range strings.Split(got, "\n") {
		if len(line) > 30 {
			t.Errorf("line %q is longer than 30", line)
		}
	}
	all := services.All()
	if words := strings.Fields(got); len(words) != len(all) || words[0] != all[0].Config.ID+"," || words[len(words)-1] != all[len(all)-1].Config.ID {
		t.Errorf("builtinIDs = %q, want every id of services.All, comma-separated", got)
	}
}
