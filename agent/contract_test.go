package agent_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cbccvc/cbccvc-go/agent"
)

// The agent's tests check every response against the contract: a test
// helper wraps the handler, and each response's status must be one its
// operation documents, its content type one that response documents, and
// a JSON body must match the response's schema, compiled from the
// contract itself (OpenAPI 3.1 schemas are JSON Schema 2020-12).

// contractURL is the contract's address for the schema compiler.
const contractURL = "https://cbccvc.invalid/openapi.json"

// contract is the agent's OpenAPI document, ready to check responses.
type contract struct {
	doc    map[string]any
	routes []route

	mu       sync.Mutex
	compiler *jsonschema.Compiler
	schemas  map[string]*jsonschema.Schema // by JSON Pointer
}

type route struct {
	template string
	re       *regexp.Regexp
}

var loadedContract = sync.OnceValues(func() (*contract, error) {
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(agent.OpenAPI()))
	if err != nil {
		return nil, err
	}
	c := &contract{doc: raw.(map[string]any), compiler: jsonschema.NewCompiler(), schemas: map[string]*jsonschema.Schema{}}
	c.compiler.DefaultDraft(jsonschema.Draft2020)
	if err := c.compiler.AddResource(contractURL, raw); err != nil {
		return nil, err
	}
	for tmpl := range c.doc["paths"].(map[string]any) {
		re := regexp.QuoteMeta(tmpl)
		re = regexp.MustCompile(`\\\{[a-zA-Z]+\\\}`).ReplaceAllString(re, `[^/]+`)
		c.routes = append(c.routes, route{template: tmpl, re: regexp.MustCompile("^" + re + "$")})
	}
	return c, nil
})

func loadContract(t testing.TB) *contract {
	t.Helper()
	c, err := loadedContract()
	if err != nil {
		t.Fatalf("the contract: %v", err)
	}
	return c
}

// operation returns the contract's operation of a request, and its JSON
// Pointer; nil when the contract has none.
func (c *contract) operation(method, path string) (map[string]any, string) {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	for _, r := range c.routes {
		if !r.re.MatchString(path) {
			continue
		}
		op, ok := c.doc["paths"].(map[string]any)[r.template].(map[string]any)[strings.ToLower(method)].(map[string]any)
		if !ok {
			return nil, ""
		}
		return op, "/paths/" + escapePointer(r.template) + "/" + strings.ToLower(method)
	}
	return nil, ""
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// resolve follows a local $ref, returning the object and its pointer.
func (c *contract) resolve(v map[string]any, ptr string) (map[string]any, string) {
	ref, ok := v["$ref"].(string)
	if !ok {
		return v, ptr
	}
	ptr = strings.TrimPrefix(ref, "#")
	var cur any = c.doc
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		cur = cur.(map[string]any)[part]
	}
	return cur.(map[string]any), ptr
}

// schema compiles the schema at ptr, once.
func (c *contract) schema(ptr string) (*jsonschema.Schema, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.schemas[ptr]; ok {
		return s, nil
	}
	s, err := c.compiler.Compile(contractURL + "#" + ptr)
	if err != nil {
		return nil, err
	}
	c.schemas[ptr] = s
	return s, nil
}

// check reports, on t, how a response breaks the contract.
func (c *contract) check(t testing.TB, method, path string, status int, h http.Header, body []byte) {
	t.Helper()
	where := method + " " + path + " → " + strconv.Itoa(status)
	op, opPtr := c.operation(method, path)
	if op == nil {
		t.Errorf("%s: no operation in the contract", where)
		return
	}
	responses := op["responses"].(map[string]any)
	r, ok := responses[strconv.Itoa(status)].(map[string]any)
	if !ok {
		t.Errorf("%s: status not documented (the contract has %v)", where, sortedKeys(responses))
		return
	}
	r, rPtr := c.resolve(r, opPtr+"/responses/"+strconv.Itoa(status))
	headers, _ := r["headers"].(map[string]any)
	for name := range headers {
		if h.Get(name) == "" {
			t.Errorf("%s: the documented header %s is missing", where, name)
		}
	}
	content, _ := r["content"].(map[string]any)
	if len(content) == 0 {
		if len(body) > 0 && method != http.MethodHead {
			t.Errorf("%s: a body where the contract documents none", where)
		}
		return
	}
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || content[mt] == nil {
		t.Errorf("%s: content type %q not documented (the contract has %v)", where, h.Get("Content-Type"), sortedKeys(content))
		return
	}
	if mt != "application/json" || method == http.MethodHead {
		return
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Errorf("%s: the body is not JSON: %v\n%s", where, err, clipped(body))
		return
	}
	s, err := c.schema(rPtr + "/content/application~1json/schema")
	if err != nil {
		t.Errorf("%s: compiling the contract's schema: %v", where, err)
		return
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s: the body does not match the contract: %v\n%s", where, err, clipped(body))
	}
}

// checkError checks a body against the contract's Error schema, for the
// answers of what the contract does not describe (a path mounted with
// Handle, a method not allowed).
func (c *contract) checkError(t testing.TB, body []byte) {
	t.Helper()
	s, err := c.schema("/components/schemas/Error")
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("not the contract's Error: %v\n%s", err, body)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func clipped(b []byte) []byte {
	if len(b) > 2000 {
		return append(b[:2000:2000], "…"...)
	}
	return b
}

// checked wraps h: every response it writes is checked against the
// contract when it is complete. Responses of paths the contract does not
// describe are checked as errors of the Error shape only when skip does
// not take them.
func checked(t testing.TB, h http.Handler) http.Handler {
	c := loadContract(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		c.check(t, r.Method, r.URL.Path, rec.status, w.Header(), rec.body.Bytes())
	})
}

// recorder passes a response through and keeps a copy.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// serve runs one request through the checked handler and returns the
// response recorded.
func serve(t testing.TB, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	checked(t, h).ServeHTTP(w, req)
	return w
}

// decode decodes a JSON answer.
func decode[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decoding %T: %v\n%s", v, err, w.Body.Bytes())
	}
	return v
}

func TestContractCompiles(t *testing.T) {
	c := loadContract(t)
	for name := range c.doc["components"].(map[string]any)["schemas"].(map[string]any) {
		if _, err := c.schema("/components/schemas/" + name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(c.routes) < 10 {
		t.Errorf("the contract has %d paths", len(c.routes))
	}
}

// tbSpy records the errors a check reports, instead of failing the test.
type tbSpy struct {
	testing.TB
	errors []string
}

func (s *tbSpy) Helper() {}
func (s *tbSpy) Errorf(format string, args ...any) {
	s.errors = append(s.errors, fmt.Sprintf(format, args...))
}

// The checker fails what breaks the contract.
func TestContractCatches(t *testing.T) {
	c := loadContract(t)
	jsonCT := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		name, method, path string
		status             int
		h                  http.Header
		body               string
	}{
		{"undocumented status", "POST", "/v1/validate", 418, jsonCT, `{}`},
		{"undocumented path", "GET", "/v2/nothing", 200, jsonCT, `{}`},
		{"undocumented method", "DELETE", "/v1/health", 200, jsonCT, `{}`},
		{"undocumented content type", "GET", "/v1/health", 200, http.Header{"Content-Type": {"text/plain"}}, `ok`},
		{"member missing", "GET", "/v1/health", 200, jsonCT, `{"status": "ok"}`},
		{"member not documented", "POST", "/v1/verify", 200, jsonCT, `{"verified": true, "warnings": [], "extra": 1}`},
		{"wrong type", "GET", "/v1/jobs/x", 404, jsonCT, `{"code": "not_found", "message": 1, "messageVI": "x"}`},
		{"unknown error code", "GET", "/v1/jobs/x", 404, jsonCT, `{"code": "oops", "message": "m", "messageVI": "x"}`},
		{"header missing", "POST", "/v1/validate", 429, jsonCT, `{"code": "busy", "message": "m", "messageVI": "x"}`},
		{"not JSON", "GET", "/v1/jobs", 200, jsonCT, `{"jobs": [`},
	} {
		spy := &tbSpy{TB: t}
		c.check(spy, tc.method, tc.path, tc.status, tc.h, []byte(tc.body))
		if len(spy.errors) == 0 {
			t.Errorf("%s: not caught", tc.name)
		}
	}
	spy := &tbSpy{TB: t}
	c.check(spy, "GET", "/v1/jobs/x", 404, jsonCT, []byte(`{"code": "not_found", "message": "m", "messageVI": "x"}`))
	if len(spy.errors) > 0 {
		t.Errorf("a response of the contract: %v", spy.errors)
	}
}
