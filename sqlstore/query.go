package sqlstore

import (
	"slices"
	"strconv"
	"strings"
)

// where builds a WHERE clause with numbered placeholders: each condition
// is written with ? and numbered as it is added.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' && i < len(args) {
			w.args = append(w.args, args[i])
			i++
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "TRUE"
	}
	return strings.Join(w.conds, " AND ")
}

// sqlLimit writes a LIMIT or OFFSET into the statement's text. SQLite
// compiles a statement again every time a value is bound to its LIMIT (the
// planner reads the value), which costs a page's list query more than the
// query itself; a number in the text keeps the compiled statement. The
// number is an int, so nothing but digits reaches the SQL.
func sqlLimit(n int) string { return strconv.Itoa(n) }

// clone returns a copy of w to add to without changing w.
func (w *where) clone() *where {
	return &where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
}

// next returns the placeholder for one more argument.
func (w *where) next(arg any) string {
	w.args = append(w.args, arg)
	return "$" + strconv.Itoa(len(w.args))
}

// inList returns "$a, $b, ..." for the values, appending them to args,
// for an IN (...) list.
func inList[T any](args *[]any, values []T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		*args = append(*args, v)
		parts[i] = "$" + strconv.Itoa(len(*args))
	}
	return strings.Join(parts, ", ")
}
