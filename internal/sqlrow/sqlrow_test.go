package sqlrow

import (
	"errors"
	"fmt"
	"testing"
)

// fakeSQLState and fakeCode stand in for driver error types, which this
// package must not import.
type fakeSQLState string

func (e fakeSQLState) Error() string    { return "pg error " + string(e) }
func (e fakeSQLState) SQLState() string { return string(e) }

type fakeCode int

func (e fakeCode) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e fakeCode) Code() int     { return int(e) }

func TestClassify(t *testing.T) {
	tests := []struct {
		err  error
		want Class
	}{
		{fakeSQLState("23505"), Unique},
		{fmt.Errorf("wrapped: %w", fakeSQLState("23503")), ForeignKey},
		{fakeSQLState("42P01"), NoTable},
		{fakeSQLState("08006"), Other},
		{fakeCode(2067), Unique},
		{fakeCode(1555), Unique},
		{fakeCode(787), ForeignKey},
		{errors.New("Error 1062 (23000): Duplicate entry 'a' for key 'email'"), Unique},
		{errors.New("Error 1146 (42S02): Table 'x.users' doesn't exist"), NoTable},
		{errors.New("SQL logic error: no such table: users (1)"), NoTable},
		{errors.New("Error 1054 (42S22): Unknown column 'x' in 'field list'"), NoColumn},
		{fakeSQLState("42703"), NoColumn},
		{errors.New("connection refused"), Other},
		{nil, Other},
	}
	for _, tt := range tests {
		if got := Classify(tt.err); got != tt.want {
			t.Errorf("Classify(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
