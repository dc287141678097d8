package packet_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// Generated packets of every kind, with the ten data groups in format 2.0,
// are valid against the XSD of their version.
func TestGeneratedXMLPassesXSD(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	dir := t.TempDir()
	for _, v := range []struct{ version, xsd string }{{"2.0", "."}, {"1.0", "v1"}} {
		for _, kind := range packet.Kinds() {
			p := packettest.New(packettest.Options{Seed: 77, Version: v.version}).Packet(kind, 60)
			var b bytes.Buffer
			if err := p.Encode(&b, packet.FormatXML); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, v.version+"-"+string(kind)+".xml")
			if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(xmllint, "--noout", "--schema", filepath.Join("schema", v.xsd, "goitin.xsd"), out)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s %s fails the XSD: %v\n%s", v.version, kind, err, msg)
			}
		}
	}
}
