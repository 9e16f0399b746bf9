package store

import (
	"context"
	"database/sql"
)

// QueryRowForTest lets this package's external tests look at a stored row.
func (tx *Tx) QueryRowForTest(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.queryRow(ctx, q, args...)
}
