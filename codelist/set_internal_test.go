package codelist

import (
	"errors"
	"testing"
)

// parseTrusted, which reads the embedded files, applies the checks of parse
// to the entries, so that a fault in an embedded file still fails Default.
func TestParseTrustedChecks(t *testing.T) {
	for _, in := range []string{
		`{"ten":"X","muc":[{"ma":"A","ten":"B"},{"ma":"A","ten":"C"}]}`,
		`{"ten":"X","muc":[{"ma":"A"}]}`,
		`{"ten":"X","muc":[{"ten":"B"}]}`,
		`{"ten":"X","muc":[{"ma":"A","ten":"B","hieuLucTu":"2025-13-01"}]}`,
		`{"ten":"X","muc":[{"ma":"A","ten":"B","biDanhCua":"Z"}]}`,
		`{"ten":"X","muc":[{"ma":"A","ten":"B","keThua":"Z"}]}`,
		`{"muc":[]}`,
		`{"ten":"X","muc":{}}`,
	} {
		if l, err := parseTrusted([]byte(in)); !errors.Is(err, ErrMalformedList) || l != nil {
			t.Errorf("parseTrusted(%s) = %v, %v; want ErrMalformedList", in, l, err)
		}
	}
}

// BenchmarkLoadEmbedded measures what the first call of Default costs:
// parsing every embedded file.
func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadEmbedded(); err != nil {
			b.Fatal(err)
		}
	}
}
