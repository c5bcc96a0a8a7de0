package gormadapter

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	gschema "gorm.io/gorm/schema"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

// Options configures an Adapter. The zero value uses the "default" preset
// with its own table and column names, no extra user fields and no
// AutoMigrate.
type Options struct {
	// Preset names the schema layout: "default", "nextauth-v3" (NextAuth.js v3's
	// TypeORM and Prisma schema), "authjs" (@auth/pg-adapter) or
	// "authjs-prisma" (see package schema). Default: "default".
	Preset string
	// Schema is a complete schema description; it overrides Preset. The
	// Adapter works on a copy. Default: nil (use Preset).
	Schema *schema.Schema
	// TablePrefix is prepended to every table name. Default: none.
	TablePrefix string
	// ModelMapping renames tables, as NextAuth.js v3's modelMapping does: model →
	// table name. Keys are NextAuth.js v3's model names "User", "Account",
	// "Session", "VerificationRequest" (or "VerificationToken") and
	// "Authenticator", in any case, or the logical names of package schema
	// ("verification_token"). Models not in the map keep the preset's
	// names. Default: none.
	ModelMapping map[string]string
	// Fields renames columns: "model.field" → column name, where model is a
	// ModelMapping key and field a logical field name of package schema in
	// snake_case or camelCase ("user.email_verified" or
	// "User.emailVerified"). Default: none.
	Fields map[string]string
	// UserModel is the application's user struct (or a pointer to one). It
	// must embed User; its other persisted fields become extra columns of
	// the users table, named by the *gorm.DB's naming strategy or their
	// `gorm:"column:…"` tags, and round-trip through adapter.User.Extra under
	// their column names. Default: nil (no extra fields).
	UserModel any
	// ExtraUserColumns declares further extra user columns directly.
	// Default: none.
	ExtraUserColumns []schema.Column
	// AutoMigrate makes Init create missing tables, columns and indexes
	// (the DDL of sqladapter's Synchronize). It never drops or changes
	// anything. Default: false (Init only checks that the tables and
	// required columns exist and says what is missing).
	AutoMigrate bool
}

// modelKeys maps the accepted ModelMapping keys (lower case, without
// underscores) to logical models.
var modelKeys = map[string]schema.Model{
	"user":                schema.ModelUser,
	"users":               schema.ModelUser,
	"account":             schema.ModelAccount,
	"accounts":            schema.ModelAccount,
	"session":             schema.ModelSession,
	"sessions":            schema.ModelSession,
	"verificationrequest": schema.ModelVerificationToken,
	"verificationtoken":   schema.ModelVerificationToken,
	"authenticator":       schema.ModelAuthenticator,
}

func modelOf(key string) (schema.Model, error) {
	m, ok := modelKeys[strings.ToLower(strings.ReplaceAll(key, "_", ""))]
	if !ok {
		return "", fmt.Errorf("unknown model %q; use User, Account, Session, VerificationRequest (or VerificationToken) or Authenticator", key)
	}
	return m, nil
}

// snake turns "emailVerified" into "email_verified"; snake_case is kept.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// buildSchema applies the preset and every naming option; namer names the
// UserModel's columns.
func (o Options) buildSchema(namer gschema.Namer) (*schema.Schema, error) {
	s, err := sqlstore.BaseSchema(o.Schema, o.Preset, o.TablePrefix)
	if err != nil {
		return nil, fmt.Errorf("gormadapter: Options.Preset: %w", err)
	}
	for _, k := range slices.Sorted(maps.Keys(o.ModelMapping)) {
		m, err := modelOf(k)
		if err != nil {
			return nil, fmt.Errorf("gormadapter: Options.ModelMapping: %w", err)
		}
		if err := s.RenameTable(m, o.ModelMapping[k]); err != nil {
			return nil, fmt.Errorf("gormadapter: Options.ModelMapping: %w", err)
		}
	}
	cols := o.ExtraUserColumns
	if o.UserModel != nil {
		mc, err := userModelColumns(o.UserModel, namer)
		if err != nil {
			return nil, err
		}
		cols = append(slices.Clone(cols), mc...)
	}
	for _, c := range cols {
		if err := s.AddUserColumn(c); err != nil {
			return nil, fmt.Errorf("gormadapter: extra user field: %w", err)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(o.Fields)) {
		mk, f, ok := strings.Cut(k, ".")
		if !ok {
			return nil, fmt.Errorf(`gormadapter: Options.Fields: key %q must be "model.field", for example "user.email_verified"`, k)
		}
		m, err := modelOf(mk)
		if err != nil {
			return nil, fmt.Errorf("gormadapter: Options.Fields: %w", err)
		}
		if t := s.Table(m); t != nil && t.Column(f) == nil && f != schema.FieldID {
			f = snake(f)
		}
		if err := s.RenameColumn(m, f, o.Fields[k]); err != nil {
			return nil, fmt.Errorf("gormadapter: Options.Fields: %w", err)
		}
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("gormadapter: %w", err)
	}
	for _, t := range s.Tables() {
		for _, name := range append([]string{s.TableName(t), t.IDName()}, columnNames(t)...) {
			if strings.ContainsAny(name, "?@\x00") {
				return nil, fmt.Errorf("gormadapter: name %q (table %q) contains ?, @ or NUL, which GORM would read as a placeholder; choose another", name, s.TableName(t))
			}
		}
	}
	return s, nil
}

func columnNames(t *schema.Table) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

var (
	baseUserType      = reflect.TypeFor[User]()
	timeType          = reflect.TypeFor[time.Time]()
	gatehouseTimeType = reflect.TypeFor[Time]()
)

// userModelColumns returns the extra columns of an application user struct:
// its persisted fields that do not come from the embedded User.
func userModelColumns(model any, namer gschema.Namer) ([]schema.Column, error) {
	rt := reflect.TypeOf(model)
	for rt != nil && rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	if rt == nil || rt.Kind() != reflect.Struct {
		return nil, fmt.Errorf("gormadapter: Options.UserModel must be a struct that embeds gormadapter.User; got %T", model)
	}
	embedded := ""
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && ft == baseUserType {
			embedded = f.Name
		}
	}
	if embedded == "" {
		return nil, fmt.Errorf("gormadapter: Options.UserModel %s does not embed gormadapter.User; add the field `gormadapter.User` to it", rt)
	}
	if namer == nil {
		namer = gschema.NamingStrategy{}
	}
	ps, err := gschema.Parse(reflect.New(rt).Interface(), &sync.Map{}, namer)
	if err != nil {
		return nil, fmt.Errorf("gormadapter: Options.UserModel %s: %w", rt, err)
	}
	var out []schema.Column
	for _, f := range ps.Fields {
		if f.DBName == "" || (len(f.BindNames) > 1 && f.BindNames[0] == embedded) {
			continue
		}
		k, err := kindOf(f)
		if err != nil {
			return nil, fmt.Errorf("gormadapter: Options.UserModel %s: field %s: %w", rt, f.Name, err)
		}
		out = append(out, schema.Column{Field: f.DBName, Name: f.DBName, Kind: k})
	}
	if len(out) == 0 {
		return nil, errors.New("gormadapter: Options.UserModel has no fields besides the embedded gormadapter.User; leave UserModel nil")
	}
	return out, nil
}

// kindOf maps a Go field type to a column kind.
func kindOf(f *gschema.Field) (schema.Kind, error) {
	t := f.FieldType
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType || t == gatehouseTimeType {
		return schema.Time, nil
	}
	switch t.Kind() {
	case reflect.String:
		if f.Size > 255 || strings.EqualFold(f.TagSettings["TYPE"], "text") {
			return schema.Text, nil
		}
		return schema.String, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return schema.Int64, nil
	case reflect.Bool:
		return schema.Bool, nil
	case reflect.Map, reflect.Slice, reflect.Struct:
		if f.DataType == gschema.Bytes {
			return 0, fmt.Errorf("[]byte is not supported; use a string")
		}
		return schema.JSON, nil
	}
	return 0, fmt.Errorf("type %s is not supported; use a string, integer, bool, time.Time or a JSON-encodable map, slice or struct", f.FieldType)
}
