package packet

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func decodeFile(t *testing.T, path string) *Packet {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, _, err := Decode(f, FormatAuto, Limits{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p
}

func TestSpecExamplesJSONAndXMLAgree(t *testing.T) {
	for _, name := range []string{"hoso", "biendong"} {
		j := decodeFile(t, filepath.Join("testdata", "spec", name+".json"))
		x := decodeFile(t, filepath.Join("testdata", "spec", name+".xml"))
		if diff := cmp.Diff(mustJSON(t, j), mustJSON(t, x)); diff != "" {
			t.Errorf("%s: JSON and XML decode differently (-json +xml):\n%s", name, diff)
		}
	}
}

func mustJSON(t *testing.T, p *Packet) string {
	t.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b, FormatJSON); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func mustXML(t *testing.T, p *Packet) string {
	t.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b, FormatXML); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// JSON -> model -> XML -> model -> JSON gives back the same packet.
func TestRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "spec", "*.json"))
	if len(files) == 0 {
		t.Fatal("no example packets")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			p := decodeFile(t, path)
			j1 := mustJSON(t, p)
			x := mustXML(t, p)
			q, _, err := Decode(strings.NewReader(x), FormatXML, Limits{})
			if err != nil {
				t.Fatalf("decoding our XML: %v\n%s", err, x)
			}
			if diff := cmp.Diff(j1, mustJSON(t, q)); diff != "" {
				t.Errorf("JSON -> XML -> JSON differs:\n%s", diff)
			}
			r, _, err := Decode(strings.NewReader(j1), FormatJSON, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(j1, mustJSON(t, r)); diff != "" {
				t.Errorf("JSON -> JSON differs:\n%s", diff)
			}
		})
	}
}
