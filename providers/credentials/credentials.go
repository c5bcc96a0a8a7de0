package credentials

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
)

// AuthorizeFunc checks submitted credentials (keyed by field name). It
// returns the user to sign in, or (nil, nil) when the credentials are wrong.
// An error means the check itself failed (a database was down); it is
// logged and is not counted as a failed attempt.
type AuthorizeFunc func(ctx context.Context, credentials map[string]string, r *http.Request) (*adapter.User, error)

// Options configures a Provider.
type Options struct {
	// ID is the provider's ID in URLs (/callback/{ID}). Default
	// "credentials".
	ID string
	// Name is shown on the sign-in page. Default "Credentials".
	Name string
	// Fields are the form's inputs, in order. Default: "username" (text)
	// and "password" (password).
	Fields []providers.Field
	// IdentifierField names the field that identifies the account, used to
	// rate-limit failed attempts per account. It must be one of Fields.
	// Default: the first field.
	IdentifierField string
	// Authorize checks the credentials. Required.
	Authorize AuthorizeFunc
	// Style themes the provider's button.
	Style providers.Style
}

// Provider is a credentials provider. It implements
// providers.CredentialsProvider.
type Provider struct {
	info       providers.Info
	fields     []providers.Field
	identifier string
	authorize  AuthorizeFunc
}

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9_-]{1,64}$`)
	fieldPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)
)

// reservedFields are form fields gatehouse itself reads.
var reservedFields = map[string]bool{"csrfToken": true, "callbackUrl": true, "json": true}

// New checks opts and returns a Provider, or an error saying what to change.
func New(opts Options) (*Provider, error) {
	var errs []error
	if opts.ID == "" {
		opts.ID = "credentials"
	}
	if opts.Name == "" {
		opts.Name = "Credentials"
	}
	if !idPattern.MatchString(opts.ID) {
		errs = append(errs, fmt.Errorf("credentials: ID %q must be 1-64 lowercase letters, digits, '-' or '_'", opts.ID))
	}
	if opts.Authorize == nil {
		errs = append(errs, errors.New("credentials: Authorize is nil: set the function that checks the submitted values"))
	}
	if len(opts.Fields) == 0 {
		opts.Fields = []providers.Field{
			{Name: "username", Label: "Username", Type: "text"},
			{Name: "password", Label: "Password", Type: "password"},
		}
	}
	seen := map[string]bool{}
	for i, f := range opts.Fields {
		switch {
		case !fieldPattern.MatchString(f.Name):
			errs = append(errs, fmt.Errorf("credentials: Fields[%d].Name %q must be 1-64 letters, digits, '_', '.' or '-'", i, f.Name))
		case reservedFields[f.Name]:
			errs = append(errs, fmt.Errorf("credentials: Fields[%d].Name %q is reserved by gatehouse; choose another name", i, f.Name))
		case seen[f.Name]:
			errs = append(errs, fmt.Errorf("credentials: Fields[%d].Name %q appears twice", i, f.Name))
		}
		seen[f.Name] = true
	}
	if opts.IdentifierField == "" {
		opts.IdentifierField = opts.Fields[0].Name
	} else if !seen[opts.IdentifierField] {
		errs = append(errs, fmt.Errorf("credentials: IdentifierField %q is not one of Fields", opts.IdentifierField))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	fields := make([]providers.Field, len(opts.Fields))
	copy(fields, opts.Fields)
	for i := range fields {
		if fields[i].Label == "" {
			fields[i].Label = fields[i].Name
		}
		if fields[i].Type == "" {
			fields[i].Type = "text"
		}
	}
	return &Provider{
		info:       providers.Info{ID: opts.ID, Name: opts.Name, Style: opts.Style},
		fields:     fields,
		identifier: opts.IdentifierField,
		authorize:  opts.Authorize,
	}, nil
}

// Info returns the provider's ID, name and kind (credentials).
func (p *Provider) Info() providers.Info { return p.info }

// Fields returns a copy of the form's inputs.
func (p *Provider) Fields() []providers.Field {
	out := make([]providers.Field, len(p.fields))
	copy(out, p.fields)
	return out
}

// IdentifierField returns the name of the field that identifies the account.
func (p *Provider) IdentifierField() string { return p.identifier }

// Authorize calls Options.Authorize.
func (p *Provider) Authorize(ctx context.Context, credentials map[string]string, r *http.Request) (*adapter.User, error) {
	return p.authorize(ctx, credentials, r)
}

var _ providers.CredentialsProvider = (*Provider)(nil)
