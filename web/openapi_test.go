package web_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// openAPIMethods are the keys of an OpenAPI path item that are operations.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// openAPIServer builds a server on a fresh SQLite database.
func openAPIServer(t *testing.T) *web.Server {
	t.Helper()
	db := sqltest.Open(t, "sqlite", nil)
	srv, err := web.New(web.Config{Store: db})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return srv
}

// openAPIDoc fetches and decodes the document the server serves.
func openAPIDoc(t *testing.T, srv *web.Server) map[string]any {
	t.Helper()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: got status %d, want %d; body %s", rec.Code, http.StatusOK, rec.Body)
	}
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("GET /api/v1/openapi.json: body does not parse: %v", err)
	}
	return doc
}

// openAPIOperation is one method of one path in the document.
type openAPIOperation struct {
	method, path string
	op           map[string]any
	pathItem     map[string]any
}

func (o openAPIOperation) String() string { return strings.ToUpper(o.method) + " " + o.path }

func openAPIOperations(t *testing.T, doc map[string]any) []openAPIOperation {
	t.Helper()
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatalf("paths: got %T, want an object", doc["paths"])
	}
	var out []openAPIOperation
	for p, item := range paths {
		pi, ok := item.(map[string]any)
		if !ok {
			t.Errorf("paths[%q]: got %T, want an object", p, item)
			continue
		}
		for _, m := range openAPIMethods {
			if op, ok := pi[m].(map[string]any); ok {
				out = append(out, openAPIOperation{method: m, path: p, op: op, pathItem: pi})
			}
		}
	}
	slices.SortFunc(out, func(a, b openAPIOperation) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// resolveRef follows a local reference ("#/components/schemas/User").
func resolveRef(doc map[string]any, ref string) (any, bool) {
	ptr, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	var cur any = doc
	for tok := range strings.SplitSeq(ptr, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[tok]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func TestOpenAPIServed(t *testing.T) {
	srv := openAPIServer(t)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	var doc map[string]any
	parseErr := json.Unmarshal(rec.Body.Bytes(), &doc)
	str := func(v any) string { s, _ := v.(string); return s }
	info, _ := doc["info"].(map[string]any)
	schemes, _ := resolveRef(doc, "#/components/securitySchemes")
	bearer, _ := resolveRef(doc, "#/components/securitySchemes/bearerAuth")
	cookie, _ := resolveRef(doc, "#/components/securitySchemes/sessionCookie")
	field := func(v any, k string) string { m, _ := v.(map[string]any); return str(m[k]) }
	errorMessage, _ := resolveRef(doc, "#/components/schemas/Error/properties/error/properties/message")

	tests := []struct {
		name string
		ok   bool
		got  any
		want string
	}{
		{"status", rec.Code == http.StatusOK, rec.Code, "200"},
		{"content type", strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json"), rec.Header().Get("Content-Type"), "application/json"},
		{"parses as a JSON object", parseErr == nil, parseErr, "no error"},
		{"openapi version", regexp.MustCompile(`^3\.1\.\d+$`).MatchString(str(doc["openapi"])), doc["openapi"], "3.1.x"},
		{"info.title", str(info["title"]) == "Praxis API", info["title"], "Praxis API"},
		{"info.version", str(info["version"]) == "1", info["version"], "1"},
		{"security schemes", schemes != nil, schemes, "an object"},
		{"bearer scheme", field(bearer, "type") == "http" && field(bearer, "scheme") == "bearer", bearer, "type http, scheme bearer"},
		{"session cookie scheme", field(cookie, "type") == "apiKey" && field(cookie, "in") == "cookie" && field(cookie, "name") == "praxis_session",
			cookie, "apiKey in cookie praxis_session"},
		{"CSRF header documented", strings.Contains(field(cookie, "description"), "X-CSRF-Token") && strings.Contains(field(cookie, "description"), "praxis_csrf"),
			field(cookie, "description"), "mentions X-CSRF-Token and praxis_csrf"},
		{"error schema", errorMessage != nil, errorMessage, `{"error":{"code","message"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Errorf("got %v, want %s", tt.got, tt.want)
			}
		})
	}
}

// TestOpenAPIMatchesRoutes keeps routes.go and openapi.json in step: each
// side fails the test when it gets ahead of the other.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	srv := openAPIServer(t)
	doc := openAPIDoc(t, srv)

	routes := map[string]bool{}
	for _, pattern := range srv.Routes() {
		method, path, ok := strings.Cut(pattern, " ")
		if !ok || !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		// Go's "{name}" is OpenAPI's "{name}"; a trailing "{name...}" too.
		path = strings.ReplaceAll(path, "...}", "}")
		routes[strings.ToLower(method)+" "+path] = true
	}
	if len(routes) == 0 {
		t.Fatalf("srv.Routes(): got no /api/v1/ routes, want some")
	}
	documented := map[string]bool{}
	for _, o := range openAPIOperations(t, doc) {
		documented[o.method+" "+o.path] = true
	}

	tests := []struct {
		name       string
		have, want map[string]bool
		problem    string
	}{
		{"every route is documented", routes, documented, "registered in routes.go but missing from openapi.json"},
		{"every documented operation is a route", documented, routes, "in openapi.json but not registered in routes.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range slices.Sorted(maps.Keys(tt.have)) {
				if !tt.want[k] {
					t.Errorf("%s: got it %s", k, tt.problem)
				}
			}
		})
	}
}

func TestOpenAPIOperations(t *testing.T) {
	srv := openAPIServer(t)
	doc := openAPIDoc(t, srv)
	ops := openAPIOperations(t, doc)
	if len(ops) == 0 {
		t.Fatalf("operations: got none, want some")
	}
	paramRe := regexp.MustCompile(`\{([^}]+)\}`)
	seen := map[string]string{}
	for _, o := range ops {
		t.Run(o.String(), func(t *testing.T) {
			id, _ := o.op["operationId"].(string)
			if id == "" {
				t.Errorf("operationId: got %q, want a name", id)
			} else if prev, dup := seen[id]; dup {
				t.Errorf("operationId %q: got it also on %s, want it unique", id, prev)
			} else {
				seen[id] = o.String()
			}

			responses, _ := o.op["responses"].(map[string]any)
			var success []string
			for code := range responses {
				if len(code) == 3 && code[0] == '2' {
					success = append(success, code)
				}
			}
			if len(success) == 0 {
				t.Errorf("responses: got %v, want at least one 2xx", slices.Sorted(maps.Keys(responses)))
			}

			// Every {param} of the path is declared as a path parameter.
			declared := map[string]bool{}
			for _, params := range []any{o.pathItem["parameters"], o.op["parameters"]} {
				list, _ := params.([]any)
				for _, p := range list {
					pm, _ := p.(map[string]any)
					if ref, ok := pm["$ref"].(string); ok {
						r, _ := resolveRef(doc, ref)
						pm, _ = r.(map[string]any)
					}
					if pm["in"] == "path" {
						name, _ := pm["name"].(string)
						declared[name] = true
						if pm["required"] != true {
							t.Errorf("path parameter %q: got required %v, want true", name, pm["required"])
						}
					}
				}
			}
			var inPath []string
			for _, m := range paramRe.FindAllStringSubmatch(o.path, -1) {
				inPath = append(inPath, m[1])
				if !declared[m[1]] {
					t.Errorf("path parameter %q: got undeclared, want a parameter in: path", m[1])
				}
			}
			for name := range declared {
				if !slices.Contains(inPath, name) {
					t.Errorf("path parameter %q: got declared, want it in the path %s", name, o.path)
				}
			}
		})
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	srv := openAPIServer(t)
	doc := openAPIDoc(t, srv)

	type refAt struct{ where, ref string }
	var refs []refAt
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				if s, ok := c.(string); ok && k == "$ref" {
					refs = append(refs, refAt{where, s})
					continue
				}
				walk(where+"/"+k, c)
			}
		case []any:
			for _, c := range v {
				walk(where+"[]", c)
			}
		}
	}
	walk("#", doc)
	if len(refs) == 0 {
		t.Fatalf("$refs: got none, want the document to use components")
	}
	slices.SortFunc(refs, func(a, b refAt) int { return strings.Compare(a.where+a.ref, b.where+b.ref) })

	for _, r := range refs {
		t.Run(r.where, func(t *testing.T) {
			if !strings.HasPrefix(r.ref, "#/components/") {
				t.Errorf("$ref: got %q, want a reference into #/components/", r.ref)
				return
			}
			if _, ok := resolveRef(doc, r.ref); !ok {
				t.Errorf("$ref: got %q, want an existing component", r.ref)
			}
		})
	}
}
