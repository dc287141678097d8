package quality_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/quality"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestWriteHTMLGolden renders the report of a packet with every defect and
// compares it with testdata/report.golden.html (go test ./quality -run
// TestWriteHTMLGolden -update rewrites it).
func TestWriteHTMLGolden(t *testing.T) {
	rep := check(t, checker(t, false), defective(t, packet.FormatJSON, "", 24))
	var buf bytes.Buffer
	if err := quality.WriteHTML(&buf, rep, quality.HTMLOptions{Source: "hoso.json"}); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden.html")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("the report differs from %s; rerun with -update and review the diff", golden)
	}
}

// TestWriteHTMLSelfContained checks that the report fetches nothing: no
// script, stylesheet, image or font from anywhere, and that it is
// well-formed enough for an XML reader once its doctype is off.
func TestWriteHTMLSelfContained(t *testing.T) {
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		rep := check(t, checker(t, false), defective(t, f, "", 30))
		var buf bytes.Buffer
		if err := quality.WriteHTML(&buf, rep, quality.HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		doc := buf.String()
		for _, bad := range []string{"<script", "<link", "src=", "url(", "@import", "http://", "https://"} {
			if bad == "http://" {
				doc = strings.ReplaceAll(doc, `xmlns="http://www.w3.org/2000/svg"`, "")
			}
			if strings.Contains(doc, bad) {
				t.Errorf("%v: the report contains %q", f, bad)
			}
		}
		for _, want := range []string{`id="rules"`, `id="persons"`, `id="fields"`, `id="units"`, `id="clean-share"`, `<svg`, `R-LUONG-002`} {
			if !strings.Contains(doc, want) {
				t.Errorf("%v: the report lacks %s", f, want)
			}
		}
		body := doc[strings.Index(doc, "<html"):]
		body = strings.NewReplacer("<meta charset=\"utf-8\">", "", `<meta name="viewport" content="width=device-width, initial-scale=1">`, "").Replace(body)
		body = strings.ReplaceAll(body, `<input type="checkbox" id="lang-en">`, "")
		d := xml.NewDecoder(strings.NewReader(body))
		d.Strict = true
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%v: the report is not well formed: %v", f, err)
				}
				break
			}
		}
	}
}

// TestWriteHTMLClean reports a packet without findings.
func TestWriteHTMLClean(t *testing.T) {
	g := packettest.New(packettest.Options{Seed: 2})
	var b bytes.Buffer
	if err := g.Packet(packet.KindProfiles, 3).Encode(&b, packet.FormatXML); err != nil {
		t.Fatal(err)
	}
	rep := check(t, checker(t, false), b.Bytes())
	var buf bytes.Buffer
	if err := quality.WriteView(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Không có vi phạm.") || strings.Contains(buf.String(), "<html") {
		t.Errorf("view of a clean packet:\n%s", buf.String())
	}
}
