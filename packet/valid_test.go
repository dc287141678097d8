package packet_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

var updateValid = flag.Bool("update-valid", false, "rewrite testdata/valid from the generator")

// testdata/valid holds a valid packet of every kind in JSON and XML, made
// by the generator; each validates with no finding, and the JSON and XML
// of one packet decode to the same model.
func TestValidPacketsOfEveryKind(t *testing.T) {
	dir := filepath.Join("testdata", "valid")
	v, err := packet.NewValidator(packet.WithClock(genClock))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range packet.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			if *updateValid {
				p := packettest.New(packettest.Options{Seed: 356}).Packet(kind, 3)
				for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
					var b bytes.Buffer
					if err := p.Encode(&b, f); err != nil {
						t.Fatal(err)
					}
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, string(kind)+"."+f.String()), b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			var canon [2]string
			for i, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
				b, err := os.ReadFile(filepath.Join(dir, string(kind)+"."+f.String()))
				if err != nil {
					t.Fatalf("%v (run go test ./packet -run TestValidPacketsOfEveryKind -update-valid)", err)
				}
				rep, err := v.Validate(context.Background(), bytes.NewReader(b))
				if err != nil || len(rep.Findings) > 0 {
					t.Errorf("%s.%s: %v %v", kind, f, err, rep.Findings)
				}
				p, _, err := packet.Decode(bytes.NewReader(b), f, packet.Limits{})
				if err != nil {
					t.Fatal(err)
				}
				var out bytes.Buffer
				if err := p.Encode(&out, packet.FormatJSON); err != nil {
					t.Fatal(err)
				}
				canon[i] = out.String()
			}
			if canon[0] != canon[1] {
				t.Errorf("%s: JSON and XML decode to different packets:\n%s\n%s", kind, canon[0], canon[1])
			}
		})
	}
}

// FuzzValidate feeds the validator anything: it must report findings or an
// error, never panic or hang.
func FuzzValidate(f *testing.F) {
	for _, name := range []string{"spec/hoso.json", "spec/hoso.xml", "spec/biendong.json", "spec/phanhoi.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	v, err := packet.NewValidator(packet.WithClock(genClock), packet.WithLimits(packet.Limits{MaxBytes: 1 << 20, MaxRecords: 50}))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rep, err := v.Validate(context.Background(), bytes.NewReader(b))
		if err != nil {
			t.Fatalf("error %v: malformed input must give findings", err)
		}
		for _, fd := range rep.Findings {
			if _, ok := packet.LookupRule(fd.Rule); !ok || fd.MessageVI == "" {
				t.Fatalf("finding %+v: unknown rule or no message", fd)
			}
		}
	})
}
