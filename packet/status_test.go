package packet

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/packet/schema"
)

// The typed statuses are the values the published schemas enumerate, and
// the sources the values of code list Nguon: a value added on one side
// and not the other fails here.
func TestStatusesAreTheSchemas(t *testing.T) {
	tests := []struct {
		file string
		path []string
		want []string
	}{
		{"goitin.schema.json", []string{"$defs", "ThongTinGoiTin", "properties", "TrangThaiGoiTin"},
			strs(StateReceived, StateProcessed, StateRejected)},
		{"ketquaxuly.schema.json", []string{"properties", "TrangThai"}, strs(RecordOK, RecordError, RecordWarning)},
		{"ketquadoikhop.schema.json", []string{"properties", "TrangThai"}, strs(MatchOK, MatchDiffers, MatchNotFound)},
	}
	for _, tt := range tests {
		b, err := schema.FS.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		var node any
		if err := json.Unmarshal(b, &node); err != nil {
			t.Fatal(err)
		}
		for _, k := range tt.path {
			m, _ := node.(map[string]any)
			node = m[k]
		}
		m, _ := node.(map[string]any)
		var got []string
		for _, v := range asSlice(m["enum"]) {
			s, _ := v.(string)
			got = append(got, s)
		}
		slices.Sort(got)
		slices.Sort(tt.want)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s %v enumerates %v; the typed constants are %v", tt.file, tt.path, got, tt.want)
		}
	}
	l, ok := codelist.Default().List(codelist.ListMatchSource)
	if !ok {
		t.Fatal("no code list Nguon")
	}
	var got []string
	for e := range l.All() {
		got = append(got, e.Code)
	}
	want := strs(SourcePopulation, SourceInsurance)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("code list Nguon has %v; the typed sources are %v", got, want)
	}
}

func strs[S ~string](vs ...S) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func TestStatusOf(t *testing.T) {
	warn := Finding{Rule: RuleTextNormal, Severity: SeverityWarning}
	bad := Finding{Rule: RuleCode, Severity: SeverityError}
	for _, tt := range []struct {
		fs   []Finding
		want RecordStatus
	}{
		{nil, RecordOK},
		{[]Finding{warn}, RecordWarning},
		{[]Finding{warn, bad}, RecordError},
		{[]Finding{bad, warn}, RecordError},
	} {
		if got := StatusOf(tt.fs); got != tt.want {
			t.Errorf("StatusOf(%v) = %s, want %s", tt.fs, got, tt.want)
		}
	}
}
