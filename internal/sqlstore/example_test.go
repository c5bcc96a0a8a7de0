package sqlstore_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

func ExampleScanTime() {
	for _, v := range []any{"2021-04-25 10:11:12.345", int64(1619345472345), nil} {
		t, valid, err := sqlstore.ScanTime(v)
		fmt.Println(t.Format("2006-01-02T15:04:05.000Z07:00"), valid, err)
	}
	// Output:
	// 2021-04-25T10:11:12.345Z true <nil>
	// 2021-04-25T10:11:12.345Z true <nil>
	// 0001-01-01T00:00:00.000Z false <nil>
}
