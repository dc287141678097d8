package packet

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// A record type of a made-up format history: B was dropped after 1.0, C
// came with 2.0, and D holds a value with a member of 1.0 only.
type histItem struct {
	A string `json:"A"`
	B string `json:"B,omitempty" v:"1"`
}

type histRecord struct {
	X string     `json:"X"`
	D histItem   `json:"D"`
	E []histItem `json:"E,omitempty"`
	C string     `json:"C,omitempty" v:"2-"`
}

// TestVersionedValues: which pointers and values a version has comes from
// the v tags, at any depth.
func TestVersionedValues(t *testing.T) {
	ti := describe(reflect.TypeFor[histRecord](), map[reflect.Type]*typeInfo{})
	for _, tc := range []struct {
		pointer string
		major   int
		want    bool
	}{
		{"/X", 2, true}, {"/D/A", 2, true}, {"/D/B", 1, true}, {"/D/B", 2, false},
		{"/E/3/B", 2, false}, {"/E/3/A", 2, true}, {"/C", 1, false}, {"/C", 2, true},
		{"/Khac", 2, true}, // names no member: the validator's (R-BD-001)
	} {
		if got := pointerIn(ti, tc.pointer, tc.major); got != tc.want {
			t.Errorf("pointerIn(%s, %d) = %v", tc.pointer, tc.major, got)
		}
	}
	d, _ := ti.field("D")
	e, _ := ti.field("E")
	for _, tc := range []struct {
		f     *field
		value string
		want  bool
	}{
		{d, `{"A":"a"}`, true},
		{d, `{"A":"a","B":"b"}`, false},
		{e, `[{"A":"a"},{"B":"b"}]`, false},
		{e, `[{"A":"a"}]`, true},
		{e, `not json`, true}, // the validator's (R-BD-002)
	} {
		if got := valuesIn(tc.f, [][]byte{nil, []byte(tc.value)}, 2); got != tc.want {
			t.Errorf("valuesIn(%s, %s) = %v", tc.f.name, tc.value, got)
		}
	}
	// Members dropped at any depth, and listed.
	m := &migration{to: &formatVersion{major: 2, name: "2.0"}, rep: &MigrationReport{byName: map[string]int{}}}
	rec := histRecord{X: "x", D: histItem{A: "a", B: "b"}, E: []histItem{{A: "a"}, {A: "a", B: "b2"}}}
	m.dropMembers(reflect.ValueOf(&rec).Elem(), ti, "/DuLieu/0")
	if rec.D.B != "" || rec.E[1].B != "" || rec.X != "x" || rec.E[1].A != "a" {
		t.Errorf("after dropping: %+v", rec)
	}
	var got []string
	for _, dv := range m.rep.Dropped {
		got = append(got, dv.Pointer+"="+string(dv.Value))
	}
	if want := "/DuLieu/0/D/B=\"b\" /DuLieu/0/E/1/B=\"b2\""; strings.Join(got, " ") != want {
		t.Errorf("dropped %v, want %s", got, want)
	}
}

var fuzzID = uuid.MustParse("0195f3a2-7c00-7d00-8e00-000000000002")

// fuzzClock is the time the fuzz target validates at.
func fuzzClock() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, vietnam) }

// FuzzMigrate: Migrate never panics; what it migrates decodes, is of the
// current version, has no member of another version, no R-HDR-006, and
// is refused if migrated again; what it refuses it refuses with an error
// that says why.
func FuzzMigrate(f *testing.F) {
	f.Add([]byte(`{"ThongTinGoiTin":{"PhienBan":"1.0"},"DuLieu":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxBytes: 1 << 20, MaxRecords: 100, MaxStringLen: 4096, MaxElements: 10000}
		var out bytes.Buffer
		rep, err := Migrate(context.Background(), &out, bytes.NewReader(data), MigrateLimits(lim), MigratePacketID(fuzzID))
		if err != nil {
			var me *MigrationError
			if errors.Is(err, ErrPanic) || !errors.As(err, &me) {
				t.Fatalf("error %v (%T)", err, err)
			}
			return
		}
		if _, _, err := Decode(bytes.NewReader(out.Bytes()), FormatAuto, lim); err != nil {
			t.Fatalf("the migrated packet does not decode: %v\n%s", err, out.Bytes())
		}
		v, err := NewValidator(WithClock(fuzzClock), WithLimits(lim))
		if err != nil {
			t.Fatal(err)
		}
		vr, err := v.Validate(context.Background(), bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if vr.Header == nil || vr.Header.Version != Version || vr.Records != rep.Records {
			t.Fatalf("header %+v, %d records, report %+v", vr.Header, vr.Records, rep)
		}
		for _, fd := range vr.Findings {
			if fd.Rule == RuleHeaderSuperseded || (fd.Rule == RuleSchema && versionedField(fd.Pointer) != nil) {
				t.Fatalf("the migrated packet has %v\n%s", fd, out.Bytes())
			}
		}
		for _, dv := range rep.Dropped {
			if versionedFields()[dv.Name] == nil && dv.Name != "ThayDoi" && dv.Name != "ChenhLech" {
				t.Fatalf("dropped %+v, a member every version has", dv)
			}
		}
		if _, err := Migrate(context.Background(), &bytes.Buffer{}, bytes.NewReader(out.Bytes())); !errors.Is(err, ErrCurrentVersion) {
			t.Fatalf("migrating the migrated packet again: %v", err)
		}
	})
}
