package codelist_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
)

func TestLoadMinimal(t *testing.T) {
	// The form of an answer of GET /danh-muc/{ten}.
	l, err := codelist.Load(strings.NewReader(`{"ten":"X","phienBan":"1","muc":[{"ma":"A","ten":"B"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if l.Name != "X" || l.Version != "1" || l.Len() != 1 {
		t.Errorf("got %+v", l)
	}
	if e := mustLookup(t, l, "A"); e != (codelist.Entry{Code: "A", Name: "B", Confirmed: true}) {
		t.Errorf("A = %+v", e)
	}
}

func TestLoadFull(t *testing.T) {
	l, err := codelist.Load(strings.NewReader(`{
		"ten": "T", "phienBan": "2", "nguon": "n", "moTa": "m", "danhMucKeThua": "U",
		"muc": [
			{"ma": "1", "ten": "Một", "xacNhan": false, "nhom": "g", "hieuLucTu": "2000-01-31",
			 "hieuLucDen": "2025-07-01", "keThua": "9"},
			{"ma": "2", "ten": "Hai", "xacNhan": true, "biDanhCua": "1"},
			{"ma": "3", "ten": "Ba", "xacNhan": null}
		]}`))
	if err != nil {
		t.Fatal(err)
	}
	if l.Source != "n" || l.Description != "m" || l.SuccessorList != "U" {
		t.Errorf("header %+v", l)
	}
	want := codelist.Entry{
		Code: "1", Name: "Một", Group: "g",
		ValidFrom:  time.Date(2000, 1, 31, 0, 0, 0, 0, time.UTC),
		ValidUntil: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
		Successor:  "9",
	}
	if e := mustLookup(t, l, "1"); e != want {
		t.Errorf("1 = %+v\nwant %+v", e, want)
	}
	if e := mustLookup(t, l, "2"); !e.Confirmed || e.AliasOf != "1" {
		t.Errorf("2 = %+v", e)
	}
	if e := mustLookup(t, l, "3"); !e.Confirmed {
		t.Errorf("3 = %+v: xacNhan null must read as absent", e)
	}
	var codes []string
	for e := range l.All() {
		codes = append(codes, e.Code)
		if e.Code == "2" {
			break // All must stop when asked to
		}
	}
	if strings.Join(codes, ",") != "1,2" {
		t.Errorf("All = %v", codes)
	}
}

func TestLoadEmpty(t *testing.T) {
	for _, in := range []string{`{"ten":"X","muc":[]}`, `{"ten":"X"}`, `{"ten":"X","muc":null}`} {
		l, err := codelist.Load(strings.NewReader(in))
		if err != nil || l.Len() != 0 {
			t.Errorf("Load(%s) = %v, %v; want an empty list", in, l, err)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	entry := func(fields string) string { return `{"ten":"X","muc":[{"ma":"A","ten":"B"},{` + fields + `}]}` }
	tests := []struct {
		name  string
		in    string
		index int
		field string
		code  string
		msg   string // in Error()
	}{
		{"syntax", `{"ten":"X",`, -1, "", "", "invalid JSON at byte"},
		{"trailing data", `{"ten":"X"} {}`, -1, "", "", "invalid JSON"},
		{"not an object", `["ten"]`, -1, "", "", "wrong JSON type: array"},
		{"null", `null`, -1, "", "", "not a JSON object"},
		{"unknown field", `{"ten":"X","tenn":"Y"}`, -1, "tenn", "", "tenn: malformed code list: unknown field"},
		{"wrong case is unknown", `{"Ten":"X"}`, -1, "Ten", "", "unknown field"},
		{"ten missing", `{"phienBan":"1","muc":[]}`, -1, "ten", "", "ten: malformed code list: missing"},
		{"ten empty", `{"ten":""}`, -1, "ten", "", "missing"},
		{"ten a number", `{"ten":5}`, -1, "ten", "", "ten: malformed code list: wrong JSON type: number"},
		{"muc an object", `{"ten":"X","muc":{}}`, -1, "muc", "", "muc: malformed"},
		{"entry not an object", `{"ten":"X","muc":[{"ma":"A","ten":"B"},7]}`, 1, "", "", "X: muc[1]: malformed code list: not a JSON object"},
		{"entry null", `{"ten":"X","muc":[null]}`, 0, "", "", "muc[0]: malformed"},
		{"entry unknown field", entry(`"ma":"C","ten":"D","nhomm":"x"`), 1, "nhomm", "C", `muc[1].nhomm: code "C": malformed code list: unknown field`},
		{"code a number", entry(`"ma":1,"ten":"D"`), 1, "ma", "", "muc[1].ma: malformed code list: wrong JSON type: number"},
		{"code missing", entry(`"ten":"D"`), 1, "ma", "", "muc[1].ma: malformed code list: missing"},
		{"duplicate code", entry(`"ma":"A","ten":"D"`), 1, "ma", "A", `muc[1].ma: code "A": malformed code list: duplicate of muc[0]`},
		{"name missing", entry(`"ma":"C"`), 1, "ten", "C", "muc[1].ten"},
		{"xacNhan a string", entry(`"ma":"C","ten":"D","xacNhan":"false"`), 1, "xacNhan", "C", "muc[1].xacNhan"},
		{"bad date", entry(`"ma":"C","ten":"D","hieuLucTu":"2025-13-01"`), 1, "hieuLucTu", "C", `want a date YYYY-MM-DD, got "2025-13-01"`},
		{"date with time", entry(`"ma":"C","ten":"D","hieuLucDen":"2025-07-01T00:00:00Z"`), 1, "hieuLucDen", "C", "muc[1].hieuLucDen"},
		{"short date", entry(`"ma":"C","ten":"D","hieuLucDen":"2025-7-01"`), 1, "hieuLucDen", "C", "muc[1].hieuLucDen"},
		{"dates out of order", entry(`"ma":"C","ten":"D","hieuLucTu":"2025-07-01","hieuLucDen":"2025-07-01"`), 1, "hieuLucDen", "C", "not after hieuLucTu"},
		{"keThua without list", entry(`"ma":"C","ten":"D","keThua":"01"`), 1, "keThua", "C", "without danhMucKeThua"},
		{"keThua unknown in own list", `{"ten":"X","danhMucKeThua":"X","muc":[{"ma":"A","ten":"B","keThua":"Z"}]}`, 0, "keThua", "A", `unknown code "Z"`},
		{"alias of unknown code", entry(`"ma":"99","ten":"D","biDanhCua":"77"`), 1, "biDanhCua", "99", `muc[1].biDanhCua: code "99": malformed code list: alias of unknown code "77"`},
		{"alias of itself", entry(`"ma":"C","ten":"D","biDanhCua":"C"`), 1, "biDanhCua", "C", "alias of itself"},
		{"alias of an alias", `{"ten":"X","muc":[{"ma":"A","ten":"B"},{"ma":"C","ten":"D","biDanhCua":"A"},{"ma":"E","ten":"F","biDanhCua":"C"}]}`, 2, "biDanhCua", "E", "itself an alias"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := codelist.Load(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("Load(%s) = %+v, want an error", tt.in, l)
			}
			if !errors.Is(err, codelist.ErrMalformedList) {
				t.Errorf("error %v is not ErrMalformedList", err)
			}
			e, ok := errors.AsType[*codelist.Error](err)
			if !ok {
				t.Fatalf("error %T is not *codelist.Error", err)
			}
			if e.Index != tt.index || e.Field != tt.field || e.Code != tt.code {
				t.Errorf("error at index %d, field %q, code %q; want %d, %q, %q", e.Index, e.Field, e.Code, tt.index, tt.field, tt.code)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
		})
	}
}

// spaces is an endless reader of JSON whitespace.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestLoadTooLarge(t *testing.T) {
	_, err := codelist.Load(io.MultiReader(strings.NewReader(`{"ten":"X"}`), spaces{}))
	if !errors.Is(err, codelist.ErrTooLarge) {
		t.Fatalf("error = %v, want ErrTooLarge", err)
	}
	// Exactly MaxSize bytes is still read.
	in := `{"ten":"X"}`
	in += strings.Repeat(" ", codelist.MaxSize-len(in))
	if _, err := codelist.Load(strings.NewReader(in)); err != nil {
		t.Errorf("MaxSize bytes: %v", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("boom") }

func TestLoadReadError(t *testing.T) {
	if _, err := codelist.Load(failingReader{}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("error = %v", err)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "Bad.json")
	if err := os.WriteFile(bad, []byte(`{"ten":"Bad","muc":[{"ma":"A"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := codelist.LoadFile(bad)
	e, ok := errors.AsType[*codelist.Error](err)
	if !ok || e.File != bad || e.List != "Bad" || e.Index != 0 || e.Field != "ten" {
		t.Fatalf("error = %#v", err)
	}
	if !strings.HasPrefix(err.Error(), "codelist: "+bad+": muc[0].ten") {
		t.Errorf("error = %q", err)
	}
	if _, err := codelist.LoadFile(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error = %v", err)
	}
}

// FuzzLoad checks that Load never panics, fails only with its own errors,
// and that a list it accepts survives MarshalJSON and Load unchanged.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("data/*.json")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		l, err := codelist.Load(bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, codelist.ErrMalformedList) && !errors.Is(err, codelist.ErrTooLarge) {
				t.Fatalf("unexpected error %v", err)
			}
			if _, ok := errors.AsType[*codelist.Error](err); !ok {
				t.Fatalf("error %T is not *codelist.Error", err)
			}
			return
		}
		out, err := json.Marshal(l)
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		back, err := codelist.Load(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("reloading %s: %v", out, err)
		}
		assertEqualLists(t, back, l)
	})
}
