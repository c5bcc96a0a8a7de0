package sqladapter

import (
	"fmt"
	"strings"
)

// migrateHint is how to create the missing schema. `gatehouse migrate`
// sees only what a database URL says; when the application's Config
// declares more in code (extra user columns, renames, a whole schema, its
// own pool), the command would build another schema and report the
// database up to date, so the hint names the calls that see the same
// Config instead.
func (st *state) migrateHint() string {
	if code := st.cfg.codeOnly(); len(code) > 0 {
		return fmt.Sprintf("Adapter.Migrate(ctx) before serving, Config.Synchronize (or ?synchronize=true), or the statements Adapter.Plan(ctx) returns; `gatehouse migrate` cannot do it because it does not see %s set in the application's code",
			strings.Join(code, ", "))
	}
	db := "<database URL>"
	if st.cfg.URL != "" {
		db = redactString(st.cfg.URL)
	}
	flags := ""
	if p := st.cfg.Preset; p != "" && p != "default" && !strings.Contains(st.cfg.URL, "schema="+p) && !strings.Contains(st.cfg.URL, "preset="+p) {
		flags = " --schema " + p
	}
	return fmt.Sprintf("`gatehouse migrate --database '%s'%s` (or Config.Synchronize / ?synchronize=true)", db, flags)
}

// codeOnly names the fields of cfg that change the schema or the
// connection and that a database URL cannot carry.
func (cfg Config) codeOnly() []string {
	var code []string
	if cfg.DB != nil {
		code = append(code, "Config.DB")
	}
	if cfg.Schema != nil {
		code = append(code, "Config.Schema")
	}
	if len(cfg.Tables) > 0 {
		code = append(code, "Config.Tables")
	}
	if len(cfg.Columns) > 0 {
		code = append(code, "Config.Columns")
	}
	if len(cfg.ExtraUserColumns) > 0 {
		names := make([]string, len(cfg.ExtraUserColumns))
		for i, c := range cfg.ExtraUserColumns {
			names[i] = c.Name
			if names[i] == "" {
				names[i] = c.Field // the column is named after its field
			}
		}
		code = append(code, "Config.ExtraUserColumns ("+strings.Join(names, ", ")+")")
	}
	if p := cfg.TablePrefix; p != "" && !strings.Contains(cfg.URL, "Prefix="+p) {
		code = append(code, "Config.TablePrefix")
	}
	return code
}
