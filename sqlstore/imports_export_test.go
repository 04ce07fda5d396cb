package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// RowsForTest runs a query and returns its rows as strings (NULL as
// "NULL"), for tests that check what an import left in the tables.
func RowsForTest(ctx context.Context, db *DB, query string, args ...any) ([][]string, error) {
	var out [][]string
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			row := make([]string, len(cols))
			for i, v := range vals {
				row[i] = "NULL"
				if v.Valid {
					row[i] = fmt.Sprint(v.String)
				}
			}
			out = append(out, row)
		}
		return rows.Err()
	})
	return out, err
}
