package sqlrow

import (
	"errors"
	"strings"
)

// Class is the kind of a database error that the adapters map to their own.
type Class int

// Error classes.
const (
	Other      Class = iota // anything else
	Unique                  // a unique or primary key violation
	ForeignKey              // a foreign key violation
	NoTable                 // a missing table
	NoColumn                // a missing column
)

// Classify recognises unique and foreign key violations and missing tables
// and columns in errors of pgx (SQLSTATE), go-sql-driver/mysql (error
// numbers) and modernc.org/sqlite (extended result codes), without
// importing the drivers.
func Classify(err error) Class {
	if err == nil {
		return Other
	}
	var st interface{ SQLState() string }
	if errors.As(err, &st) {
		switch st.SQLState() {
		case "23505":
			return Unique
		case "23503":
			return ForeignKey
		case "42P01":
			return NoTable
		case "42703":
			return NoColumn
		}
		return Other
	}
	var sc interface{ Code() int }
	if errors.As(err, &sc) {
		switch sc.Code() {
		case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
			return Unique
		case 787: // SQLITE_CONSTRAINT_FOREIGNKEY
			return ForeignKey
		}
	}
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "Error 1062"), strings.Contains(msg, "UNIQUE constraint failed"):
		return Unique
	case strings.HasPrefix(msg, "Error 1452"), strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return ForeignKey
	case strings.HasPrefix(msg, "Error 1146"), strings.Contains(msg, "no such table"):
		return NoTable
	case strings.HasPrefix(msg, "Error 1054"), strings.Contains(msg, "no such column"), strings.Contains(msg, "has no column named"):
		return NoColumn
	}
	return Other
}
