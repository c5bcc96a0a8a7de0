package gormadapter

import (
	"context"
	"database/sql"
	"errors"

	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse/internal/sqlrow"
	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

// classify adds GORM's translated errors (gorm.ErrDuplicatedKey,
// gorm.ErrForeignKeyViolated, with Config.TranslateError) to the driver
// errors that sqlrow.Classify recognises.
func classify(err error) sqlrow.Class {
	switch {
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return sqlrow.Unique
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return sqlrow.ForeignKey
	}
	return sqlrow.Classify(err)
}

// conn runs the store's statements through GORM (db.Exec, db.Raw), so
// that the application's callbacks and (redacting) logger see them, on the
// application's DB or on a transaction (tx true: inside InTx or WithTx).
type conn struct {
	db *gorm.DB
	tx bool
}

// ExecContext runs q with db.Exec; the sql.Result GORM keeps with
// gorm.WithResult gives MySQL's LastInsertId.
func (c conn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	r := gorm.WithResult()
	if err := c.db.WithContext(ctx).Clauses(r).Exec(q, args...).Error; err != nil {
		return nil, err
	}
	if r.Result == nil { // DryRun
		return driverResult{}, nil
	}
	return r.Result, nil
}

// QueryContext runs q with db.Raw(...).Rows().
func (c conn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.db.WithContext(ctx).Raw(q, args...).Rows()
}

// InTx runs fn in the current transaction if c is one (inside InTx or
// WithTx), else in a new GORM transaction.
func (c conn) InTx(ctx context.Context, fn func(sqlstore.Executor) error) error {
	if c.tx {
		return fn(c)
	}
	return c.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(conn{db: tx, tx: true}) })
}

// driverResult is the result of a statement GORM did not run (DryRun).
type driverResult struct{}

func (driverResult) LastInsertId() (int64, error) {
	return 0, errors.New("gormadapter: no insert id in DryRun mode")
}
func (driverResult) RowsAffected() (int64, error) { return 0, nil }
