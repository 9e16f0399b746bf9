package store

import (
	"context"
	"fmt"
	"regexp"
)

// savepointName keeps a savepoint's name a plain identifier: it is written into the SQL.
var savepointName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// Savepoint marks a point that RollbackTo can return to, so that one part of a
// transaction (one update's handler) can be undone while the rest is kept.
func (tx *Tx) Savepoint(ctx context.Context, name string) error {
	return tx.savepointExec(ctx, "SAVEPOINT ", name)
}

// RollbackTo undoes everything written since the savepoint; the savepoint stays open.
func (tx *Tx) RollbackTo(ctx context.Context, name string) error {
	return tx.savepointExec(ctx, "ROLLBACK TO ", name)
}

// Release keeps everything written since the savepoint and forgets the savepoint.
func (tx *Tx) Release(ctx context.Context, name string) error {
	return tx.savepointExec(ctx, "RELEASE ", name)
}

func (tx *Tx) savepointExec(ctx context.Context, verb, name string) error {
	if !savepointName.MatchString(name) {
		return fmt.Errorf("savepoint name %q: not a plain identifier", name)
	}
	if _, err := tx.exec(ctx, verb+name); err != nil {
		return fmt.Errorf("%s%s: %w", verb, name, err)
	}
	return nil
}
