package services

import (
	"fmt"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// fields maps a profile document whose values sit at fixed paths, each a
// dot-separated list of keys ("data.attributes.email"); an empty path
// leaves the value empty. Verified names a boolean saying the email was
// confirmed; Base, when set, maps the standard claims first and fields
// then override what they name.
type fields struct {
	ID, Name, Email, Image, Verified string
	Base                             bool
}

// profile is fields' oauth.ProfileFunc.
func (f fields) profile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p := &providers.Profile{}
	if f.Base {
		std, err := oauth.StandardProfile(c, t)
		if err != nil {
			return nil, err
		}
		p = std
	}
	set := func(dst *string, path string) {
		if path != "" {
			if v := oauth.String(c, strings.Split(path, ".")...); v != "" || !f.Base {
				*dst = v
			}
		}
	}
	set(&p.ID, f.ID)
	set(&p.Name, f.Name)
	set(&p.Email, f.Email)
	set(&p.Image, f.Image)
	if f.Verified != "" {
		p.EmailVerified = oauth.Bool(c, strings.Split(f.Verified, ".")...)
	}
	if p.ID == "" {
		return nil, fmt.Errorf("the profile has no user id at %q", f.ID)
	}
	return p, nil
}

// fullName joins the non-empty values at the paths with spaces ("first
// last").
func fullName(c map[string]any, paths ...string) string {
	var parts []string
	for _, path := range paths {
		if v := oauth.String(c, strings.Split(path, ".")...); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}
