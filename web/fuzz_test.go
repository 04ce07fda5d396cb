package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"praxis"
)

// apiInputs make a fresh value of every type the API's handlers decode a
// body into through apiInput. Handlers that declare their input inline
// are mirrored by a struct of the same shape.
var apiInputs = map[string]func() any{
	"ProfileUpdate":          func() any { return new(praxis.ProfileUpdate) },
	"createCommunityRequest": func() any { return new(createCommunityRequest) },
	"CommunityInput":         func() any { return new(praxis.CommunityInput) },
	"GoalInput":              func() any { return new(praxis.GoalInput) },
	"SettingsInput":          func() any { return new(praxis.SettingsInput) },
	"ThreadInput":            func() any { return new(praxis.ThreadInput) },
	"threadUpdate":           func() any { return new(threadUpdate) },
	"Topic":                  func() any { return new(praxis.Topic) },
	"ArticleInput":           func() any { return new(praxis.ArticleInput) },
	"reviewByInput":          func() any { return new(reviewByInput) },
	"Collection":             func() any { return new(praxis.Collection) },
	"EventInput":             func() any { return new(praxis.EventInput) },
	"Harvest":                func() any { return new(praxis.Harvest) },
	"Cadence":                func() any { return new(praxis.Cadence) },
	"name": func() any {
		return new(struct {
			Name string `json:"name"`
		})
	},
	"role and suspension": func() any {
		return new(struct {
			Role      *string `json:"role"`
			Suspended *bool   `json:"suspended"`
		})
	},
	"reply": func() any {
		return new(struct {
			Body      string `json:"body"`
			ReplyToID int64  `json:"reply_to_id"`
		})
	},
	"post edit": func() any {
		return new(struct {
			Title   *string  `json:"title"`
			Body    *string  `json:"body"`
			Topics  []string `json:"topics"`
			Summary string   `json:"summary"`
		})
	},
	"notification ids": func() any {
		return new(struct {
			IDs []int64 `json:"ids"`
		})
	},
	"reviewers": func() any {
		return new(struct {
			Reviewers []string `json:"reviewers"`
		})
	},
	"occurrence change": func() any {
		return new(struct {
			Start *string `json:"start"`
			End   *string `json:"end"`
			Note  *string `json:"note"`
		})
	},
	"rsvp": func() any {
		return new(struct {
			Status string `json:"status"`
			Note   string `json:"note"`
		})
	},
	"visit request": func() any {
		return new(struct {
			What          string `json:"what"`
			Why           string `json:"why"`
			ProposedDates string `json:"proposed_dates"`
		})
	},
	"duplicateInput": func() any { return new(duplicateInput) },
	"join message": func() any {
		return new(struct {
			Message string `json:"message"`
		})
	},
	"invitation of a handle": func() any {
		return new(struct {
			Handle string `json:"handle"`
		})
	},
	"community role": func() any {
		return new(struct {
			Role string `json:"role"`
		})
	},
	"invitation by e-mail": func() any {
		return new(struct {
			Email string `json:"email"`
		})
	},
	"review": func() any {
		return new(struct {
			State   string `json:"state"`
			Comment string `json:"comment"`
		})
	},
	"revision number": func() any {
		return new(struct {
			Number int `json:"number"`
		})
	},
	"reuse note": func() any {
		return new(struct {
			Note string `json:"note"`
		})
	},
	"copy to a community": func() any {
		return new(struct {
			Community string `json:"community"`
		})
	},
	"attendance": func() any {
		return new(struct {
			Handles []string `json:"handles"`
		})
	},
	"visit answer": func() any {
		return new(struct {
			Accept  bool   `json:"accept"`
			Note    string `json:"note"`
			EventID int64  `json:"event_id"`
		})
	},
	"accepted answer": func() any {
		return new(struct {
			PostID int64 `json:"post_id"`
		})
	},
	"moderation reason": func() any {
		return new(struct {
			Reason string `json:"reason"`
		})
	},
}

// FuzzAPIInput decodes random bodies into every input type of the API the
// way the handlers do: it must never panic, and every refusal must be an
// EINVALID *praxis.Error, which the API answers with 400.
func FuzzAPIInput(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"name":"Gardeners","domain_statement":"How we grow.","visibility":"public","join_policy":"open"}`,
		`{"title":"How?","body":"Like this.","topics":["soil"],"kind":"question"}`, `{"goals":[{"title":"Ship"}]}`,
		`{"role":"admin","suspended":true}`, `{"ids":[1,2,3]}`, `{"start":"2026-03-02T18:00","end":"2026-03-02T19:00"}`,
		`[]`, `null`, `"text"`, `{"name":1}`, `{"name":"a"} {}`, `{"unknown":1}`, `{"name":"\u0000\ud800"}`,
		`{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, `{"capacity":1e400}`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for name, newInput := range apiInputs {
			err := decodeJSONBytes(body, newInput())
			if err == nil {
				continue
			}
			var e *praxis.Error
			if !errors.As(err, &e) || e.Code != praxis.EINVALID || e.Message == "" {
				t.Errorf("decode %q into %s: error %v (%T); want an EINVALID *praxis.Error with a message", body, name, err, err)
			}
		}
	})
}

// TestAPIInputsThroughRequests checks that decodeJSON, which the handlers
// call on a request, gives the same answers as decodeJSONBytes, which the
// fuzz test calls on bytes.
func TestAPIInputsThroughRequests(t *testing.T) {
	for _, body := range []string{`{"name":"x"}`, `{"name":1}`, `{`, ``, nested(40)} {
		r := httptest.NewRequest("POST", "/api/v1/communities", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var a, b struct{ Name string }
		got, want := decodeJSON(r, &a), decodeJSONBytes([]byte(body), &b)
		if praxis.ErrorMessage(got) != praxis.ErrorMessage(want) || a != b {
			t.Errorf("body %q: decodeJSON = %v, %+v; decodeJSONBytes = %v, %+v", body, got, a, want, b)
		}
	}
}

func nested(depth int) string {
	return `{"name":` + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + `}`
}

// tokenDepth is the nesting depth of valid JSON, measured by
// encoding/json's own tokenizer.
func tokenDepth(b []byte) (int, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	depth, deepest := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return deepest, true
		} else if err != nil {
			return 0, false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			deepest = max(deepest, depth)
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// FuzzJSONDepth: on any valid JSON, the byte scan that guards the decoder
// measures the same depth as encoding/json's tokenizer, so strings full of
// brackets and escaped quotes neither trip the limit nor slip past it.
func FuzzJSONDepth(f *testing.F) {
	for _, seed := range []string{`{}`, `[[[]]]`, `{"a":"[[[\"]]]"}`, `{"a\\":"{"}`, `"\\\\"`, `[{"a":[{"b":"}}"}]}]`, `1`,
		`{"a":"\"[[[[\""}`, `["\\", "[[", "\\\"{{"]`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want, ok := tokenDepth(b)
		if !ok {
			return
		}
		if got := jsonDepth(b); got != want {
			t.Errorf("jsonDepth(%q) = %d; want %d", b, got, want)
		}
	})
}

// TestAPIInputsAreFuzzed reads the web package's source and checks that
// every type a handler decodes a JSON body into (a "var in T" in a function
// that reads its input through apiInput) is in apiInputs: by name when it
// is named, by the shape of its fields when it is declared inline. A new
// decoder without an entry fails here, so FuzzAPIInput cannot fall behind.
func TestAPIInputsAreFuzzed(t *testing.T) {
	fuzzed := map[string]bool{}
	for _, newInput := range apiInputs {
		typ := reflect.TypeOf(newInput()).Elem()
		if typ.Name() != "" {
			fuzzed[typ.Name()] = true
			continue
		}
		var fields []string
		for f := range typ.Fields() {
			fields = append(fields, f.Name+" "+f.Type.String()+" "+string(f.Tag))
		}
		fuzzed["struct{"+strings.Join(fields, "; ")+"}"] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	decoders := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil || !callsAPIInput(fn.Body) {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				spec, ok := n.(*ast.ValueSpec)
				if !ok || len(spec.Names) != 1 || spec.Names[0].Name != "in" || spec.Type == nil {
					return true
				}
				decoders++
				if key := inputKey(t, fset, spec.Type); !fuzzed[key] {
					t.Errorf("%s: %s decodes a body into %s, which apiInputs (FuzzAPIInput) lacks", fset.Position(spec.Pos()), fn.Name.Name, key)
				}
				return true
			})
		}
	}
	if decoders < 30 {
		t.Errorf("found %d JSON inputs of API handlers; want at least 30: has the way handlers read their input changed?", decoders)
	}
}

// callsAPIInput reports whether a function body reads its input through
// apiInput, directly or through a helper that takes the input (such as
// apiArticleChange).
func callsAPIInput(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !found
		}
		var name string
		switch fun := call.Fun.(type) {
		case *ast.Ident:
			name = fun.Name
		case *ast.SelectorExpr:
			name = fun.Sel.Name
		}
		if name == "apiInput" || strings.HasPrefix(name, "api") && strings.HasSuffix(name, "Change") {
			found = true
		}
		return !found
	})
	return found
}

// inputKey names a decoded type as TestAPIInputsAreFuzzed's map does: a
// named type by its name, an inline struct by its fields as reflect prints
// them.
func inputKey(t *testing.T, fset *token.FileSet, typ ast.Expr) string {
	switch x := typ.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.StructType:
		var fields []string
		for _, f := range x.Fields.List {
			var b strings.Builder
			if err := printer.Fprint(&b, fset, f.Type); err != nil {
				t.Fatal(err)
			}
			tag := ""
			if f.Tag != nil {
				tag, _ = strconv.Unquote(f.Tag.Value)
			}
			for _, n := range f.Names {
				fields = append(fields, n.Name+" "+b.String()+" "+tag)
			}
		}
		return "struct{" + strings.Join(fields, "; ") + "}"
	}
	return fmt.Sprintf("%T", typ)
}
